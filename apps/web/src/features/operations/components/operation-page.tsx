import { ErrorCode } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/button';
import { DescriptionList } from '../../../components/ui/description-list';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { Section } from '../../../components/ui/section';
import { PageSpinner } from '../../../components/ui/spinner';
import { isApiError } from '../../../lib/api-client';
import { durationBetween, formatDateTime, formatDuration, formatPercent } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { VerifyResultView } from '../../backups/components/verify-result-view';
import { FolderQueryError } from '../../folders/components/folder-query-error';
import { RestoreOperationSection } from '../../restore/components/restore-operation-section';
import { isOperationActive, operationQuery } from '../api/operations.queries';
import { OPERATION_TYPE_LABEL, targetHref } from '../operation-format';
import { CancelOperationButton } from './cancel-operation-button';
import { OperationStatusBadge } from './operation-badges';
import { OperationLog } from './operation-log';

const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

export function OperationPage({ folderId, operationId }: { folderId: string; operationId: string }) {
  const operation = useQuery(operationQuery(folderId, operationId));
  // The running duration ticks each second; a finished one needs no timer worth mentioning.
  const now = useNow(operation.data && isOperationActive(operation.data.status) ? 1_000 : 60_000);
  const base = `/folders/${encodeURIComponent(folderId)}`;

  if (operation.isPending) return <PageSpinner label="Loading operation…" />;
  if (isApiError(operation.error, ErrorCode.notFound)) {
    return (
      <EmptyState
        title="This operation does not exist"
        description="The link may be wrong, or the operation was cleaned up."
        action={
          <Link to={`${base}/operations`} className={buttonClasses('primary')}>
            Go to Operations
          </Link>
        }
      />
    );
  }
  if (operation.isError) return <FolderQueryError folderId={folderId} error={operation.error} title="Could not load the operation" onRetry={() => void operation.refetch()} />;

  const op = operation.data;
  const active = isOperationActive(op.status);
  const duration = durationBetween(op.startedAt, op.finishedAt ?? (op.startedAt ? new Date(now).toISOString() : null));

  return (
    <>
      <PageHeader
        title={`${OPERATION_TYPE_LABEL[op.type]}: ${op.target.name}`}
        meta={<OperationStatusBadge status={op.status} />}
        actions={<CancelOperationButton operation={op} />}
      />
      <div className="space-y-6">
        <Section title="Details">
          <DescriptionList
            items={[
              { label: 'Type', value: OPERATION_TYPE_LABEL[op.type] },
              { label: 'Status', value: <OperationStatusBadge status={op.status} /> },
              {
                label: 'Target',
                value: (
                  <Link to={targetHref(folderId, op.target)} className={linkClass}>
                    {op.target.name}
                  </Link>
                ),
              },
              { label: 'Started by', value: op.startedBy },
              { label: 'Created', value: formatDateTime(op.createdAt) },
              { label: 'Started', value: op.startedAt ? formatDateTime(op.startedAt) : 'Not yet' },
              { label: 'Finished', value: op.finishedAt ? formatDateTime(op.finishedAt) : active ? 'Still running' : '—' },
              { label: 'Duration', value: formatDuration(duration) },
              {
                label: 'Progress',
                value:
                  op.progressPercent === null ? (
                    '—'
                  ) : (
                    <div className="flex max-w-md items-center gap-3">
                      <ProgressBar value={op.progressPercent} label="Operation progress" />
                      <span className="tabular-nums">{formatPercent(op.progressPercent)}</span>
                    </div>
                  ),
              },
              { label: 'Result', value: op.result ?? (active ? 'Not finished yet' : '—') },
              ...(op.backupId
                ? [
                    {
                      label: 'Backup',
                      value: (
                        <Link to={`${base}/backups/${encodeURIComponent(op.backupId)}`} className={linkClass}>
                          View backup
                        </Link>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Section>
        {op.restore && <RestoreOperationSection folderId={folderId} restore={op.restore} active={active} />}
        {op.verify && (
          <Section title="Verify result">
            <VerifyResultView folderId={folderId} result={op.verify} currentBackupId={op.target.kind === 'backup' ? op.target.id : undefined} />
          </Section>
        )}
        <Section title="Log" description={active ? 'Updated live while the operation runs.' : undefined}>
          <OperationLog lines={op.log} />
        </Section>
      </div>
    </>
  );
}
