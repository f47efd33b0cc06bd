import { Instance, type LinkPoliciesRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';
import { policyKeys } from '../../policies/api/policies.queries';
import { instanceKeys } from './instances.queries';

/** A link changes the instance, its connection status, the policy's linked list and the overview counts. */
async function refreshAfterInstanceChange(queryClient: QueryClient, folderId: string, instance: Instance): Promise<void> {
  queryClient.setQueryData(instanceKeys.detail(folderId, instance.id), instance);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: instanceKeys.lists(folderId) }),
    queryClient.invalidateQueries({ queryKey: policyKeys.all(folderId) }),
    queryClient.invalidateQueries({ queryKey: folderKeys.overview(folderId) }),
  ]);
}

type LinkVariables = { instanceId: string; policyId: string };

export function useLinkPolicy(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance, ApiRequestError, LinkVariables>({
    mutationFn: ({ instanceId, policyId }) =>
      apiSend('PUT', apiPath`/folders/${folderId}/instances/${instanceId}/policies/${policyId}`, undefined, Instance),
    onSuccess: (instance) => refreshAfterInstanceChange(queryClient, folderId, instance),
  });
}

export function useUnlinkPolicy(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance, ApiRequestError, LinkVariables>({
    mutationFn: ({ instanceId, policyId }) =>
      apiSend('DELETE', apiPath`/folders/${folderId}/instances/${instanceId}/policies/${policyId}`, undefined, Instance),
    onSuccess: (instance) => refreshAfterInstanceChange(queryClient, folderId, instance),
  });
}

/** Links several policies in one request; the server refuses all of them when the instance would pass a limit. */
export function useLinkInstancePolicies(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance, ApiRequestError, { instanceId: string } & LinkPoliciesRequest>({
    mutationFn: ({ instanceId, policyIds }) =>
      apiSend('POST', apiPath`/folders/${folderId}/instances/${instanceId}/policies`, { policyIds } satisfies LinkPoliciesRequest, Instance),
    onSuccess: (instance) => refreshAfterInstanceChange(queryClient, folderId, instance),
  });
}

/** Links several policies one after another; stops at the first refusal (e.g. a quota limit). */
export function useLinkPolicies(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance | null, ApiRequestError, { instanceId: string; policyIds: readonly string[] }>({
    mutationFn: async ({ instanceId, policyIds }) => {
      let last: Instance | null = null;
      for (const policyId of policyIds) {
        last = await apiSend('PUT', apiPath`/folders/${folderId}/instances/${instanceId}/policies/${policyId}`, undefined, Instance);
      }
      return last;
    },
    onSettled: async (instance, _error, { instanceId }) => {
      if (instance) await refreshAfterInstanceChange(queryClient, folderId, instance);
      else await queryClient.invalidateQueries({ queryKey: instanceKeys.detail(folderId, instanceId) });
    },
  });
}

export function useRemoveInstance(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance, ApiRequestError, { instanceId: string }>({
    mutationFn: ({ instanceId }) => apiSend('DELETE', apiPath`/folders/${folderId}/instances/${instanceId}`, undefined, Instance),
    onSuccess: (instance) => refreshAfterInstanceChange(queryClient, folderId, instance),
  });
}

/**
 * Asks for a new agent credential. The server only marks the rotation pending; the agent swaps its
 * credential on its next heartbeat, and the live instance events bring the finished state.
 */
export function useRotateCredential(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance, ApiRequestError, { instanceId: string }>({
    mutationFn: ({ instanceId }) => apiSend('POST', apiPath`/folders/${folderId}/instances/${instanceId}/credential-rotation`, undefined, Instance),
    onSuccess: (instance) => queryClient.setQueryData(instanceKeys.detail(folderId, instance.id), instance),
  });
}
