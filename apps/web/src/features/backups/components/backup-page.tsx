import { can, ErrorCode, SUCCESSFUL_BACKUP_STATUSES } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Button, buttonClasses } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { Section } from '../../../components/ui/section';
import { PageSpinner } from '../../../components/ui/spinner';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useFolderRole } from '../../auth/api/auth.queries';
import { FolderQueryError } from '../../folders/components/folder-query-error';
import { browserHref } from '../../restore/browser-location';
import { RestoreWholeInstanceButton } from '../../restore/components/restore-whole-instance-button';
import { RemovedBadge } from '../../instances/components/instance-badges';
import { isOperationActive, operationQuery } from '../../operations/api/operations.queries';
import { useVerifyBackup } from '../api/backups.mutations';
import { backupQuery } from '../api/backups.queries';
import { BackupStatusBadge, BackupTypeBadge } from './backup-badges';
import { BackupFiguresSection, BackupWarningsSection } from './backup-figures-section';
import { BackupProgressPanel } from './backup-progress-panel';
import { DeleteBackupButton } from './delete-backup-button';
import { VerifyStatus } from './verify-status';

export function BackupPage({ folderId, backupId }: { folderId: string; backupId: string }) {
  const backup = useQuery(backupQuery(folderId, backupId));
  const role = useFolderRole(folderId);
  const verify = useVerifyBackup(folderId);
  // Follows the verify this page started (live events, with polling as the fallback) until it finishes.
  const verifyOperation = useQuery({ ...operationQuery(folderId, verify.data?.id ?? ''), enabled: verify.data !== undefined });
  const verifyState = verifyOperation.data ?? verify.data;
  const verifying = verify.isPending || (verifyState !== undefined && isOperationActive(verifyState.status));
  const backupsPath = `/folders/${encodeURIComponent(folderId)}/backups`;

  if (backup.isPending) return <PageSpinner label="Loading backup…" />;
  if (isApiError(backup.error, ErrorCode.notFound)) {
    return (
      <EmptyState
        title="This backup no longer exists"
        description="It was deleted, or the link is wrong."
        action={
          <Link to={backupsPath} className={buttonClasses('primary')}>
            Go to Backups
          </Link>
        }
      />
    );
  }
  if (backup.isError) return <FolderQueryError folderId={folderId} error={backup.error} title="Could not load the backup" onRetry={() => void backup.refetch()} />;

  const b = backup.data;
  const running = b.status === 'running';
  // Unknown role: show the actions and let the server decide.
  const mayVerify = role === null || can(role, 'backup.run');
  const mayDelete = role === null || can(role, 'backup.delete');
  const restorable = SUCCESSFUL_BACKUP_STATUSES.includes(b.status);
  const mayRestore = restorable && (role === null || can(role, 'restore.run'));
  const busyReason = running ? 'The backup is still running' : null;

  return (
    <>
      <PageHeader
        title={
          <>
            {b.instanceName} <span className="font-normal text-gray-500 dark:text-gray-400">· {formatDateTime(b.startedAt)}</span>
          </>
        }
        meta={
          <>
            <BackupStatusBadge backup={b} />
            <BackupTypeBadge type={b.type} />
            {b.instanceRemoved && <RemovedBadge />}
          </>
        }
        actions={
          <>
            {b.operationId && (
              <Link to={`/folders/${encodeURIComponent(folderId)}/operations/${encodeURIComponent(b.operationId)}`} className={buttonClasses('ghost')}>
                Operation log
              </Link>
            )}
            {restorable && (
              <Link to={browserHref(folderId, b.id)} className={buttonClasses('secondary')}>
                Browse files
              </Link>
            )}
            {mayRestore && <RestoreWholeInstanceButton backup={b} />}
            {mayVerify && (
              <span title={busyReason ?? undefined} className="inline-flex">
                <Button onClick={() => verify.mutate({ backupId: b.id })} pending={verifying} disabled={running}>
                  Verify
                </Button>
              </span>
            )}
            {mayDelete && <DeleteBackupButton backup={b} disabledReason={busyReason} />}
          </>
        }
      />
      <div className="space-y-6">
        {verify.isError && <FolderQueryError folderId={folderId} error={verify.error} title="Could not start the verify" />}
        {verify.isPending && (
          <p role="status" className="text-blue-800 dark:text-blue-300">
            Verifying…
          </p>
        )}
        {verifyState && <VerifyStatus folderId={folderId} backupId={b.id} operation={verifyState} />}
        {running && (
          <Section title="Progress" description="Updated live as the agent reports.">
            <BackupProgressPanel backup={b} />
          </Section>
        )}
        <BackupFiguresSection backup={b} />
        <BackupWarningsSection warnings={b.warnings} />
      </div>
    </>
  );
}
