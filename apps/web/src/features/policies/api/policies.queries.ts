import { LinkUsage, Policy, PolicySettings, PolicySummary, RetentionPreview, listOf, type Retention, type RetentionPreviewRequest } from '@cloud-backup/domain';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
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

/**
 * Policies as the server sends them. The server has checked the time zone against its own (complete) zone
 * database; re-checking it against this browser's Intl would reject the whole answer for a zone the browser
 * lacks, so responses take any zone name and pages show times in UTC for it (lib/time-zone.ts).
 */
const PolicySettingsResponse = PolicySettings.extend({ timeZone: z.string().min(1) });
export const PolicySummaryResponse = PolicySummary.extend({ settings: PolicySettingsResponse });
export const PolicyResponse = Policy.extend({ settings: PolicySettingsResponse });

export const policyListQuery = (folderId: string) =>
  queryOptions({
    queryKey: policyKeys.list(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/policies`, listOf(PolicySummaryResponse), signal),
    select: (data) => data.items,
  });

export const policyQuery = (folderId: string, policyId: string) =>
  queryOptions({
    queryKey: policyKeys.detail(folderId, policyId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/policies/${policyId}`, PolicyResponse, signal),
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
