import { Folder, type ActivationRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { folderKeys } from './folders.queries';

export function useActivateFolder(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Folder, ApiRequestError, ActivationRequest>({
    mutationFn: (body) => apiSend('POST', apiPath`/folders/${folderId}/activation`, body, Folder),
    onSuccess: async (folder) => {
      queryClient.setQueryData(folderKeys.detail(folderId), folder);
      // Everything in the folder was answering folder_not_active until now.
      await queryClient.invalidateQueries({ queryKey: folderKeys.scope(folderId) });
    },
  });
}
