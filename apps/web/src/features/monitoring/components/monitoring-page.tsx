import { MonitoringRange } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { SelectField } from '../../../components/ui/form-controls';
import { PageHeader } from '../../../components/ui/page-header';
import { Skeleton } from '../../../components/ui/skeleton';
import { formatBytes, formatCount } from '../../../lib/format';
import { instanceListQuery } from '../../instances/api/instances.queries';
import { monitoringSeriesQuery } from '../api/monitoring.queries';
import { chartRows, MONITORING_RANGE_LABEL } from '../monitoring-format';
import { MetricChart } from './metric-chart';

const DEFAULT_RANGE: MonitoringRange = 'day';

export function MonitoringPage({ folderId }: { folderId: string }) {
  const [search, setSearch] = useSearchParams();
  const range = MonitoringRange.safeParse(search.get('range')).data ?? DEFAULT_RANGE;
  const instanceId = search.get('instanceId') || null;
  const instances = useQuery(instanceListQuery(folderId, null));
  const series = useQuery(monitoringSeriesQuery(folderId, range, instanceId));
  const rows = useMemo(() => (series.data ? chartRows(series.data) : []), [series.data]);

  const setView = (next: { range: MonitoringRange; instanceId: string | null }) => {
    const params = new URLSearchParams();
    if (next.range !== DEFAULT_RANGE) params.set('range', next.range);
    if (next.instanceId) params.set('instanceId', next.instanceId);
    setSearch(params);
  };

  const instanceOptions = (instances.data ?? []).map((i) => ({ id: i.id, name: i.name })).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  // A removed instance's link still shows its history; keep it choosable.
  if (instanceId && !instanceOptions.some((i) => i.id === instanceId)) instanceOptions.push({ id: instanceId, name: instanceId });

  const common = series.data && { rows, range, from: new Date(series.data.from).getTime(), to: new Date(series.data.to).getTime() };
  const count = (v: number) => formatCount(v);

  return (
    <>
      <PageHeader title="Monitoring" description="Protected instances, storage used, agent health and backup errors over time." />
      <div className="space-y-4">
        <form role="search" aria-label="Chart options" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
          <SelectField label="Range" value={range} onChange={(e) => setView({ range: MonitoringRange.safeParse(e.target.value).data ?? DEFAULT_RANGE, instanceId })} className="w-44">
            {MonitoringRange.options.map((r) => (
              <option key={r} value={r}>
                {MONITORING_RANGE_LABEL[r]}
              </option>
            ))}
          </SelectField>
          <SelectField label="Scope" value={instanceId ?? ''} onChange={(e) => setView({ range, instanceId: e.target.value || null })} className="w-56">
            <option value="">Whole folder</option>
            {instanceOptions.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </SelectField>
        </form>
        {series.isError ? (
          <Alert title="Could not load the charts" action={<Button size="sm" onClick={() => void series.refetch()}>Try again</Button>}>
            {series.error.message}
          </Alert>
        ) : !common ? (
          <div role="status" aria-label="Loading charts" className="grid gap-4 lg:grid-cols-2">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-72" />
            ))}
          </div>
        ) : (
          <>
            {rows.length === 0 && (
              <Alert tone="info" title="No samples in this range yet">
                The server records a sample every few minutes; charts fill in as it does.
              </Alert>
            )}
            <div className="grid gap-4 lg:grid-cols-2">
              <MetricChart
                testId="protected-instances"
                title="Protected instances"
                description={instanceId ? '1 when this instance has a good backup under an enabled policy' : 'Instances with a good backup under an enabled policy'}
                metric="protectedInstances"
                kind="line"
                color="green"
                format={count}
                {...common}
              />
              <MetricChart
                testId="storage-used"
                title="Storage used"
                description="After deduplication and compression"
                metric="storageUsedBytes"
                kind="line"
                color="blue"
                format={formatBytes}
                {...common}
              />
              <MetricChart testId="agents-alive" title="Agents alive" description="Agents that sent a recent heartbeat" metric="agentsAlive" kind="line" color="violet" format={count} {...common} />
              <MetricChart testId="backup-errors" title="Backup errors" description="Failed backups in each interval" metric="backupErrors" kind="bar" color="red" format={count} {...common} />
            </div>
          </>
        )}
      </div>
    </>
  );
}
