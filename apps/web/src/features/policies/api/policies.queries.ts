import { Policy, PolicySummary, listOf } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export const policyKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'policies'] as const,
  list: (folderId: string) => [...policyKeys.all(folderId), 'list'] as const,
  detail: (folderId: string, policyId: string) => [...policyKeys.all(folderId), 'detail', policyId] as const,
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
