import { useMemo, useState, type ReactNode } from 'react';
import { Alert } from './alert';
import { cx } from './cx';
import { Skeleton } from './skeleton';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable; null values sort last in both directions. */
  sortValue?: (row: T) => string | number | null;
  /** Text the filter box searches; columns without it are not searched. */
  filterValue?: (row: T) => string;
  /** In a table sorted by the server (`serverSort`), makes the column's header a sort button. */
  serverSortable?: boolean;
  className?: string;
}

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  columnId: string;
  direction: SortDirection;
}

/** Clicking the sorted column flips its direction; another column starts ascending. */
export function nextSort(current: SortState | null, columnId: string): SortState {
  return current?.columnId === columnId ? { columnId, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { columnId, direction: 'asc' };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Pure so the behaviour is testable without rendering. */
export function sortAndFilterRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState | null, filter: string): T[] {
  const needle = filter.trim().toLocaleLowerCase();
  const searchable = columns.filter((c) => c.filterValue);
  const filtered = needle
    ? rows.filter((row) => searchable.some((c) => c.filterValue?.(row).toLocaleLowerCase().includes(needle)))
    : [...rows];
  const column = sort ? columns.find((c) => c.id === sort.columnId) : undefined;
  const accessor = column?.sortValue;
  if (!sort || !accessor) return filtered;
  const sign = sort.direction === 'asc' ? 1 : -1;
  return filtered.sort((x, y) => {
    const a = accessor(x);
    const b = accessor(y);
    // Nulls stay at the bottom whichever way the column is sorted.
    if (a === null || b === null) return compare(a, b);
    return sign * compare(a, b);
  });
}

interface DataTableProps<T> {
  /** Accessible name of the table, e.g. "Virtual machines". */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string;
  isLoading?: boolean;
  error?: string | null;
  /** Shown instead of the table when there are no rows at all. */
  empty: ReactNode;
  initialSort?: SortState;
  toolbar?: ReactNode;
  /**
   * The server sorts (and pages): rows are shown in the order given, a header click asks for a new
   * order, and the filter box is hidden because it could only search the current page.
   */
  serverSort?: { state: SortState; onChange: (next: SortState) => void };
  /** False hides the filter box, for short lists. */
  filterable?: boolean;
  /** Under the table, e.g. paging. */
  footer?: ReactNode;
}

export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  isLoading = false,
  error,
  empty,
  initialSort,
  toolbar,
  serverSort,
  filterable = true,
  footer,
}: DataTableProps<T>) {
  const [localSort, setLocalSort] = useState<SortState | null>(initialSort ?? null);
  const [filter, setFilter] = useState('');
  const serverSorted = serverSort !== undefined;
  const showFilter = filterable && !serverSorted;
  const sort = serverSort ? serverSort.state : localSort;
  const visible = useMemo(
    () => (serverSorted ? [...(rows ?? [])] : sortAndFilterRows(rows ?? [], columns, localSort, showFilter ? filter : '')),
    [rows, columns, localSort, filter, serverSorted, showFilter],
  );

  if (error) return <Alert title="Could not load the list">{error}</Alert>;
  if (isLoading || !rows) return <TableSkeleton columns={columns.length} label={label} />;
  if (rows.length === 0) return <>{empty}</>;

  const toggleSort = (columnId: string) => {
    if (serverSort) serverSort.onChange(nextSort(serverSort.state, columnId));
    else setLocalSort((current) => nextSort(current, columnId));
  };
  const isSortable = (column: Column<T>) => (serverSort ? column.serverSortable === true : column.sortValue !== undefined);

  return (
    <div className="space-y-3">
      {(showFilter || toolbar) && (
        <div className="flex flex-wrap items-center justify-between gap-3">
          {showFilter && (
            <input
              type="search"
              aria-label="Filter"
              placeholder="Filter"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              className="w-full max-w-xs rounded-md border-0 bg-white px-3 py-1.5 shadow-sm ring-1 ring-gray-300 ring-inset placeholder:text-gray-400 focus:ring-2 focus:ring-blue-600 dark:bg-gray-900 dark:ring-gray-700"
            />
          )}
          {toolbar}
        </div>
      )}
      <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm dark:border-gray-800 dark:bg-gray-900">
        <table aria-label={label} className="min-w-full divide-y divide-gray-200 dark:divide-gray-800">
          <thead className="bg-gray-50 dark:bg-gray-900/60">
            <tr>
              {columns.map((column) => {
                const direction = sort?.columnId === column.id ? sort.direction : null;
                return (
                  <th
                    key={column.id}
                    scope="col"
                    aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
                    className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-gray-600 uppercase dark:text-gray-400"
                  >
                    {isSortable(column) ? (
                      <button type="button" onClick={() => toggleSort(column.id)} className="inline-flex items-center gap-1 uppercase hover:text-gray-900 dark:hover:text-gray-100">
                        {column.header}
                        <span aria-hidden="true" className={cx('text-[10px]', !direction && 'opacity-30')}>
                          {direction === 'desc' ? '▼' : '▲'}
                        </span>
                      </button>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
            {visible.map((row) => (
              <tr key={rowKey(row)} className="hover:bg-gray-50 dark:hover:bg-gray-800/50">
                {columns.map((column) => (
                  <td key={column.id} className={cx('px-4 py-2.5 align-middle text-gray-800 dark:text-gray-200', column.className)}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {visible.length === 0 && showFilter && (
          <p className="px-4 py-6 text-center text-gray-500 dark:text-gray-400">
            Nothing matches “{filter.trim()}”.{' '}
            <button type="button" className="text-blue-700 hover:underline dark:text-blue-400" onClick={() => setFilter('')}>
              Clear filter
            </button>
          </p>
        )}
      </div>
      {footer}
    </div>
  );
}

function TableSkeleton({ columns, label }: { columns: number; label: string }) {
  return (
    <div role="status" aria-label={`Loading ${label.toLowerCase()}`} className="space-y-3">
      <Skeleton className="h-8 w-64" />
      <div className="space-y-2 rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
        {Array.from({ length: 4 }, (_, row) => (
          <div key={row} className="flex gap-4">
            {Array.from({ length: columns }, (_, col) => (
              <Skeleton key={col} className="h-5 flex-1" />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
