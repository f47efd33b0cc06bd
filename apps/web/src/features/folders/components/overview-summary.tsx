import { can } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge';
import { buttonClasses } from '../../../components/ui/button';
import { PageHeader } from '../../../components/ui/page-header';
import { Skeleton } from '../../../components/ui/skeleton';
import { formatDateTime } from '../../../lib/format';
import { useFolderRole } from '../../auth/api/auth.queries';
import { folderOverviewQuery } from '../api/folders.queries';
import { FolderQueryError } from './folder-query-error';

interface StatCardProps {
  label: string;
  value: number;
  hint?: string;
  tone?: 'default' | 'good' | 'warn';
}

// Plain cards, not links: the left navigation already links each section, and duplicate link names
// ("Virtual machines" twice) make the page ambiguous for screen readers and role-based tests.
function StatCard({ label, value, hint, tone = 'default' }: StatCardProps) {
  const valueClass =
    tone === 'good' && value > 0
      ? 'text-green-700 dark:text-green-400'
      : tone === 'warn' && value > 0
        ? 'text-amber-700 dark:text-amber-400'
        : 'text-gray-900 dark:text-gray-50';
  return (
    <dl className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm dark:border-gray-800 dark:bg-gray-900">
      <dt className="text-gray-500 dark:text-gray-400">{label}</dt>
      <dd className={`mt-1 text-3xl font-semibold tabular-nums ${valueClass}`}>{value}</dd>
      {hint && <dd className="mt-1 text-xs text-gray-500 dark:text-gray-400">{hint}</dd>}
    </dl>
  );
}

export function OverviewSummary({ folderId }: { folderId: string }) {
  const overview = useQuery(folderOverviewQuery(folderId));
  const role = useFolderRole(folderId);
  const base = `/folders/${encodeURIComponent(folderId)}`;
  // Unknown role: show the action and let the server decide.
  const mayConnect = role === null || can(role, 'instance.connect');

  return (
    <>
      <PageHeader
        title="Overview"
        meta={
          <>
            <Badge tone="green" dot>
              Service active
            </Badge>
            {overview.data?.folder.activatedAt && (
              <span className="text-xs text-gray-500 dark:text-gray-400">since {formatDateTime(overview.data.folder.activatedAt)}</span>
            )}
          </>
        }
        actions={
          mayConnect && (
            <Link to={`${base}/connect?kind=vm`} className={buttonClasses('primary')}>
              Connect instance
            </Link>
          )
        }
      />
      {overview.isError ? (
        <FolderQueryError folderId={folderId} error={overview.error} onRetry={() => void overview.refetch()} />
      ) : overview.isPending ? (
        <div role="status" aria-label="Loading overview" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-28" />
          ))}
        </div>
      ) : (
        <div className="space-y-8">
          <section aria-labelledby="instances-heading">
            <h2 id="instances-heading" className="mb-3 text-base font-semibold">
              Instances
            </h2>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <StatCard label="Virtual machines" value={overview.data.instances.vm} />
              <StatCard label="Bare-metal servers" value={overview.data.instances.bms} />
              <StatCard label="Policies" value={overview.data.policies} />
            </div>
          </section>
          <section aria-labelledby="protection-heading">
            <h2 id="protection-heading" className="mb-3 text-base font-semibold">
              Protection
            </h2>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <StatCard label="Online" value={overview.data.instances.online} tone="good" hint="Agent sent a recent heartbeat" />
              <StatCard label="Offline" value={overview.data.instances.offline} tone="warn" hint="No heartbeat within the expected window" />
              <StatCard label="Protected" value={overview.data.instances.protected} tone="good" hint="Linked to at least one policy" />
              <StatCard label="Unprotected" value={overview.data.instances.unprotected} tone="warn" hint="No policy linked yet" />
            </div>
          </section>
        </div>
      )}
    </>
  );
}
