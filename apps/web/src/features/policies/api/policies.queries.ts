import { LinkUsage, Policy, PolicySummary, RetentionPreview, listOf, type Retention, type RetentionPreviewRequest } from '@cloud-backup/domain';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath, apiSend } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export const policyKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'policies'] as const,
  list: (folderId: string) => [...policyKeys.all(folderId), 'list'] as const,
  detail: (folderId: string, policyId: string) => [...policyKeys.all(folderId), 'detail', policyId] as const,
  retentionPreview: (folderId: string, policyId: string, retention: Retention) =>
    [...policyKeys.detail(folderId, policyId), 'retention-preview', retention] as const,
  /** Under `all` so every link, unlink and delete (which all invalidate `all`) refreshes the quota use. */
  linkUsage: (folderId: string) => [...policyKeys.all(folderId), 'link-usage'] as const,
};

export const policyListQuery = (folderId: string) =>
  queryOptions({
    queryKey: policyKeys.list(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/policies`, listOf(PolicySummary), signal),
    select: (data) => data.items,
  });

export const policyQuery = (folderId: string, policyId: string) =>
  queryOptions({
    queryKey: policyKeys.detail(folderId, policyId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/policies/${policyId}`, Policy, signal),
  });

/**
 * Which existing backups `retention` would delete now. A POST because the rules travel in the body, but
 * it changes nothing, so it is a query: cached per rule set, and the previous answer stays on screen
 * while the next one loads.
 */
export const retentionPreviewQuery = (folderId: string, policyId: string, retention: Retention) =>
  queryOptions({
    queryKey: policyKeys.retentionPreview(folderId, policyId, retention),
    queryFn: () =>
      apiSend('POST', apiPath`/folders/${folderId}/policies/${policyId}/retention-preview`, { retention } satisfies RetentionPreviewRequest, RetentionPreview),
    placeholderData: keepPreviousData,
  });

export const linkUsageQuery = (folderId: string) =>
  queryOptions({
    queryKey: policyKeys.linkUsage(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/link-usage`, LinkUsage, signal),
  });
