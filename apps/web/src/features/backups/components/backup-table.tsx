import type { Backup } from '@cloud-backup/domain';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { DataTable, type Column, type SortState } from '../../../components/ui/data-table';
import { formatBytes, formatCount, formatDateTime, formatDuration } from '../../../lib/format';
import { RemovedBadge } from '../../instances/components/instance-badges';
import { BackupStatusBadge, BackupTypeBadge } from './backup-badges';

const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

export type BackupColumnId = 'startedAt' | 'instanceName' | 'policyName' | 'type' | 'status' | 'durationMs' | 'logicalBytes' | 'newBytes' | 'fileCount';

// Column ids are the server's sort keys, so a header click maps straight to `sort`.
function backupColumns(folderId: string, hidden: ReadonlySet<BackupColumnId>): Column<Backup>[] {
  const base = `/folders/${encodeURIComponent(folderId)}`;
  const columns: Column<Backup>[] = [
    {
      id: 'startedAt',
      header: 'Created',
      serverSortable: true,
      cell: (b) => (
        <Link to={`${base}/backups/${encodeURIComponent(b.id)}`} className={`${linkClass} whitespace-nowrap`}>
          {formatDateTime(b.startedAt)}
        </Link>
      ),
    },
    {
      id: 'instanceName',
      header: 'Instance',
      serverSortable: true,
      cell: (b) => (
        <span className="inline-flex items-center gap-2">
          <Link to={`${base}/instances/${encodeURIComponent(b.instanceId)}`} className={linkClass}>
            {b.instanceName}
          </Link>
          {b.instanceRemoved && <RemovedBadge />}
        </span>
      ),
    },
    {
      id: 'policyName',
      header: 'Policy',
      serverSortable: true,
      cell: (b) =>
        b.policyId ? (
          <Link to={`${base}/policies/${encodeURIComponent(b.policyId)}`} className={linkClass}>
            {b.policyName}
          </Link>
        ) : (
          b.policyName || '—'
        ),
    },
    { id: 'type', header: 'Type', cell: (b) => <BackupTypeBadge type={b.type} /> },
    { id: 'status', header: 'Status', cell: (b) => <BackupStatusBadge backup={b} /> },
    { id: 'durationMs', header: 'Duration', serverSortable: true, className: 'tabular-nums whitespace-nowrap', cell: (b) => formatDuration(b.durationMs) },
    { id: 'logicalBytes', header: 'Size', serverSortable: true, className: 'tabular-nums whitespace-nowrap', cell: (b) => formatBytes(b.logicalBytes) },
    { id: 'newBytes', header: 'New data', serverSortable: true, className: 'tabular-nums whitespace-nowrap', cell: (b) => formatBytes(b.newBytes) },
    { id: 'fileCount', header: 'Files', serverSortable: true, className: 'tabular-nums', cell: (b) => formatCount(b.fileCount) },
  ];
  return columns.filter((c) => !hidden.has(c.id as BackupColumnId));
}

interface BackupTableProps {
  folderId: string;
  rows: readonly Backup[] | undefined;
  isLoading: boolean;
  error: string | null;
  empty: ReactNode;
  /** Columns that say nothing in this place, e.g. Instance on an instance's own page. */
  hide?: readonly BackupColumnId[];
  /** Server-side sorting; without it the rows keep the order given. */
  sort?: { state: SortState; onChange: (next: SortState) => void };
  footer?: ReactNode;
}

export function BackupTable({ folderId, rows, isLoading, error, empty, hide = [], sort, footer }: BackupTableProps) {
  const hiddenKey = hide.join(',');
  const columns = useMemo(() => backupColumns(folderId, new Set(hiddenKey.split(',') as BackupColumnId[])), [folderId, hiddenKey]);
  return (
    <DataTable
      label="Backups"
      columns={columns}
      rows={rows}
      rowKey={(b) => b.id}
      isLoading={isLoading}
      error={error}
      empty={empty}
      serverSort={sort}
      filterable={false}
      footer={footer}
    />
  );
}
