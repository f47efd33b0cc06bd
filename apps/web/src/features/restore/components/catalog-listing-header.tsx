import { cx } from '../../../components/ui/cx';
import { nextSort } from '../../../components/ui/data-table';
import type { CatalogListParams, CatalogSortKey } from '../api/catalog.queries';
import { catalogGridTemplate, cellClass } from './catalog-row';

const COLUMNS: readonly { id: CatalogSortKey; label: string }[] = [
  { id: 'name', label: 'Name' },
  { id: 'size', label: 'Size' },
  { id: 'mtime', label: 'Modified' },
  { id: 'type', label: 'Type' },
];

const headerText = 'text-xs font-semibold tracking-wide text-gray-600 uppercase dark:text-gray-400';

interface CatalogListingHeaderProps {
  params: CatalogListParams;
  selectable: boolean;
  onSort: (sort: CatalogSortKey, order: CatalogListParams['order']) => void;
}

/** Column headers of the file list; a click asks the server for the new order (the same column flips it). */
export function CatalogListingHeader({ params, selectable, onSort }: CatalogListingHeaderProps) {
  return (
    <div role="rowgroup" className="border-b border-gray-200 bg-gray-50 dark:border-gray-800 dark:bg-gray-900/60">
      <div role="row" aria-rowindex={1} className="grid h-10 items-center" style={{ gridTemplateColumns: catalogGridTemplate(selectable) }}>
        {selectable && (
          <div role="columnheader" className="px-2">
            <span className="sr-only">Selected</span>
          </div>
        )}
        {COLUMNS.map((column) => {
          const direction = params.sort === column.id ? params.order : null;
          return (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
              className={cx(cellClass, headerText)}
            >
              <button
                type="button"
                onClick={() => onSort(column.id, nextSort(direction ? { columnId: column.id, direction } : null, column.id).direction)}
                className="inline-flex items-center gap-1 uppercase hover:text-gray-900 dark:hover:text-gray-100"
              >
                {column.label}
                <span aria-hidden="true" className={cx('text-[10px]', !direction && 'opacity-30')}>
                  {direction === 'desc' ? '▼' : '▲'}
                </span>
              </button>
            </div>
          );
        })}
        <div role="columnheader" className={cx(cellClass, headerText, 'text-right')}>
          Actions
        </div>
      </div>
    </div>
  );
}
