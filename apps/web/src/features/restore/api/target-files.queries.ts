import { TargetListing } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

/** The restore target's own files, read live through its agent. */
export const targetFileKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'target-files'] as const,
  instance: (folderId: string, instanceId: string) => [...targetFileKeys.all(folderId), instanceId] as const,
  listing: (folderId: string, instanceId: string, path: string) => [...targetFileKeys.instance(folderId, instanceId), path] as const,
};

export const targetListingQuery = (folderId: string, instanceId: string, path: string) =>
  queryOptions({
    queryKey: targetFileKeys.listing(folderId, instanceId, path),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/folders/${folderId}/instances/${instanceId}/files`}?${new URLSearchParams({ path }).toString()}`, TargetListing, signal),
    // The server already waited for the agent; an offline agent or a timeout is shown at once, with a retry button.
    retry: false,
    staleTime: 0,
  });
