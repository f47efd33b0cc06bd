import { ErrorCode, type CatalogItem } from '@cloud-backup/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { EmptyState } from '../../../components/ui/empty-state';
import { Skeleton } from '../../../components/ui/skeleton';
import { Spinner } from '../../../components/ui/spinner';
import { VirtualList, type VirtualListHandle, type VisibleRange } from '../../../components/ui/virtual-list';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatBytes, formatCount } from '../../../lib/format';
import { catalogListingQuery, type CatalogListParams, type CatalogSortKey } from '../api/catalog.queries';
import type { ListFocus } from '../browser-location';
import { basketItemOf, useRestoreBasket } from './restore-basket.context';
import { CatalogListingHeader } from './catalog-listing-header';
import { CatalogRow } from './catalog-row';

const ROW_HEIGHT = 40;
/** Load the next page this many rows before the end comes into view. */
const PREFETCH_ROWS = 100;
/** How far to page looking for an entry to mark (a search result deep in a huge folder). */
const MAX_PAGES_TO_FIND = 20;

interface CatalogListingProps {
  folderId: string;
  backupId: string;
  params: CatalogListParams;
  /** Entry to scroll to and mark (search result, version link). */
  highlight: string | null;
  listFocus: ListFocus | null;
  selectable: boolean;
  folderHref: (path: string) => string;
  onOpenFolder: (path: string) => void;
  onGoUp: () => void;
  onSort: (sort: CatalogSortKey, order: CatalogListParams['order']) => void;
  onVersions: (item: CatalogItem) => void;
}

/** One folder of a backup: virtualized, paged in as the user scrolls, sorted by the server. Mount one per folder (key it by path). */
export function CatalogListing(p: CatalogListingProps) {
  const { params } = p;
  const listing = useInfiniteQuery(catalogListingQuery(p.folderId, p.backupId, params));
  const basket = useRestoreBasket();
  const rows = useMemo(() => listing.data?.pages.flatMap((page) => page.entries) ?? [], [listing.data]);
  const firstPage = listing.data?.pages[0];
  const [focusIndex, setFocusIndex] = useState(0);
  const [range, setRange] = useState<VisibleRange>({ first: 0, end: 0 });
  const listRef = useRef<VirtualListHandle>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef(false);
  const target = useRef<{ name: string | null; focus: boolean } | null>(
    p.highlight || p.listFocus ? { name: p.highlight ?? p.listFocus?.name ?? null, focus: true } : null,
  );
  const { isFetchingNextPage, fetchNextPage } = listing;
  // After a failed page, wait for the user's retry instead of asking again in a loop.
  const hasNextPage = listing.hasNextPage && !listing.isFetchNextPageError;

  // Page in as the end of what is loaded comes near.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && range.end >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [range.end, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Find the entry to mark or focus once it is loaded, paging on a while if it is further down.
  useEffect(() => {
    const wanted = target.current;
    if (!wanted || rows.length === 0) return;
    const index = wanted.name === null ? 0 : rows.findIndex((r) => r.name === wanted.name);
    if (index < 0) {
      const pages = listing.data?.pages.length ?? 0;
      if (hasNextPage && pages < MAX_PAGES_TO_FIND) {
        if (!isFetchingNextPage) void fetchNextPage();
        return;
      }
      target.current = null;
      return;
    }
    target.current = null;
    setFocusIndex(index);
    listRef.current?.scrollToIndex(index);
    pendingFocus.current = wanted.focus;
  }, [rows, hasNextPage, isFetchingNextPage, fetchNextPage, listing.data?.pages.length]);

  // Move DOM focus after the row the keyboard asked for is rendered.
  useEffect(() => {
    if (!pendingFocus.current) return;
    const row = tableRef.current?.querySelector<HTMLElement>(`[data-row-index="${focusIndex}"]`);
    if (!row) return;
    pendingFocus.current = false;
    row.focus({ preventScroll: true });
  });

  if (listing.isPending) return <ListingSkeleton />;
  if (isApiError(listing.error, ErrorCode.notFound)) {
    return (
      <EmptyState
        title="This folder is not in the backup"
        description={`${params.path} was not backed up, or the link is wrong.`}
        action={
          <Link to={p.folderHref('/')} className={buttonClasses('primary')}>
            Go to the top folder
          </Link>
        }
      />
    );
  }
  if (listing.isError && rows.length === 0) {
    return (
      <Alert title="Could not list this folder" action={<Button size="sm" onClick={() => void listing.refetch()}>Try again</Button>}>
        {errorMessage(listing.error)}
      </Alert>
    );
  }
  if (rows.length === 0) return <EmptyState title="This folder is empty" description="The backup holds no files or folders here." />;

  const total = firstPage?.total ?? rows.length;
  const focused = Math.min(focusIndex, rows.length - 1);
  const highlighted = p.highlight;

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setFocusIndex(next);
    listRef.current?.scrollToIndex(next);
    pendingFocus.current = true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    if (!row) return;
    const onRow = event.target === row;
    // The row the key came from, not state: focus may have moved there since the last render.
    const current = Number(row.dataset.rowIndex);
    const page = listRef.current?.pageSize() ?? 10;
    const item = rows[current];
    const keys: Record<string, () => boolean> = {
      ArrowDown: () => (moveTo(current + 1), true),
      ArrowUp: () => (moveTo(current - 1), true),
      PageDown: () => (moveTo(current + page), true),
      PageUp: () => (moveTo(current - page), true),
      Home: () => onRow && (moveTo(0), true),
      End: () => onRow && (moveTo(rows.length - 1), true),
      Enter: () => onRow && item?.type === 'dir' && (p.onOpenFolder(item.path), true),
      Backspace: () => params.path !== '/' && (p.onGoUp(), true),
      ' ': () => onRow && p.selectable && item !== undefined && (basket.toggle(basketItemOf(item)), true),
    };
    if (keys[event.key]?.()) event.preventDefault();
  };

  // Focus that lands in a row by mouse or Tab makes that row the current one.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const index = Number((event.target as HTMLElement).closest<HTMLElement>('[data-row-index]')?.dataset.rowIndex);
    if (Number.isInteger(index) && index !== focusIndex) setFocusIndex(index);
  };

  const loaderRow = hasNextPage ? 1 : 0;
  return (
    <div className="space-y-2">
      <div
        ref={tableRef}
        role="table"
        aria-label={`Files in ${params.path}`}
        aria-rowcount={total + 1}
        aria-busy={listing.isPlaceholderData || undefined}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        className={cx(
          'overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm transition-opacity dark:border-gray-800 dark:bg-gray-900',
          listing.isPlaceholderData && 'opacity-60',
        )}
      >
        <div className="min-w-[56rem]">
          <CatalogListingHeader params={params} selectable={p.selectable} onSort={p.onSort} />
          <VirtualList
            ref={listRef}
            role="rowgroup"
            count={rows.length + loaderRow}
            rowHeight={ROW_HEIGHT}
            onRangeChange={setRange}
            className="h-[calc(100vh-22rem)] min-h-72"
            renderRow={(index, style) => {
              const item = rows[index];
              if (!item) {
                return (
                  <div key="loader" role="row" style={style} className="flex items-center gap-2 px-4 text-gray-500 dark:text-gray-400">
                    <div role="cell" className="flex items-center gap-2">
                      <Spinner size="sm" /> Loading more…
                    </div>
                  </div>
                );
              }
              return (
                <CatalogRow
                  key={item.path}
                  folderId={p.folderId}
                  backupId={p.backupId}
                  item={item}
                  index={index}
                  style={style}
                  selectable={p.selectable}
                  selected={basket.has(item.path)}
                  focused={index === focused}
                  highlighted={highlighted !== null && item.name === highlighted}
                  folderHref={p.folderHref(item.path)}
                  onToggle={(i) => basket.toggle(basketItemOf(i))}
                  onOpen={(i) => p.onOpenFolder(i.path)}
                  onVersions={p.onVersions}
                />
              );
            }}
          />
        </div>
      </div>
      {listing.isFetchNextPageError && (
        <Alert title="Could not load more of this folder" action={<Button size="sm" onClick={() => void fetchNextPage()}>Try again</Button>}>
          {errorMessage(listing.error)}
        </Alert>
      )}
      <p aria-live="polite" className="text-xs text-gray-500 tabular-nums dark:text-gray-400">
        {`${formatCount(total)} ${total === 1 ? 'item' : 'items'}${firstPage ? ` · ${formatBytes(firstPage.dir.size)}` : ''}`}
        {rows.length < total && ` · ${formatCount(rows.length)} loaded, more load as you scroll`}
      </p>
    </div>
  );
}

function ListingSkeleton() {
  return (
    <div role="status" aria-label="Loading files" className="space-y-2 rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      {Array.from({ length: 8 }, (_, row) => (
        <div key={row} className="flex gap-4">
          <Skeleton className="h-5 flex-[3]" />
          <Skeleton className="h-5 flex-1" />
          <Skeleton className="h-5 flex-1" />
          <Skeleton className="h-5 flex-1" />
        </div>
      ))}
    </div>
  );
}
