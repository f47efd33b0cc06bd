import { RegistrationToken } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export const registrationTokenKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'registration-tokens'] as const,
  detail: (folderId: string, tokenId: string) => [...registrationTokenKeys.all(folderId), tokenId] as const,
};

export const REGISTRATION_POLL_MS = 2_000;

/** Polled while the wizard waits: the fallback for when the event stream is unavailable. */
export const registrationTokenQuery = (folderId: string, tokenId: string) =>
  queryOptions({
    queryKey: registrationTokenKeys.detail(folderId, tokenId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/registration-tokens/${tokenId}`, RegistrationToken, signal),
    refetchInterval: (query) => (query.state.data?.state === 'pending' || !query.state.data ? REGISTRATION_POLL_MS : false),
  });
