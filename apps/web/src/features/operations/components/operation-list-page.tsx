import { ErrorCode, type Operation } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { Pagination } from '../../../components/ui/pagination';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { isApiError } from '../../../lib/api-client';
import { durationBetween, formatDateTime, formatDuration, formatPercent } from '../../../lib/format';
import { ActivationRequiredPanel } from '../../folders/components/activation-required-panel';
import { isOperationActive, operationListQuery } from '../api/operations.queries';
import {
  DEFAULT_OPERATION_FILTERS,
  hasOperationFilters,
  OPERATION_PAGE_SIZE,
  operationFiltersFromSearch,
  operationFiltersToSearch,
  operationListParams,
  type OperationFilters,
} from '../operation-filters';
import { OPERATION_STATUS, OPERATION_TYPE_LABEL, targetHref } from '../operation-format';
import { CancelOperationButton } from './cancel-operation-button';
import { OperationFilterBar } from './operation-filter-bar';
import { OperationStatusBadge } from './operation-badges';

const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

/** Status, and for a running operation how far it got. */
function StatusCell({ operation }: { operation: Operation }) {
  return (
    <div className="flex min-w-32 flex-col items-start gap-1.5">
      <OperationStatusBadge status={operation.status} />
      {isOperationActive(operation.status) && operation.progressPercent !== null && (
        <div className="flex items-center gap-2">
          <ProgressBar value={operation.progressPercent} label={`Progress of ${OPERATION_TYPE_LABEL[operation.type]} ${operation.target.name}`} className="w-24" />
          <span className="text-xs tabular-nums text-gray-600 dark:text-gray-400">{formatPercent(operation.progressPercent)}</span>
        </div>
      )}
    </div>
  );
}

// The server pages; sorting sorts the page shown, which is what people compare anyway.
function operationColumns(folderId: string): Column<Operation>[] {
  const base = `/folders/${encodeURIComponent(folderId)}/operations`;
  return [
    {
      id: 'type',
      header: 'Type',
      cell: (o) => (
        <Link to={`${base}/${encodeURIComponent(o.id)}`} className={`${linkClass} whitespace-nowrap`}>
          {OPERATION_TYPE_LABEL[o.type]}
        </Link>
      ),
      sortValue: (o) => OPERATION_TYPE_LABEL[o.type],
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
    },
    { id: 'startedBy', header: 'Started by', cell: (o) => o.startedBy, sortValue: (o) => o.startedBy },
    { id: 'status', header: 'Status', cell: (o) => <StatusCell operation={o} />, sortValue: (o) => OPERATION_STATUS[o.status].label },
    {
      id: 'result',
      header: 'Result',
      className: 'min-w-48 max-w-xs',
      cell: (o) => (
        <span title={o.result ?? undefined} className="line-clamp-2 break-words text-gray-600 dark:text-gray-400">
          {o.result ?? '—'}
        </span>
      ),
    },
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
    { id: 'actions', header: 'Actions', cell: (o) => <CancelOperationButton operation={o} size="sm" /> },
  ];
}

export function OperationListPage({ folderId }: { folderId: string }) {
  const [search, setSearch] = useSearchParams();
  const filters = operationFiltersFromSearch(search);
  const operations = useQuery(operationListQuery(folderId, operationListParams(filters)));
  const columns = useMemo(() => operationColumns(folderId), [folderId]);
  const setFilters = (next: OperationFilters) => setSearch(operationFiltersToSearch(next));
  // Any new filter starts again from the first page.
  const update = (change: Partial<OperationFilters>) => setFilters({ ...filters, page: 1, ...change });

  if (isApiError(operations.error, ErrorCode.folderNotActive)) return <ActivationRequiredPanel folderId={folderId} />;

  const data = operations.data;
  const offset = (filters.page - 1) * OPERATION_PAGE_SIZE;
  const pastTheEnd = data !== undefined && data.items.length === 0 && data.total > 0;

  return (
    <>
      <PageHeader title="Operations" description="Backups, restores, verifies, deletions and other long-running actions, with their progress and logs." />
      <div className="space-y-4">
        <OperationFilterBar filters={filters} onChange={update} onClear={() => setFilters(DEFAULT_OPERATION_FILTERS)} />
        {pastTheEnd ? (
          <EmptyState
            title="Nothing on this page"
            description="The list got shorter since this page was opened."
            action={<Button onClick={() => update({})}>Go to the first page</Button>}
          />
        ) : (
          <DataTable
            label="Operations"
            columns={columns}
            rows={data?.items}
            rowKey={(o) => o.id}
            isLoading={operations.isPending}
            error={operations.error?.message ?? null}
            filterable={false}
            footer={
              data && (
                <Pagination
                  noun="operations"
                  offset={offset}
                  count={data.items.length}
                  total={data.total}
                  onPrevious={() => setFilters({ ...filters, page: Math.max(1, filters.page - 1) })}
                  onNext={() => setFilters({ ...filters, page: filters.page + 1 })}
                />
              )
            }
            empty={
              hasOperationFilters(filters) ? (
                <EmptyState title="No operations match these filters" description="Change the filters above, or clear them to see every operation." />
              ) : (
                <EmptyState title="No operations yet" description="Operations appear here once backups, restores or other actions run." />
              )
            }
          />
        )}
      </div>
    </>
  );
}
