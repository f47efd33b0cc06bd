import { User, type CreateUserRequest, type ResetPasswordRequest, type UpdateUserRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { userKeys } from './users.queries';

function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: userKeys.all });
}

export function useCreateUser() {
  const refresh = useRefreshUsers();
  return useMutation<User, ApiRequestError, CreateUserRequest>({
    mutationFn: (body) => apiSend('POST', '/admin/users', body, User),
    onSuccess: () => refresh(),
  });
}

/** Disables or enables an account; disabling ends its sessions at once. */
export function useSetUserDisabled() {
  const refresh = useRefreshUsers();
  return useMutation<User, ApiRequestError, { userId: string } & UpdateUserRequest>({
    mutationFn: ({ userId, disabled }) => apiSend('PATCH', apiPath`/admin/users/${userId}`, { disabled } satisfies UpdateUserRequest, User),
    onSuccess: () => refresh(),
  });
}

/** Sets a new initial password; the user must change it at the next sign-in. */
export function useResetPassword() {
  const refresh = useRefreshUsers();
  return useMutation<User, ApiRequestError, { userId: string } & ResetPasswordRequest>({
    mutationFn: ({ userId, newPassword }) => apiSend('POST', apiPath`/admin/users/${userId}/password`, { newPassword } satisfies ResetPasswordRequest, User),
    onSuccess: () => refresh(),
  });
}
