import type { CatalogItem } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { Dialog } from '../../../components/ui/dialog';
import { PageSpinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { BackupTypeBadge } from '../../backups/components/backup-badges';
import { fileVersionsQuery } from '../api/catalog.queries';
import { browserHref } from '../browser-location';
import { parentPath } from '../catalog-path';
import { DownloadAction } from './download-links';

interface VersionHistoryPanelProps {
  folderId: string;
  /** The backup being browsed; its row is marked. */
  backupId: string;
  item: Pick<CatalogItem, 'name' | 'path'> | null;
  onClose: () => void;
}

const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-gray-600 uppercase dark:text-gray-400';
const td = 'px-3 py-2 align-middle whitespace-nowrap text-gray-800 dark:text-gray-200';

/** Every backup of the archive for one file, newest first, with where its content changed. */
export function VersionHistoryPanel({ folderId, backupId, item, onClose }: VersionHistoryPanelProps) {
  return (
    <Dialog open={item !== null} variant="side" size="xl" title={item ? `Versions of ${item.name}` : ''} description={<span className="font-mono text-xs">{item?.path}</span>} onClose={onClose}>
      {item && <VersionTable folderId={folderId} backupId={backupId} item={item} />}
    </Dialog>
  );
}

function VersionTable({ folderId, backupId, item }: { folderId: string; backupId: string; item: Pick<CatalogItem, 'name' | 'path'> }) {
  const versions = useQuery(fileVersionsQuery(folderId, backupId, item.path));
  if (versions.isPending) return <PageSpinner label="Loading versions…" />;
  if (versions.isError) {
    return (
      <Alert title="Could not load the versions" action={<Button size="sm" onClick={() => void versions.refetch()}>Try again</Button>}>
        {errorMessage(versions.error)}
      </Alert>
    );
  }
  const list = versions.data.versions;
  if (list.length === 0) return <p className="text-gray-500 dark:text-gray-400">No backup of this archive holds this path.</p>;

  const folder = parentPath(item.path);
  return (
    <div className="space-y-3">
      <p className="text-gray-600 dark:text-gray-400">
        Each backup of this archive, newest first. <strong className="font-medium text-gray-900 dark:text-gray-100">Changed</strong> marks a backup whose
        copy differs from the one before it.
      </p>
      <div className="overflow-x-auto rounded-lg border border-gray-200 dark:border-gray-800">
        <table aria-label="Versions" className="min-w-full divide-y divide-gray-200 dark:divide-gray-800">
          <thead className="bg-gray-50 dark:bg-gray-900/60">
            <tr>
              <th scope="col" className={th}>
                Backup
              </th>
              <th scope="col" className={th}>
                Type
              </th>
              <th scope="col" className={th}>
                In backup
              </th>
              <th scope="col" className={th}>
                Size
              </th>
              <th scope="col" className={th}>
                Modified
              </th>
              <th scope="col" className={th}>
                <span className="sr-only">Download</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
            {list.map((v) => {
              const current = v.backupId === backupId;
              const date = formatDateTime(v.startedAt);
              return (
                <tr key={v.backupId} aria-current={current ? 'true' : undefined} className={cx(current && 'bg-blue-50 dark:bg-blue-950/40')}>
                  <td className={td}>
                    <span className="flex items-center gap-2">
                      <Link to={browserHref(folderId, v.backupId, { path: folder, highlight: item.name })} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
                        {date}
                      </Link>
                      {current && <Badge tone="blue">This backup</Badge>}
                      {v.present && v.changed && (
                        <Badge tone="amber" dot>
                          Changed
                        </Badge>
                      )}
                    </span>
                  </td>
                  <td className={td}>
                    <BackupTypeBadge type={v.type} />
                  </td>
                  <td className={td}>{v.present ? <Badge tone="green">Present</Badge> : <Badge tone="gray">Absent</Badge>}</td>
                  <td className={cx(td, 'tabular-nums')}>{v.present && v.size !== null ? formatBytes(v.size) : '—'}</td>
                  <td className={cx(td, 'tabular-nums')}>{v.present ? formatDateTime(v.mtime) : '—'}</td>
                  <td className={cx(td, 'text-right')}>
                    {v.present && v.entryType === 'file' && (
                      <DownloadAction folderId={folderId} backupId={v.backupId} item={{ name: item.name, path: item.path, type: 'file' }} label={`Download ${item.name} from ${date}`} />
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
