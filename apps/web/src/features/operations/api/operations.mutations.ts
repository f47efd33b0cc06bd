import { Operation } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { backupKeys } from '../../backups/api/backups.queries';
import { instanceKeys } from '../../instances/api/instances.queries';
import { operationKeys } from './operations.queries';

/** Asks the agent to stop a queued or running backup or restore; the operation ends as `cancelled`. */
export function useCancelOperation(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Operation, ApiRequestError, { operationId: string }>({
    mutationFn: ({ operationId }) => apiSend('POST', apiPath`/folders/${folderId}/operations/${operationId}/cancel`, undefined, Operation),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: operationKeys.all(folderId) }),
        queryClient.invalidateQueries({ queryKey: backupKeys.lists(folderId) }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.all(folderId) }),
      ]),
  });
}
