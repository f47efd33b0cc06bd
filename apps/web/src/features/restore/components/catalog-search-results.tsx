import type { CatalogItem } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageSpinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { formatCount, formatDateTime, formatDuration } from '../../../lib/format';
import { catalogSearchQuery } from '../api/catalog.queries';
import { parentPath } from '../catalog-path';
import { formatEntrySize } from '../restore-format';
import { DownloadAction } from './download-links';
import { EntryIcon } from './entry-icon';
import { basketItemOf, useRestoreBasket } from './restore-basket.context';

interface CatalogSearchResultsProps {
  folderId: string;
  backupId: string;
  q: string;
  selectable: boolean;
  /** Link to a folder of this backup with one entry marked. */
  folderHref: (path: string, highlight?: string) => string;
  onVersions: (item: CatalogItem) => void;
}

const th = 'px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-gray-600 uppercase dark:text-gray-400';
const td = 'px-3 py-2 align-middle text-gray-800 dark:text-gray-200';
const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

/** Matches anywhere in the backup, each with the folder it lives in; selecting adds to the same restore list. */
export function CatalogSearchResults({ folderId, backupId, q, selectable, folderHref, onVersions }: CatalogSearchResultsProps) {
  const search = useQuery(catalogSearchQuery(folderId, backupId, q));
  const basket = useRestoreBasket();

  if (search.isPending) return <PageSpinner label="Searching…" />;
  if (search.isError) {
    return (
      <Alert title="Could not search this backup" action={<Button size="sm" onClick={() => void search.refetch()}>Try again</Button>}>
        {errorMessage(search.error)}
      </Alert>
    );
  }
  const result = search.data;
  const took = formatDuration(result.tookMs);
  if (result.items.length === 0) {
    return <EmptyState title={`Nothing matches “${result.q}”`} description={`Searched the whole backup in ${took}. Try part of the name, or a pattern such as *.log.`} />;
  }

  return (
    <div className={cx('space-y-3', search.isPlaceholderData && 'opacity-60')}>
      <p role="status" className="text-gray-600 tabular-nums dark:text-gray-400">
        {`${formatCount(result.total)} ${result.total === 1 ? 'match' : 'matches'} for “${result.q}” in ${took}`}
        {result.items.length < result.total && ` · showing the first ${formatCount(result.items.length)}`}
      </p>
      <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm dark:border-gray-800 dark:bg-gray-900">
        <table aria-label="Search results" className="min-w-full divide-y divide-gray-200 dark:divide-gray-800">
          <thead className="bg-gray-50 dark:bg-gray-900/60">
            <tr>
              {selectable && (
                <th scope="col" className={cx(th, 'w-9')}>
                  <span className="sr-only">Selected</span>
                </th>
              )}
              <th scope="col" className={th}>
                Name
              </th>
              <th scope="col" className={th}>
                Folder
              </th>
              <th scope="col" className={th}>
                Size
              </th>
              <th scope="col" className={th}>
                Modified
              </th>
              <th scope="col" className={cx(th, 'text-right')}>
                Actions
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
            {result.items.map((item) => {
              const selected = basket.has(item.path);
              const folder = parentPath(item.path);
              return (
                <tr key={item.path} className={selected ? 'bg-blue-50 dark:bg-blue-950/40' : 'hover:bg-gray-50 dark:hover:bg-gray-800/50'}>
                  {selectable && (
                    <td className={td}>
                      <input
                        type="checkbox"
                        aria-label={`Select ${item.name}`}
                        checked={selected}
                        onChange={() => basket.toggle(basketItemOf(item))}
                        className="size-4 rounded border-gray-300 accent-blue-600 dark:border-gray-600"
                      />
                    </td>
                  )}
                  <td className={td}>
                    <span className="flex items-center gap-2">
                      <EntryIcon type={item.type} />
                      {item.type === 'dir' ? (
                        <Link to={folderHref(item.path)} className={linkClass}>
                          {item.name}
                        </Link>
                      ) : (
                        <span className="break-all">{item.name}</span>
                      )}
                    </span>
                  </td>
                  <td className={cx(td, 'font-mono text-xs')}>
                    <Link to={folderHref(folder, item.name)} className="break-all text-blue-700 hover:underline dark:text-blue-400">
                      {folder}
                    </Link>
                  </td>
                  <td className={cx(td, 'whitespace-nowrap tabular-nums')}>{formatEntrySize(item)}</td>
                  <td className={cx(td, 'whitespace-nowrap tabular-nums')}>{formatDateTime(item.mtime)}</td>
                  <td className={cx(td, 'text-right whitespace-nowrap')}>
                    {item.type !== 'symlink' && <DownloadAction folderId={folderId} backupId={backupId} item={item} />}
                    {item.type === 'file' && (
                      <button type="button" aria-label={`Versions of ${item.name}`} onClick={() => onVersions(item)} className={buttonClasses('ghost', 'sm')}>
                        Versions
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
