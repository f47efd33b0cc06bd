import { Folder, type ActivationRequest, type CreateFolderRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { authKeys } from '../../auth/api/auth.queries';
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

/** Installation admins only; the creator becomes the folder's first backup.admin (decision 010). */
export function useCreateFolder() {
  const queryClient = useQueryClient();
  return useMutation<Folder, ApiRequestError, CreateFolderRequest>({
    mutationFn: (body) => apiSend('POST', '/folders', body, Folder),
    onSuccess: async (folder) => {
      queryClient.setQueryData(folderKeys.detail(folder.id), folder);
      // The new membership comes from the server: the picker and the role checks read Me.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: authKeys.me() }),
        queryClient.invalidateQueries({ queryKey: folderKeys.list() }),
      ]);
    },
  });
}
