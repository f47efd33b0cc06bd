import { Instance, listOf, type InstanceKind } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export const instanceKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'instances'] as const,
  lists: (folderId: string) => [...instanceKeys.all(folderId), 'list'] as const,
  list: (folderId: string, kind: InstanceKind | null) => [...instanceKeys.lists(folderId), kind ?? 'all'] as const,
  detail: (folderId: string, instanceId: string) => [...instanceKeys.all(folderId), 'detail', instanceId] as const,
};

/** `kind: null` lists every kind (used to pick instances to link to a policy). */
export const instanceListQuery = (folderId: string, kind: InstanceKind | null) =>
  queryOptions({
    queryKey: instanceKeys.list(folderId, kind),
    queryFn: ({ signal }) =>
      apiGet(kind ? `${apiPath`/folders/${folderId}/instances`}?kind=${kind}` : apiPath`/folders/${folderId}/instances`, listOf(Instance), signal),
    select: (data) => data.items,
  });

export const instanceQuery = (folderId: string, instanceId: string) =>
  queryOptions({
    queryKey: instanceKeys.detail(folderId, instanceId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/instances/${instanceId}`, Instance, signal),
  });
