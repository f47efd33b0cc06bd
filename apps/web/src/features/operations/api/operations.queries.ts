import { OperationList, OperationStatus, OperationType, OperationWithLog, type OperationStatus as OperationStatusValue } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export { OperationList };

export interface OperationListParams {
  type?: z.infer<typeof OperationType>;
  status?: z.infer<typeof OperationStatus>;
  targetId?: string;
  /** ISO instants: created at or after / before. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export const operationKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'operations'] as const,
  lists: (folderId: string) => [...operationKeys.all(folderId), 'list'] as const,
  list: (folderId: string, params: OperationListParams) => [...operationKeys.lists(folderId), params] as const,
  detail: (folderId: string, operationId: string) => [...operationKeys.all(folderId), 'detail', operationId] as const,
};

const ACTIVE: readonly OperationStatusValue[] = ['queued', 'running'];

export function isOperationActive(status: OperationStatusValue): boolean {
  return ACTIVE.includes(status);
}

/** Fallback while an operation runs, for when the event stream is unavailable. */
export const OPERATION_POLL_MS = 2_000;

const PARAM_ORDER = ['type', 'status', 'targetId', 'from', 'to', 'limit', 'offset'] as const;

export function operationListPath(folderId: string, params: OperationListParams): string {
  const search = new URLSearchParams();
  for (const name of PARAM_ORDER) {
    const value = params[name];
    if (value !== undefined) search.set(name, String(value));
  }
  const query = search.toString();
  return `${apiPath`/folders/${folderId}/operations`}${query ? `?${query}` : ''}`;
}

export const operationListQuery = (folderId: string, params: OperationListParams) =>
  queryOptions({
    queryKey: operationKeys.list(folderId, params),
    queryFn: ({ signal }) => apiGet(operationListPath(folderId, params), OperationList, signal),
  });

export const operationQuery = (folderId: string, operationId: string) =>
  queryOptions({
    queryKey: operationKeys.detail(folderId, operationId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/operations/${operationId}`, OperationWithLog, signal),
    refetchInterval: (query) => (query.state.data && isOperationActive(query.state.data.status) ? OPERATION_POLL_MS : false),
  });
