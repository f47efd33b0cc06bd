import { Me } from '@cloud-backup/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

export const meQuery = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => apiGet('/auth/me', Me, signal),
    staleTime: 5 * 60_000,
  });

/** The signed-in user's role in a folder, or null when the folder is not theirs. */
export function useFolderRole(folderId: string) {
  const { data } = useQuery(meQuery());
  return data?.folders.find((f) => f.id === folderId)?.role ?? null;
}
