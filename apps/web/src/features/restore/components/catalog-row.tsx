import type { CatalogItem } from '@cloud-backup/domain';
import type { CSSProperties } from 'react';
import { Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { formatDateTime } from '../../../lib/format';
import { ENTRY_TYPE_LABEL, formatEntrySize } from '../restore-format';
import { DownloadAction } from './download-links';
import { EntryIcon } from './entry-icon';

/** Checkbox, name, size, modified, type, actions: shared by the header and every row so they line up. */
export function catalogGridTemplate(selectable: boolean): string {
  return `${selectable ? '2.25rem ' : ''}minmax(12rem,1fr) 11rem 12.5rem 7.5rem 11rem`;
}

export const cellClass = 'min-w-0 truncate px-2';

interface CatalogRowProps {
  folderId: string;
  backupId: string;
  item: CatalogItem;
  index: number;
  style: CSSProperties;
  selectable: boolean;
  selected: boolean;
  /** The row in the Tab order (roving focus): arrow keys move it. */
  focused: boolean;
  highlighted: boolean;
  folderHref: string;
  onToggle: (item: CatalogItem) => void;
  onOpen: (item: CatalogItem) => void;
  onVersions: (item: CatalogItem) => void;
}

export function CatalogRow({ folderId, backupId, item, index, style, selectable, selected, focused, highlighted, folderHref, onToggle, onOpen, onVersions }: CatalogRowProps) {
  // Controls of the other rows stay out of the Tab order: Tab leaves the list after the focused row.
  const inner = focused ? 0 : -1;
  return (
    <div
      role="row"
      // The entry's name alone: read out on focus, and a stable handle for tests (cells give the details).
      aria-label={item.name}
      aria-rowindex={index + 2}
      data-row-index={index}
      tabIndex={inner}
      onDoubleClick={() => item.type === 'dir' && onOpen(item)}
      style={{ ...style, gridTemplateColumns: catalogGridTemplate(selectable) }}
      className={cx(
        'grid items-center border-b border-gray-100 text-gray-800 outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-inset dark:border-gray-800 dark:text-gray-200',
        highlighted ? 'bg-amber-50 dark:bg-amber-950/40' : selected ? 'bg-blue-50 dark:bg-blue-950/40' : 'hover:bg-gray-50 dark:hover:bg-gray-800/50',
      )}
    >
      {selectable && (
        <div role="cell" className="flex justify-center">
          <input
            type="checkbox"
            aria-label={`Select ${item.name}`}
            checked={selected}
            onChange={() => onToggle(item)}
            tabIndex={inner}
            className="size-4 rounded border-gray-300 accent-blue-600 dark:border-gray-600"
          />
        </div>
      )}
      <div role="cell" className="flex min-w-0 items-center gap-2 px-2">
        <EntryIcon type={item.type} />
        {item.type === 'dir' ? (
          <Link to={folderHref} tabIndex={inner} className="truncate font-medium text-blue-700 hover:underline dark:text-blue-400" title={item.name}>
            {item.name}
          </Link>
        ) : (
          <span className="truncate" title={item.name}>
            {item.name}
          </span>
        )}
        {item.target !== null && <span className="truncate text-xs text-gray-500 dark:text-gray-400">→ {item.target}</span>}
      </div>
      <div role="cell" className={cx(cellClass, 'tabular-nums')}>
        {formatEntrySize(item)}
      </div>
      <div role="cell" className={cx(cellClass, 'tabular-nums')}>
        <time dateTime={item.mtime}>{formatDateTime(item.mtime)}</time>
      </div>
      <div role="cell" className={cx(cellClass, 'text-gray-600 dark:text-gray-400')}>
        {ENTRY_TYPE_LABEL[item.type]}
      </div>
      <div role="cell" className="flex items-center justify-end gap-1 px-2">
        {item.type !== 'symlink' && <DownloadAction folderId={folderId} backupId={backupId} item={item} tabIndex={inner} />}
        {item.type === 'file' && (
          <button type="button" tabIndex={inner} aria-label={`Versions of ${item.name}`} onClick={() => onVersions(item)} className={buttonClasses('ghost', 'sm')}>
            Versions
          </button>
        )}
      </div>
    </div>
  );
}
