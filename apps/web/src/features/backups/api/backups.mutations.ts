import { listOf, Operation, type BackupNowRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { instanceKeys } from '../../instances/api/instances.queries';
import { operationKeys } from '../../operations/api/operations.queries';
import { policyKeys } from '../../policies/api/policies.queries';
import { backupKeys } from './backups.queries';

/** A started backup changes the instance's activity, the backup lists and the operations. */
async function refreshAfterBackupStarted(queryClient: QueryClient, folderId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: instanceKeys.all(folderId) }),
    queryClient.invalidateQueries({ queryKey: policyKeys.all(folderId) }),
    queryClient.invalidateQueries({ queryKey: backupKeys.lists(folderId) }),
    queryClient.invalidateQueries({ queryKey: operationKeys.all(folderId) }),
  ]);
}

type BackUpInstanceVariables = BackupNowRequest & { instanceId: string };

/** Back up now from the instance page, under one of the instance's linked policies. */
export function useBackUpInstanceNow(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Operation, ApiRequestError, BackUpInstanceVariables>({
    mutationFn: ({ instanceId, policyId }) =>
      apiSend('POST', apiPath`/folders/${folderId}/instances/${instanceId}/backups`, { policyId } satisfies BackupNowRequest, Operation),
    onSuccess: () => refreshAfterBackupStarted(queryClient, folderId),
  });
}

/** Back up now from the policy page: one backup per linked instance. */
export function useBackUpPolicyNow(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Operation[], ApiRequestError, { policyId: string }>({
    mutationFn: async ({ policyId }) => (await apiSend('POST', apiPath`/folders/${folderId}/policies/${policyId}/backups`, undefined, listOf(Operation))).items,
    onSuccess: () => refreshAfterBackupStarted(queryClient, folderId),
  });
}

export function useDeleteBackup(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Operation, ApiRequestError, { backupId: string }>({
    mutationFn: ({ backupId }) => apiSend('DELETE', apiPath`/folders/${folderId}/backups/${backupId}`, undefined, Operation),
    // Not the detail: the page that deleted it navigates away, and a refetch would only answer 404.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: backupKeys.lists(folderId) }),
        queryClient.invalidateQueries({ queryKey: backupKeys.storage(folderId) }),
        queryClient.invalidateQueries({ queryKey: operationKeys.all(folderId) }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.all(folderId) }),
      ]),
  });
}

/** Starts a verify operation; its result arrives on the operation (`verify`) once it finishes. */
export function useVerifyBackup(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Operation, ApiRequestError, { backupId: string }>({
    mutationFn: ({ backupId }) => apiSend('POST', apiPath`/folders/${folderId}/backups/${backupId}/verify`, undefined, Operation),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operationKeys.lists(folderId) }),
  });
}
