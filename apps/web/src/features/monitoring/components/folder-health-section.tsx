import type { AtRiskInstance, FolderHealth } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { Section } from '../../../components/ui/section';
import { Skeleton } from '../../../components/ui/skeleton';
import { formatBytes, formatCount, formatDateTime, formatDuration, formatRelativeTime } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { operationsPageHref } from '../../operations/operation-filters';
import { folderHealthQuery } from '../api/monitoring.queries';

const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

function HealthCard({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <dl className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm dark:border-gray-800 dark:bg-gray-900">
      <dt className="text-gray-500 dark:text-gray-400">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold text-gray-900 tabular-nums dark:text-gray-50">{children}</dd>
      {hint && <dd className="mt-1 text-xs text-gray-500 dark:text-gray-400">{hint}</dd>}
    </dl>
  );
}

function atRiskColumns(folderId: string, now: number): Column<AtRiskInstance>[] {
  const base = `/folders/${encodeURIComponent(folderId)}`;
  return [
    {
      id: 'instance',
      header: 'Instance',
      cell: (r) => (
        <Link to={`${base}/instances/${encodeURIComponent(r.instanceId)}`} className={linkClass}>
          {r.instanceName}
        </Link>
      ),
      sortValue: (r) => r.instanceName,
    },
    {
      id: 'policy',
      header: 'Policy',
      cell: (r) => (
        <Link to={`${base}/policies/${encodeURIComponent(r.policyId)}`} className="text-gray-900 hover:underline dark:text-gray-100">
          {r.policyName}
        </Link>
      ),
      sortValue: (r) => r.policyName,
    },
    {
      id: 'lastGood',
      header: 'Last good backup',
      cell: (r) =>
        r.lastGoodBackupAt ? (
          <time dateTime={r.lastGoodBackupAt} title={formatDateTime(r.lastGoodBackupAt)} className="whitespace-nowrap">
            {formatRelativeTime(r.lastGoodBackupAt, now)}
          </time>
        ) : (
          <span className="text-red-700 dark:text-red-400">None yet</span>
        ),
      // Oldest first: the worst case leads.
      sortValue: (r) => (r.lastGoodBackupAt ? new Date(r.lastGoodBackupAt).getTime() : 0),
    },
    { id: 'allowed', header: 'Allowed age', className: 'whitespace-nowrap tabular-nums', cell: (r) => formatDuration(r.allowedAgeSeconds * 1000), sortValue: (r) => r.allowedAgeSeconds },
  ];
}

function HealthCards({ folderId, health }: { folderId: string; health: FolderHealth }) {
  const { succeeded, failed } = health.backupsLast24h;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <HealthCard label="Protected instances" hint="With a good backup under an enabled policy">
        {formatCount(health.protectedInstances)}
        <span className="text-base font-normal text-gray-500 dark:text-gray-400"> of {formatCount(health.instances)}</span>
      </HealthCard>
      <HealthCard label="Backup storage" hint="After deduplication and compression">
        {formatBytes(health.storageUsedBytes)}
      </HealthCard>
      <HealthCard label="Backups in the last 24 h" hint="Succeeded / failed">
        <span className="text-green-700 dark:text-green-400">{formatCount(succeeded)}</span>
        <span className="text-base font-normal text-gray-500 dark:text-gray-400"> / </span>
        {failed > 0 ? (
          <Link to={operationsPageHref(folderId, { type: 'backup', status: 'failed' })} className="text-red-700 hover:underline dark:text-red-400" aria-label={`${failed} failed backups`}>
            {formatCount(failed)}
          </Link>
        ) : (
          <span>{formatCount(failed)}</span>
        )}
      </HealthCard>
      <HealthCard label="Agents offline" hint="No heartbeat within the expected window">
        <span className={cx(health.agentsOffline.length > 0 && 'text-amber-700 dark:text-amber-400')}>{formatCount(health.agentsOffline.length)}</span>
      </HealthCard>
    </div>
  );
}

/** Fleet health on the Overview: what is protected, what failed, who is at risk and which agents are quiet. */
export function FolderHealthSection({ folderId }: { folderId: string }) {
  const health = useQuery(folderHealthQuery(folderId));
  const now = useNow(60_000);
  const base = `/folders/${encodeURIComponent(folderId)}`;

  if (health.isError) {
    return (
      <Alert title="Could not load the folder’s health" action={<Button size="sm" onClick={() => void health.refetch()}>Try again</Button>}>
        {health.error.message}
      </Alert>
    );
  }
  if (health.isPending) {
    return (
      <div role="status" aria-label="Loading health" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-28" />
        ))}
      </div>
    );
  }
  const data = health.data;
  return (
    <div className="space-y-6">
      <section aria-labelledby="health-heading">
        <h2 id="health-heading" className="mb-3 text-base font-semibold">
          Health
        </h2>
        <HealthCards folderId={folderId} health={data} />
      </section>
      <Section title="At risk" description="Instances whose newest good backup is older than their policy allows.">
        <DataTable
          label="Instances at risk"
          columns={atRiskColumns(folderId, now)}
          rows={data.atRisk}
          rowKey={(r) => `${r.instanceId}/${r.policyId}`}
          initialSort={{ columnId: 'lastGood', direction: 'asc' }}
          filterable={false}
          // A one-line empty state like the two sections below, not a full-page one inside a section.
          empty={
            <p className="text-gray-500 dark:text-gray-400">
              <span className="font-medium text-gray-700 dark:text-gray-300">No instance is at risk</span>: every linked instance has a recent enough backup.
            </p>
          }
        />
      </Section>
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Agents offline">
          {data.agentsOffline.length === 0 ? (
            <p className="text-gray-500 dark:text-gray-400">Every agent is online.</p>
          ) : (
            <ul aria-label="Agents offline" className="divide-y divide-gray-100 dark:divide-gray-800">
              {data.agentsOffline.map((a) => (
                <li key={a.instanceId} className="flex items-center justify-between gap-3 py-2">
                  <Link to={`${base}/instances/${encodeURIComponent(a.instanceId)}`} className={linkClass}>
                    {a.instanceName}
                  </Link>
                  <span className="text-gray-600 dark:text-gray-400" title={a.lastSeenAt ? formatDateTime(a.lastSeenAt) : undefined}>
                    {a.lastSeenAt ? `Last seen ${formatRelativeTime(a.lastSeenAt, now)}` : 'Never seen'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Recent failures" description="Failed backups of the last 24 hours.">
          {data.recentFailures.length === 0 ? (
            <p className="text-gray-500 dark:text-gray-400">No backup failed in the last 24 hours.</p>
          ) : (
            <ul aria-label="Recent failures" className="divide-y divide-gray-100 dark:divide-gray-800">
              {data.recentFailures.map((f) => (
                <li key={f.backupId} className="py-2">
                  <div className="flex items-center justify-between gap-3">
                    <Link
                      to={f.operationId ? `${base}/operations/${encodeURIComponent(f.operationId)}` : `${base}/backups/${encodeURIComponent(f.backupId)}`}
                      className={linkClass}
                    >
                      {`${f.instanceName} · ${f.policyName}`}
                    </Link>
                    <time dateTime={f.startedAt} title={formatDateTime(f.startedAt)} className="whitespace-nowrap text-gray-600 dark:text-gray-400">
                      {formatRelativeTime(f.startedAt, now)}
                    </time>
                  </div>
                  {f.error && <p className="mt-0.5 line-clamp-2 break-words text-xs text-red-700 dark:text-red-400">{f.error}</p>}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </div>
  );
}
