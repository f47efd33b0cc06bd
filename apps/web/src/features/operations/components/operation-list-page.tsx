import { ErrorCode, type Operation } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { isApiError } from '../../../lib/api-client';
import { durationBetween, formatDateTime, formatDuration } from '../../../lib/format';
import { ActivationRequiredPanel } from '../../folders/components/activation-required-panel';
import { operationListQuery } from '../api/operations.queries';
import { OPERATION_STATUS, OPERATION_TYPE_LABEL, targetHref } from '../operation-format';
import { OperationStatusBadge } from './operation-badges';

// Paging and filters come with issue 7; until then the newest operations are enough to follow what runs.
const OPERATION_LIST_LIMIT = 200;

const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

function operationColumns(folderId: string): Column<Operation>[] {
  const base = `/folders/${encodeURIComponent(folderId)}/operations`;
  return [
    {
      id: 'type',
      header: 'Type',
      cell: (o) => (
        <Link to={`${base}/${encodeURIComponent(o.id)}`} className={linkClass}>
          {OPERATION_TYPE_LABEL[o.type]}
        </Link>
      ),
      sortValue: (o) => OPERATION_TYPE_LABEL[o.type],
      filterValue: (o) => OPERATION_TYPE_LABEL[o.type],
    },
    {
      id: 'target',
      header: 'Target',
      cell: (o) => (
        <Link to={targetHref(folderId, o.target)} className="text-gray-900 hover:underline dark:text-gray-100">
          {o.target.name}
        </Link>
      ),
      sortValue: (o) => o.target.name,
      filterValue: (o) => o.target.name,
    },
    {
      id: 'status',
      header: 'Status',
      cell: (o) => <OperationStatusBadge status={o.status} />,
      sortValue: (o) => OPERATION_STATUS[o.status].label,
      filterValue: (o) => OPERATION_STATUS[o.status].label,
    },
    { id: 'startedBy', header: 'Started by', cell: (o) => o.startedBy, sortValue: (o) => o.startedBy, filterValue: (o) => o.startedBy },
    {
      id: 'created',
      header: 'Created',
      cell: (o) => <span className="whitespace-nowrap">{formatDateTime(o.createdAt)}</span>,
      // Ascending lists the newest first, which is what people look for.
      sortValue: (o) => -new Date(o.createdAt).getTime(),
    },
    {
      id: 'duration',
      header: 'Duration',
      className: 'tabular-nums whitespace-nowrap',
      cell: (o) => formatDuration(durationBetween(o.startedAt, o.finishedAt)),
      sortValue: (o) => durationBetween(o.startedAt, o.finishedAt),
    },
  ];
}

export function OperationListPage({ folderId }: { folderId: string }) {
  const operations = useQuery(operationListQuery(folderId, { limit: OPERATION_LIST_LIMIT }));
  const columns = useMemo(() => operationColumns(folderId), [folderId]);
  if (isApiError(operations.error, ErrorCode.folderNotActive)) return <ActivationRequiredPanel folderId={folderId} />;
  const total = operations.data?.total ?? 0;
  const shown = operations.data?.items.length ?? 0;

  return (
    <>
      <PageHeader
        title="Operations"
        description="Backups, restores, verifies, deletions and other long-running actions, with their progress and logs."
        meta={total > shown && <span className="text-xs text-gray-500 dark:text-gray-400">{`Showing the newest ${shown} of ${total}`}</span>}
      />
      <DataTable
        label="Operations"
        columns={columns}
        rows={operations.data?.items}
        rowKey={(o) => o.id}
        isLoading={operations.isPending}
        error={operations.error?.message ?? null}
        initialSort={{ columnId: 'created', direction: 'asc' }}
        empty={<EmptyState title="No operations yet" description="Operations appear here once backups, restores or other actions run." />}
      />
    </>
  );
}
