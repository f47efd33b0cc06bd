import { QUOTA_WARNING_RATIO, type QuotaLine } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { formatCount, formatPercent } from '../../../lib/format';
import { meQuery } from '../../auth/api/auth.queries';
import { folderQuotasQuery } from '../api/monitoring.queries';
import { EditLimitsDialog } from '../forms/edit-limits-dialog';
import { formatDecimalBytes } from '../forms/limits-form.schema';

const UNIT_SUFFIX: Record<QuotaLine['unit'], string> = { count: '', bytes: '', chars: ' characters', items: ' items' };

export function formatQuotaValue(line: QuotaLine, value: number): string {
  return line.unit === 'bytes' ? formatDecimalBytes(value) : `${formatCount(value)}${UNIT_SUFFIX[line.unit]}`;
}

/** Share of the limit in use; a zero limit is full as soon as anything is used, and at 0 of 0 too. */
export function usageRatio(used: number, limit: number): number {
  if (limit === 0) return 1;
  return used / limit;
}

function UsageBar({ line }: { line: QuotaLine }) {
  if (line.used === null) return <span className="text-gray-500 dark:text-gray-400">Fixed limit</span>;
  const ratio = usageRatio(line.used, line.limit);
  const level = ratio >= 1 ? 'full' : ratio >= QUOTA_WARNING_RATIO ? 'warning' : 'ok';
  const percent = Math.min(100, ratio * 100);
  return (
    <div className="flex min-w-48 items-center gap-3">
      <div
        role="progressbar"
        aria-label={`${line.label} usage`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.floor(percent)}
        data-level={level}
        className="h-2 w-full overflow-hidden rounded-full bg-gray-200 dark:bg-gray-800"
      >
        <div
          className={cx(
            'h-full rounded-full',
            level === 'full' ? 'bg-red-600 dark:bg-red-400' : level === 'warning' ? 'bg-amber-500 dark:bg-amber-400' : 'bg-blue-600 dark:bg-blue-400',
          )}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="w-12 text-right text-xs tabular-nums text-gray-600 dark:text-gray-400">{formatPercent(ratio * 100)}</span>
      {level === 'full' && <Badge tone="red">Reached</Badge>}
      {level === 'warning' && <Badge tone="amber">Nearly</Badge>}
    </div>
  );
}

const columns: Column<QuotaLine>[] = [
  { id: 'label', header: 'Limit', cell: (l) => <span className="font-medium text-gray-900 dark:text-gray-100">{l.label}</span> },
  { id: 'used', header: 'Used', className: 'tabular-nums whitespace-nowrap', cell: (l) => (l.used === null ? '—' : formatQuotaValue(l, l.used)) },
  { id: 'limit', header: 'Allowed', className: 'tabular-nums whitespace-nowrap', cell: (l) => formatQuotaValue(l, l.limit) },
  { id: 'usage', header: 'Usage', cell: (l) => <UsageBar line={l} /> },
];

export function QuotasPage({ folderId }: { folderId: string }) {
  const quotas = useQuery(folderQuotasQuery(folderId));
  const me = useQuery(meQuery());
  const [editing, setEditing] = useState(false);
  const isInstallationAdmin = me.data?.user.installationAdmin === true;

  return (
    <>
      <PageHeader
        title="Quotas"
        description="Use of this folder against its limits: linked virtual machines, linked bare-metal servers and backup storage."
        meta={quotas.data && <Badge tone={quotas.data.defaults ? 'gray' : 'blue'}>{quotas.data.defaults ? 'Installation defaults' : 'Limits set for this folder'}</Badge>}
        actions={
          isInstallationAdmin &&
          quotas.data && (
            <Button variant="primary" onClick={() => setEditing(true)}>
              Edit limits
            </Button>
          )
        }
      />
      <DataTable
        label="Quotas"
        columns={columns}
        rows={quotas.data?.lines}
        rowKey={(l) => l.key}
        isLoading={quotas.isPending}
        error={quotas.error?.message ?? null}
        filterable={false}
        empty={<EmptyState title="No limits apply" />}
        footer={
          !isInstallationAdmin && (
            <p className="text-xs text-gray-500 dark:text-gray-400">Only an installation admin changes these limits. Ask yours if the folder needs more.</p>
          )
        }
      />
      {quotas.data && isInstallationAdmin && <EditLimitsDialog folderId={folderId} limits={quotas.data.limits} open={editing} onClose={() => setEditing(false)} />}
    </>
  );
}
