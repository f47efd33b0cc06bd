import type { Backup } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DescriptionList } from '../../../components/ui/description-list';
import { Section } from '../../../components/ui/section';
import { formatBytes, formatCount, formatDateTime, formatDuration } from '../../../lib/format';
import { RemovedBadge } from '../../instances/components/instance-badges';
import { storageQuery } from '../api/backups.queries';
import { BACKUP_TYPE_LABEL } from '../backup-format';
import { BackupStatusBadge } from './backup-badges';

const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

function ArchiveValue({ backup }: { backup: Backup }) {
  const storage = useQuery(storageQuery(backup.folderId));
  const bytes = storage.data?.archives.find((a) => a.archiveId === backup.archiveId)?.bytes;
  return (
    <>
      <span className="font-mono text-xs">{backup.archiveName}</span>
      {bytes !== undefined && <span className="text-gray-500 dark:text-gray-400">{` — ${formatBytes(bytes)} stored for this archive`}</span>}
    </>
  );
}

export function BackupFiguresSection({ backup }: { backup: Backup }) {
  const base = `/folders/${encodeURIComponent(backup.folderId)}`;
  const items = [
    { label: 'Status', value: <BackupStatusBadge backup={backup} /> },
    { label: 'Type', value: BACKUP_TYPE_LABEL[backup.type] },
    {
      label: 'Instance',
      value: (
        <span className="inline-flex items-center gap-2">
          <Link to={`${base}/instances/${encodeURIComponent(backup.instanceId)}`} className={linkClass}>
            {backup.instanceName}
          </Link>
          {backup.instanceRemoved && <RemovedBadge />}
        </span>
      ),
    },
    {
      label: 'Policy',
      value: backup.policyId ? (
        <Link to={`${base}/policies/${encodeURIComponent(backup.policyId)}`} className={linkClass}>
          {backup.policyName}
        </Link>
      ) : (
        backup.policyName || '—'
      ),
    },
    { label: 'Archive', value: <ArchiveValue backup={backup} /> },
    { label: 'Started', value: formatDateTime(backup.startedAt) },
    { label: 'Finished', value: backup.finishedAt ? formatDateTime(backup.finishedAt) : backup.status === 'running' ? 'Still running' : '—' },
    { label: 'Duration', value: formatDuration(backup.durationMs) },
    { label: 'Files', value: formatCount(backup.fileCount) },
    { label: 'Folders', value: formatCount(backup.dirCount) },
    { label: 'Size', value: formatBytes(backup.logicalBytes) },
    { label: 'New data stored', value: formatBytes(backup.newBytes) },
    {
      label: 'Sources',
      value:
        backup.sources.length === 0 ? (
          '—'
        ) : (
          <ul className="space-y-0.5">
            {backup.sources.map((source) => (
              <li key={source} className="font-mono text-xs">
                {source}
              </li>
            ))}
          </ul>
        ),
    },
  ];
  if (backup.error) items.push({ label: 'Error', value: <span className="text-red-700 dark:text-red-400">{backup.error}</span> });

  return (
    <Section title="Details" description="Size is the sum of the files in the backup; new data is what this backup added to storage after deduplication and compression.">
      <DescriptionList items={items} />
    </Section>
  );
}

export function BackupWarningsSection({ warnings }: { warnings: Backup['warnings'] }) {
  return (
    <Section title="Warnings" description="Files that were skipped or changed while being read. The rest of the backup is restorable.">
      {warnings.length === 0 ? (
        <p className="text-gray-500 dark:text-gray-400">No warnings</p>
      ) : (
        <ul aria-label="Warnings" className="divide-y divide-gray-100 dark:divide-gray-800">
          {warnings.map((w, i) => (
            <li key={`${w.path}-${i}`} className="py-2">
              <p className="font-mono text-xs break-all text-gray-900 dark:text-gray-100">{w.path}</p>
              <p className="text-amber-800 dark:text-amber-300">{w.message}</p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
