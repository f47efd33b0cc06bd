import { Folder, FolderOverview, listOf } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';

/** Every folder-scoped key starts with `scope(folderId)`, so one folder can be refreshed at once. */
export const folderKeys = {
  all: ['folders'] as const,
  list: () => [...folderKeys.all, 'list'] as const,
  scope: (folderId: string) => [...folderKeys.all, 'scope', folderId] as const,
  detail: (folderId: string) => [...folderKeys.scope(folderId), 'detail'] as const,
  overview: (folderId: string) => [...folderKeys.scope(folderId), 'overview'] as const,
};

export const folderListQuery = () =>
  queryOptions({
    queryKey: folderKeys.list(),
    queryFn: ({ signal }) => apiGet('/folders', listOf(Folder), signal),
    select: (data) => data.items,
  });

export const folderQuery = (folderId: string) =>
  queryOptions({
    queryKey: folderKeys.detail(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}`, Folder, signal),
  });

export const folderOverviewQuery = (folderId: string) =>
  queryOptions({
    queryKey: folderKeys.overview(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/overview`, FolderOverview, signal),
  });
