import type { GrantRoleRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { authKeys } from '../../auth/api/auth.queries';
import { accessKeys, GrantList } from './access.queries';

type Grants = z.infer<typeof GrantList>;

/** The answer is the folder's new grant list; the signed-in user's own role may have changed too. */
async function refreshAfterAccessChange(queryClient: QueryClient, folderId: string, grants: Grants): Promise<void> {
  queryClient.setQueryData(accessKeys.grants(folderId), grants);
  await queryClient.invalidateQueries({ queryKey: authKeys.me() });
}

/** Grants a role, or replaces the user's role in the folder. */
export function useGrantRole(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Grants, ApiRequestError, GrantRoleRequest>({
    mutationFn: (body) => apiSend('PUT', apiPath`/folders/${folderId}/access`, body, GrantList),
    onSuccess: (grants) => refreshAfterAccessChange(queryClient, folderId, grants),
  });
}

export function useRevokeRole(folderId: string) {
  const queryClient = useQueryClient();
  return useMutation<Grants, ApiRequestError, { userId: string }>({
    mutationFn: ({ userId }) => apiSend('DELETE', apiPath`/folders/${folderId}/access/${userId}`, undefined, GrantList),
    onSuccess: (grants) => refreshAfterAccessChange(queryClient, folderId, grants),
  });
}
