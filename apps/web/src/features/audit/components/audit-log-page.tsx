import type { AuditEvent } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { Pagination } from '../../../components/ui/pagination';
import { formatDateTime } from '../../../lib/format';
import { folderAuditQuery } from '../api/audit.queries';
import { AuditFilterForm } from '../forms/audit-filter-form';
import { toAuditFilters, type AuditFilters } from '../forms/audit-filter-form.schema';

export const AUDIT_PAGE_SIZE = 50;

export function actorLabel(event: AuditEvent): string {
  if (event.actor.type === 'system') return 'System';
  const who = event.actor.name ?? event.actor.id ?? 'unknown';
  return event.actor.type === 'agent' ? `${who} (agent)` : who;
}

export function detailText(detail: AuditEvent['detail']): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

const columns: Column<AuditEvent>[] = [
  { id: 'at', header: 'Time', cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time>, className: 'whitespace-nowrap' },
  { id: 'actor', header: 'Actor', cell: actorLabel },
  { id: 'action', header: 'Action', className: 'whitespace-nowrap', cell: (e) => <span className="font-mono text-xs">{e.action}</span> },
  {
    id: 'resource',
    header: 'Resource',
    cell: (e) => (e.resourceType ? <span>{e.resourceType} <span className="font-mono text-xs text-gray-500 dark:text-gray-400">{e.resourceId}</span></span> : '—'),
  },
  {
    id: 'detail',
    header: 'Detail',
    // Wide enough to read, three lines at most; the whole detail is in the tooltip.
    className: 'min-w-64 max-w-md',
    cell: (e) => (
      <span title={detailText(e.detail) || undefined} className="line-clamp-3 text-xs [overflow-wrap:anywhere] text-gray-600 dark:text-gray-400">
        {detailText(e.detail)}
      </span>
    ),
  },
];

export function AuditLogPage({ folderId }: { folderId: string }) {
  const [filters, setFilters] = useState<Partial<AuditFilters>>({});
  const [offset, setOffset] = useState(0);
  const audit = useQuery(folderAuditQuery(folderId, { ...filters, limit: AUDIT_PAGE_SIZE, offset }));
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader title="Audit log" description="Who did what in this folder and when, newest first. Entries are never changed or deleted." />
      <AuditFilterForm
        onApply={(values) => {
          setFilters(toAuditFilters(values));
          setOffset(0);
        }}
      />
      <DataTable
        label="Audit log"
        columns={columns}
        rows={audit.data?.items}
        rowKey={(e) => String(e.id)}
        isLoading={audit.isPending}
        error={audit.error?.message ?? null}
        filterable={false}
        empty={
          <EmptyState
            title={filtered ? 'No entries match these filters' : 'No entries yet'}
            description={filtered ? 'Clear or widen the filters to see more.' : 'Actions in this folder will be recorded here.'}
          />
        }
        footer={
          audit.data && (
            <Pagination
              noun="audit entries"
              offset={offset}
              count={audit.data.items.length}
              total={audit.data.total}
              onPrevious={() => setOffset((o) => Math.max(0, o - AUDIT_PAGE_SIZE))}
              onNext={() => setOffset((o) => o + AUDIT_PAGE_SIZE)}
            />
          )
        }
      />
    </>
  );
}
