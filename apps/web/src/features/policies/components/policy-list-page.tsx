import { can, ErrorCode, type PolicySummary } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/button';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { RelativeTime } from '../../../components/ui/relative-time';
import { isApiError } from '../../../lib/api-client';
import { useFolderRole } from '../../auth/api/auth.queries';
import { ActivationRequiredPanel } from '../../folders/components/activation-required-panel';
import { policyListQuery } from '../api/policies.queries';
import { formatRetention, formatSchedule, formatScheme } from '../policy-format';
import { EnabledBadge } from './policy-badges';

function policyColumns(folderId: string): Column<PolicySummary>[] {
  const base = `/folders/${encodeURIComponent(folderId)}/policies`;
  return [
    {
      id: 'name',
      header: 'Name',
      cell: (p) => (
        <Link to={`${base}/${encodeURIComponent(p.id)}`} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
          {p.name}
        </Link>
      ),
      sortValue: (p) => p.name,
      filterValue: (p) => p.name,
    },
    {
      id: 'enabled',
      header: 'Enabled',
      cell: (p) => <EnabledBadge enabled={p.enabled} />,
      sortValue: (p) => (p.enabled ? 0 : 1),
    },
    {
      id: 'scheme',
      header: 'Scheme',
      cell: (p) => formatScheme(p.settings.scheme),
      sortValue: (p) => formatScheme(p.settings.scheme),
      filterValue: (p) => formatScheme(p.settings.scheme),
    },
    {
      id: 'schedule',
      header: 'Schedule',
      cell: (p) => formatSchedule(p.settings.schedule, p.settings.timeZone),
      sortValue: (p) => formatSchedule(p.settings.schedule),
      filterValue: (p) => formatSchedule(p.settings.schedule, p.settings.timeZone),
    },
    {
      id: 'retention',
      header: 'Retention',
      cell: (p) => formatRetention(p.settings.retention),
      sortValue: (p) => formatRetention(p.settings.retention),
      filterValue: (p) => formatRetention(p.settings.retention),
    },
    {
      id: 'linked',
      header: 'Linked instances',
      cell: (p) => <span className="tabular-nums">{p.linkedInstanceCount}</span>,
      sortValue: (p) => p.linkedInstanceCount,
    },
    {
      id: 'nextRun',
      header: 'Next run',
      cell: (p) => <RelativeTime value={p.nextRunAt} never="—" />,
      sortValue: (p) => (p.nextRunAt ? new Date(p.nextRunAt).getTime() : null),
    },
  ];
}

export function PolicyListPage({ folderId }: { folderId: string }) {
  const policies = useQuery(policyListQuery(folderId));
  const columns = useMemo(() => policyColumns(folderId), [folderId]);
  const role = useFolderRole(folderId);
  if (isApiError(policies.error, ErrorCode.folderNotActive)) return <ActivationRequiredPanel folderId={folderId} />;
  // Unknown role: show the action and let the server decide.
  const mayWrite = role === null || can(role, 'policy.write');
  const createLink = mayWrite && (
    <Link to={`/folders/${encodeURIComponent(folderId)}/policies/new`} className={buttonClasses('primary')}>
      Create policy
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Policies"
        description="When and how instances are backed up, and how long backups are kept. Link a policy to an instance to protect it."
        actions={createLink}
      />
      <DataTable
        label="Policies"
        columns={columns}
        rows={policies.data}
        rowKey={(p) => p.id}
        isLoading={policies.isPending}
        error={policies.error?.message ?? null}
        initialSort={{ columnId: 'name', direction: 'asc' }}
        empty={
          <EmptyState
            title="No policies yet"
            description="Activation creates three default policies unless you opted out. Create one to start protecting instances."
            action={createLink}
          />
        }
      />
    </>
  );
}
