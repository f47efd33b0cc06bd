import { Me, type ChangePasswordRequest, type SignInRequest } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend, type ApiRequestError } from '../../../lib/api-client';
import { authKeys } from './auth.queries';

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation<Me, ApiRequestError, SignInRequest>({
    mutationFn: (body) => apiSend('POST', '/auth/sign-in', body, Me),
    onSuccess: (me) => {
      // Another user may have used this tab before: nothing cached may leak across sessions.
      queryClient.clear();
      queryClient.setQueryData(authKeys.me(), me);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiRequestError, void>({
    mutationFn: () => apiSend('POST', '/auth/sign-out', undefined, null),
    onSettled: () => queryClient.clear(),
  });
}

/** Answers the updated Me; the server ends the user's other sessions, this one stays. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation<Me, ApiRequestError, ChangePasswordRequest>({
    mutationFn: (body) => apiSend('POST', '/auth/password', body, Me),
    onSuccess: async (me) => {
      queryClient.setQueryData(authKeys.me(), me);
      // Refetch so the flag the redirect reads comes from the server, not from our guess.
      await queryClient.invalidateQueries({ queryKey: authKeys.me() });
    },
  });
}
