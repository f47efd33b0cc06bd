import { useQuery } from '@tanstack/react-query';
import { cx } from '../../../components/ui/cx';
import { formatBytes } from '../../../lib/format';
import { storageQuery } from '../api/backups.queries';

type Scope = { kind: 'folder' } | { kind: 'instance'; instanceId: string };

/** "Storage used 1.20 GiB" as a term and its value, so it reads the same wherever it appears. */
export function StorageUsed({ folderId, scope = { kind: 'folder' }, className }: { folderId: string; scope?: Scope; className?: string }) {
  const storage = useQuery(storageQuery(folderId));
  let value: string;
  if (storage.isPending) value = '…';
  else if (storage.isError) value = '—';
  else if (scope.kind === 'folder') value = formatBytes(storage.data.folderBytes);
  // An instance with nothing stored yet is not listed.
  else value = formatBytes(storage.data.instances.find((i) => i.instanceId === scope.instanceId)?.bytes ?? 0);

  return (
    <dl className={cx('flex items-baseline gap-1.5', className)} title={storage.isError ? storage.error.message : undefined}>
      <dt className="text-gray-500 dark:text-gray-400">Storage used</dt>
      <dd className="font-semibold text-gray-900 tabular-nums dark:text-gray-100">{value}</dd>
    </dl>
  );
}
