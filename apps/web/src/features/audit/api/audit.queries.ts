import { AuditPage, type AuditQuery } from '@cloud-backup/domain';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

/** Any subset of the audit query; what is left out takes the server's default. */
export type AuditParams = Partial<AuditQuery>;

export const auditKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'audit'] as const,
  list: (folderId: string, params: AuditParams) => [...auditKeys.all(folderId), params] as const,
};

const PARAM_ORDER = ['action', 'actor', 'from', 'to', 'limit', 'offset'] as const;

export function auditPath(folderId: string, params: AuditParams): string {
  const search = new URLSearchParams();
  for (const name of PARAM_ORDER) {
    const value = params[name];
    if (value !== undefined) search.set(name, String(value));
  }
  const query = search.toString();
  return `${apiPath`/folders/${folderId}/audit`}${query ? `?${query}` : ''}`;
}

export const folderAuditQuery = (folderId: string, params: AuditParams) =>
  queryOptions({
    queryKey: auditKeys.list(folderId, params),
    queryFn: ({ signal }) => apiGet(auditPath(folderId, params), AuditPage, signal),
    placeholderData: keepPreviousData,
  });
