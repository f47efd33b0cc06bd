import { CreatedRegistrationToken, type CreateRegistrationTokenRequest } from '@cloud-backup/domain';
import { useMutation } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';

/** The secret is only in this answer; the wizard keeps it in memory and never caches it in a query. */
export function useCreateRegistrationToken(folderId: string) {
  return useMutation<CreatedRegistrationToken, ApiRequestError, CreateRegistrationTokenRequest>({
    mutationFn: (body) => apiSend('POST', apiPath`/folders/${folderId}/registration-tokens`, body, CreatedRegistrationToken),
  });
}
