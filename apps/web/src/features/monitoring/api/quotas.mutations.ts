import { FolderQuotas, type UpdateLimitsRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';
import { monitoringKeys } from './monitoring.queries';

/** Installation admins only: sets the folder's own limits (SPEC §6). */
export function useUpdateLimits(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<FolderQuotas, ApiRequestError, UpdateLimitsRequest>({
    mutationFn: (limits) => apiSend('PUT', apiPath`/folders/${folderId}/quotas`, limits, FolderQuotas),
    onSuccess: (quotas) => {
      queryClient.setQueryData(monitoringKeys.quotas(folderId), quotas);
      // Link limits show up on the policy and instance pages too.
      return queryClient.invalidateQueries({ queryKey: folderKeys.scope(folderId) });
    },
  });
}
