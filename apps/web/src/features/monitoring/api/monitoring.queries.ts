import { FolderHealth, FolderQuotas, MonitoringSeries, type MonitoringRange } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export const monitoringKeys = {
  health: (folderId: string) => [...folderKeys.scope(folderId), 'health'] as const,
  series: (folderId: string, range: MonitoringRange, instanceId: string | null) =>
    [...folderKeys.scope(folderId), 'monitoring', range, instanceId ?? 'folder'] as const,
  quotas: (folderId: string) => [...folderKeys.scope(folderId), 'quotas'] as const,
};

/** Health drifts with time (at-risk ages, agents going quiet) even without events: re-read each minute. */
const HEALTH_REFRESH_MS = 60_000;

export const folderHealthQuery = (folderId: string) =>
  queryOptions({
    queryKey: monitoringKeys.health(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/health`, FolderHealth, signal),
    refetchInterval: HEALTH_REFRESH_MS,
  });

export function monitoringPath(folderId: string, range: MonitoringRange, instanceId: string | null): string {
  const search = new URLSearchParams({ range });
  if (instanceId) search.set('instanceId', instanceId);
  return `${apiPath`/folders/${folderId}/monitoring`}?${search.toString()}`;
}

export const monitoringSeriesQuery = (folderId: string, range: MonitoringRange, instanceId: string | null) =>
  queryOptions({
    queryKey: monitoringKeys.series(folderId, range, instanceId),
    queryFn: ({ signal }) => apiGet(monitoringPath(folderId, range, instanceId), MonitoringSeries, signal),
    // New samples land every bucket; the shortest bucket is a minute.
    refetchInterval: range === 'hour' ? 60_000 : 5 * 60_000,
  });

export const folderQuotasQuery = (folderId: string) =>
  queryOptions({
    queryKey: monitoringKeys.quotas(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/quotas`, FolderQuotas, signal),
  });
