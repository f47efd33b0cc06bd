import { BackupPath, CatalogPageQuery } from '@cloud-backup/domain';
import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import type { CatalogOrder, CatalogSortKey } from './api/catalog.queries';

/** Everything the file browser shows lives in its URL, so any view is a link someone can share. */
export interface BrowserState {
  path: string;
  sort: CatalogSortKey;
  order: CatalogOrder;
  /** The submitted search, or null when the folder listing shows. */
  q: string | null;
  /** An entry of `path` to scroll to and mark (from a search result or a version). */
  highlight: string | null;
}

const DEFAULT_SORT: CatalogSortKey = 'name';
const DEFAULT_ORDER: CatalogOrder = 'asc';

export function browserStateFrom(search: URLSearchParams): BrowserState {
  const path = BackupPath.safeParse(search.get('path') ?? '/');
  const sort = CatalogPageQuery.shape.sort.safeParse(search.get('sort') ?? undefined);
  const order = CatalogPageQuery.shape.order.safeParse(search.get('order') ?? undefined);
  const q = search.get('q')?.trim();
  return {
    // A trailing slash would make /a and /a/ two cache entries for one folder.
    path: path.success ? path.data.replace(/(.)\/+$/, '$1') : '/',
    sort: sort.success ? sort.data : DEFAULT_SORT,
    order: order.success ? order.data : DEFAULT_ORDER,
    q: q ? q : null,
    highlight: search.get('highlight') || null,
  };
}

export function browserSearch(state: Partial<BrowserState>): string {
  const search = new URLSearchParams();
  if (state.path && state.path !== '/') search.set('path', state.path);
  if (state.sort && state.sort !== DEFAULT_SORT) search.set('sort', state.sort);
  if (state.order && state.order !== DEFAULT_ORDER) search.set('order', state.order);
  if (state.q) search.set('q', state.q);
  if (state.highlight) search.set('highlight', state.highlight);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Link to a backup's file browser, optionally at a folder with one of its entries marked. */
export function browserHref(folderId: string, backupId: string, state: Partial<BrowserState> = {}): string {
  return `/folders/${encodeURIComponent(folderId)}/backups/${encodeURIComponent(backupId)}/files${browserSearch(state)}`;
}

/**
 * Router state of a folder change made from the keyboard in the list (Enter, Backspace): focus follows
 * into the new listing, onto `name` when given (the folder we came up from), else the first row.
 */
export interface ListFocus {
  name: string | null;
}

export function useBrowserState() {
  const [search, setSearch] = useSearchParams();
  const location = useLocation();
  const state = browserStateFrom(search);
  const raw = (location.state as { listFocus?: ListFocus } | null)?.listFocus;
  const listFocus: ListFocus | null = raw ? { name: raw.name ?? null } : null;

  const go = useCallback(
    (next: Partial<BrowserState>, focus?: ListFocus) => setSearch(browserSearch(next).slice(1), focus ? { state: { listFocus: focus } } : undefined),
    [setSearch],
  );

  return { state, listFocus, go };
}
