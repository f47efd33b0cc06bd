import type { LinkInstancesRequest, Policy, PolicyInput } from '@cloud-backup/domain';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';
import { instanceKeys } from '../../instances/api/instances.queries';
import { PolicyResponse, policyKeys } from './policies.queries';

/** The contract says `{ok: true}`; the server also reports how many instances it unlinked. Either will do. */
const Deleted = z.object({ ok: z.boolean().optional(), unlinked: z.number().int().nonnegative().optional() });

/** The answer is the saved policy: it becomes the cached detail, and every list showing policies refreshes. */
async function refreshAfterPolicySaved(queryClient: QueryClient, folderId: string, policy: Policy): Promise<void> {
  queryClient.setQueryData(policyKeys.detail(folderId, policy.id), policy);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: policyKeys.list(folderId) }),
    // Instances show the names of their policies and their next backup time.
    queryClient.invalidateQueries({ queryKey: instanceKeys.all(folderId) }),
  ]);
}

export function useCreatePolicy(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Policy, ApiRequestError, PolicyInput>({
    mutationFn: (input) => apiSend('POST', apiPath`/folders/${folderId}/policies`, input, PolicyResponse),
    onSuccess: (policy) => refreshAfterPolicySaved(queryClient, folderId, policy),
  });
}

export function useUpdatePolicy(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Policy, ApiRequestError, { policyId: string; input: PolicyInput }>({
    mutationFn: ({ policyId, input }) => apiSend('PUT', apiPath`/folders/${folderId}/policies/${policyId}`, input, PolicyResponse),
    onSuccess: (policy) => refreshAfterPolicySaved(queryClient, folderId, policy),
  });
}

/** Deleting unlinks the policy's instances (their backups stay), so instances, quotas and the overview change. */
export function useDeletePolicy(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<z.infer<typeof Deleted>, ApiRequestError, { policyId: string }>({
    mutationFn: ({ policyId }) => apiSend('DELETE', apiPath`/folders/${folderId}/policies/${policyId}`, undefined, Deleted),
    // Not the detail: the page that deleted it navigates away, and a refetch would only answer 404.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: policyKeys.list(folderId) }),
        queryClient.invalidateQueries({ queryKey: policyKeys.linkUsage(folderId) }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.all(folderId) }),
        queryClient.invalidateQueries({ queryKey: folderKeys.overview(folderId) }),
      ]),
  });
}

/** Links several instances at once; the server refuses the whole request when it would pass a limit. */
export function useLinkInstances(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Policy, ApiRequestError, { policyId: string } & LinkInstancesRequest>({
    mutationFn: ({ policyId, instanceIds }) =>
      apiSend('POST', apiPath`/folders/${folderId}/policies/${policyId}/instances`, { instanceIds } satisfies LinkInstancesRequest, PolicyResponse),
    onSuccess: async (policy) => {
      queryClient.setQueryData(policyKeys.detail(folderId, policy.id), policy);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: policyKeys.list(folderId) }),
        queryClient.invalidateQueries({ queryKey: policyKeys.linkUsage(folderId) }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.all(folderId) }),
        queryClient.invalidateQueries({ queryKey: folderKeys.overview(folderId) }),
      ]);
    },
  });
}
