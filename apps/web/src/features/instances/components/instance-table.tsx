import type { Instance } from '@cloud-backup/domain';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { RelativeTime } from '../../../components/ui/relative-time';
import { CONNECTION_RANK, ConnectionBadge } from './instance-badges';

function instanceColumns(folderId: string): Column<Instance>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      cell: (i) => (
        <Link
          to={`/folders/${encodeURIComponent(folderId)}/instances/${encodeURIComponent(i.id)}`}
          className="font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          {i.name}
        </Link>
      ),
      sortValue: (i) => i.name,
      filterValue: (i) => `${i.name} ${i.metadata?.hostname ?? ''}`,
    },
    {
      id: 'connection',
      header: 'Connection',
      cell: (i) => <ConnectionBadge instance={i} />,
      // Removed instances sort after every live status.
      sortValue: (i) => (i.status === 'deleted' ? 3 : CONNECTION_RANK[i.connection]),
    },
    {
      id: 'os',
      header: 'OS',
      cell: (i) => i.metadata?.os.prettyName || '—',
      sortValue: (i) => i.metadata?.os.prettyName || null,
      filterValue: (i) => i.metadata?.os.prettyName ?? '',
    },
    {
      id: 'ip',
      header: 'IP',
      cell: (i) => <span className="font-mono text-xs">{i.metadata?.ipAddresses[0] ?? '—'}</span>,
      sortValue: (i) => i.metadata?.ipAddresses[0] ?? null,
      filterValue: (i) => i.metadata?.ipAddresses.join(' ') ?? '',
    },
    {
      id: 'agent',
      header: 'Agent version',
      cell: (i) => i.agentVersion ?? '—',
      sortValue: (i) => i.agentVersion,
      filterValue: (i) => i.agentVersion ?? '',
    },
    {
      id: 'lastSeen',
      header: 'Last seen',
      cell: (i) => <RelativeTime value={i.lastSeenAt} />,
      // Ascending lists the most recently seen first, which is what people look for.
      sortValue: (i) => (i.lastSeenAt ? -new Date(i.lastSeenAt).getTime() : null),
    },
    {
      id: 'policies',
      header: 'Policies',
      cell: (i) => (i.policies.length > 0 ? i.policies.map((p) => p.name).join(', ') : <span className="text-gray-500 dark:text-gray-400">None</span>),
      sortValue: (i) => i.policies.length,
      filterValue: (i) => i.policies.map((p) => p.name).join(' '),
    },
  ];
}

interface InstanceTableProps {
  folderId: string;
  label: string;
  rows: readonly Instance[] | undefined;
  isLoading: boolean;
  error: string | null;
  empty: ReactNode;
}

export function InstanceTable({ folderId, label, rows, isLoading, error, empty }: InstanceTableProps) {
  const columns = useMemo(() => instanceColumns(folderId), [folderId]);
  return (
    <DataTable
      label={label}
      columns={columns}
      rows={rows}
      rowKey={(i) => i.id}
      isLoading={isLoading}
      error={error}
      empty={empty}
      initialSort={{ columnId: 'name', direction: 'asc' }}
    />
  );
}
