import { Backup, BackupList, StorageUsage, type BackupListQuery } from '@cloud-backup/domain';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

/** Any subset of the list query; what is left out takes the server's default. */
export type BackupListParams = Partial<BackupListQuery>;

export const backupKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'backups'] as const,
  lists: (folderId: string) => [...backupKeys.all(folderId), 'list'] as const,
  list: (folderId: string, params: BackupListParams) => [...backupKeys.lists(folderId), params] as const,
  detail: (folderId: string, backupId: string) => [...backupKeys.all(folderId), 'detail', backupId] as const,
  // Under `all`, so anything that refreshes backups refreshes the storage they use too.
  storage: (folderId: string) => [...backupKeys.all(folderId), 'storage'] as const,
};

/** Fallback for a running backup when the event stream is unavailable. */
export const RUNNING_BACKUP_POLL_MS = 2_000;

const PARAM_ORDER = ['instanceId', 'policyId', 'type', 'status', 'from', 'to', 'sort', 'order', 'limit', 'offset'] as const;

export function backupListPath(folderId: string, params: BackupListParams): string {
  const search = new URLSearchParams();
  for (const name of PARAM_ORDER) {
    const value = params[name];
    if (value !== undefined) search.set(name, String(value));
  }
  const query = search.toString();
  return `${apiPath`/folders/${folderId}/backups`}${query ? `?${query}` : ''}`;
}

export const backupListQuery = (folderId: string, params: BackupListParams) =>
  queryOptions({
    queryKey: backupKeys.list(folderId, params),
    queryFn: ({ signal }) => apiGet(backupListPath(folderId, params), BackupList, signal),
    // Paging, sorting and filtering keep the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

/** The instance's running backup (or null), for the activity banner of the instance page. */
export const runningBackupQuery = (folderId: string, instanceId: string) => {
  const params: BackupListParams = { instanceId, status: 'running', sort: 'startedAt', order: 'desc', limit: 1 };
  return queryOptions({
    queryKey: backupKeys.list(folderId, params),
    queryFn: ({ signal }) => apiGet(backupListPath(folderId, params), BackupList, signal),
    select: (list) => list.items[0] ?? null,
    refetchInterval: RUNNING_BACKUP_POLL_MS,
  });
};

export const backupQuery = (folderId: string, backupId: string) =>
  queryOptions({
    queryKey: backupKeys.detail(folderId, backupId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/backups/${backupId}`, Backup, signal),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? RUNNING_BACKUP_POLL_MS : false),
  });

export const storageQuery = (folderId: string) =>
  queryOptions({
    queryKey: backupKeys.storage(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/storage`, StorageUsage, signal),
  });
