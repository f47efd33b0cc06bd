import { CatalogPage, CatalogSearchResult, FileVersions, type CatalogPageQuery } from '@cloud-backup/domain';
import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { API_BASE, apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export type CatalogSortKey = CatalogPageQuery['sort'];
export type CatalogOrder = CatalogPageQuery['order'];

/** One directory listing as the browser asks for it; the offset is the infinite query's page param. */
export interface CatalogListParams {
  path: string;
  sort: CatalogSortKey;
  order: CatalogOrder;
}

/** Entries fetched per request while scrolling; the server allows up to 5000. */
export const CATALOG_PAGE_SIZE = 1000;
/** Search results asked for at once; `total` says how many matched in all. */
export const CATALOG_SEARCH_LIMIT = 200;

// Not under backupKeys.all on purpose: a backup's progress events invalidate that scope many times a
// second, and a finished backup's catalog never changes.
export const catalogKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'catalog'] as const,
  backup: (folderId: string, backupId: string) => [...catalogKeys.all(folderId), backupId] as const,
  listing: (folderId: string, backupId: string, params: CatalogListParams) => [...catalogKeys.backup(folderId, backupId), 'listing', params] as const,
  search: (folderId: string, backupId: string, q: string) => [...catalogKeys.backup(folderId, backupId), 'search', q] as const,
  versions: (folderId: string, backupId: string, path: string) => [...catalogKeys.backup(folderId, backupId), 'versions', path] as const,
};

const backupBase = (folderId: string, backupId: string) => apiPath`/folders/${folderId}/backups/${backupId}`;

export function catalogPagePath(folderId: string, backupId: string, params: CatalogListParams, offset: number): string {
  const search = new URLSearchParams({ path: params.path, sort: params.sort, order: params.order, offset: String(offset), limit: String(CATALOG_PAGE_SIZE) });
  return `${backupBase(folderId, backupId)}/catalog?${search.toString()}`;
}

/** A directory, one page at a time as the user scrolls. */
export const catalogListingQuery = (folderId: string, backupId: string, params: CatalogListParams) =>
  infiniteQueryOptions({
    queryKey: catalogKeys.listing(folderId, backupId, params),
    queryFn: ({ pageParam, signal }) => apiGet(catalogPagePath(folderId, backupId, params, pageParam), CatalogPage, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => {
      const next = last.offset + last.entries.length;
      return last.entries.length > 0 && next < last.total ? next : undefined;
    },
    staleTime: Number.POSITIVE_INFINITY,
    // A new order of the same folder keeps the rows on screen until the re-sorted ones arrive; another
    // folder starts empty rather than showing the wrong folder's entries.
    placeholderData: (previous, previousQuery) => ((previousQuery?.queryKey.at(-1) as CatalogListParams | undefined)?.path === params.path ? previous : undefined),
  });

export const catalogSearchQuery = (folderId: string, backupId: string, q: string) =>
  queryOptions({
    queryKey: catalogKeys.search(folderId, backupId, q),
    queryFn: ({ signal }) =>
      apiGet(`${backupBase(folderId, backupId)}/catalog/search?${new URLSearchParams({ q, limit: String(CATALOG_SEARCH_LIMIT) }).toString()}`, CatalogSearchResult, signal),
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });

/** Every backup of the archive for one path; new backups add versions, so this one may go stale. */
export const fileVersionsQuery = (folderId: string, backupId: string, path: string) =>
  queryOptions({
    queryKey: catalogKeys.versions(folderId, backupId, path),
    queryFn: ({ signal }) => apiGet(`${backupBase(folderId, backupId)}/catalog/versions?${new URLSearchParams({ path }).toString()}`, FileVersions, signal),
  });

/**
 * Downloads are plain links, not fetches: the browser streams the attachment to disk with the session
 * cookie, whatever its size.
 */
export function downloadHref(folderId: string, backupId: string, path: string, format?: 'tar' | 'zip'): string {
  const search = new URLSearchParams({ path });
  if (format) search.set('format', format);
  return `${API_BASE}${backupBase(folderId, backupId)}/download?${search.toString()}`;
}
