import { CreatedTargetFolder, Operation, type CreateTargetFolderRequest, type RestoreRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { instanceKeys } from '../../instances/api/instances.queries';
import { operationKeys } from '../../operations/api/operations.queries';
import { targetFileKeys } from './target-files.queries';

/** Starts a restore (whole instance or selected items); answers the new operation. */
export function useStartRestore(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Operation, ApiRequestError, { backupId: string; request: RestoreRequest }>({
    mutationFn: ({ backupId, request }) => apiSend('POST', apiPath`/folders/${folderId}/backups/${backupId}/restore`, request, Operation),
    // The target's activity turns to restoring, and the operation lists gain a row.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: operationKeys.lists(folderId) }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.all(folderId) }),
      ]),
  });
}

/** Creates a folder on the restore target, to restore into. */
export function useCreateTargetFolder(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<CreatedTargetFolder, ApiRequestError, { instanceId: string; request: CreateTargetFolderRequest }>({
    mutationFn: ({ instanceId, request }) => apiSend('POST', apiPath`/folders/${folderId}/instances/${instanceId}/files/folders`, request, CreatedTargetFolder),
    onSuccess: (_created, { instanceId, request }) => queryClient.invalidateQueries({ queryKey: targetFileKeys.listing(folderId, instanceId, request.parent) }),
  });
}
