import { can, ErrorCode, SUCCESSFUL_BACKUP_STATUSES } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageSpinner } from '../../../components/ui/spinner';
import { isApiError } from '../../../lib/api-client';
import { useFolderRole } from '../../auth/api/auth.queries';
import { backupQuery } from '../../backups/api/backups.queries';
import { FolderQueryError } from '../../folders/components/folder-query-error';
import { BackupBrowser } from './backup-browser';
import { RestoreBasketProvider } from './restore-basket.context';

/** /folders/:folderId/backups/:backupId/files — the file browser of one backup, with its restore list. */
export function BackupBrowserPage({ folderId, backupId }: { folderId: string; backupId: string }) {
  const backup = useQuery(backupQuery(folderId, backupId));
  const role = useFolderRole(folderId);
  const base = `/folders/${encodeURIComponent(folderId)}/backups`;

  if (backup.isPending) return <PageSpinner label="Loading backup…" />;
  if (isApiError(backup.error, ErrorCode.notFound)) {
    return (
      <EmptyState
        title="This backup no longer exists"
        description="It was deleted, or the link is wrong."
        action={
          <Link to={base} className={buttonClasses('primary')}>
            Go to Backups
          </Link>
        }
      />
    );
  }
  if (backup.isError) return <FolderQueryError folderId={folderId} error={backup.error} title="Could not load the backup" onRetry={() => void backup.refetch()} />;

  const b = backup.data;
  if (!SUCCESSFUL_BACKUP_STATUSES.includes(b.status)) {
    return (
      <EmptyState
        title="There are no files to browse"
        description={b.status === 'running' ? 'The backup is still running. Its files can be browsed once it completes.' : 'Only completed backups hold files to browse and restore.'}
        action={
          <Link to={`${base}/${encodeURIComponent(b.id)}`} className={buttonClasses('primary')}>
            Back to the backup
          </Link>
        }
      />
    );
  }

  // Unknown role: show restore and let the server decide, as the other pages do.
  const mayRestore = role === null || can(role, 'restore.run');
  return (
    <RestoreBasketProvider key={b.id} backupId={b.id}>
      <BackupBrowser backup={b} mayRestore={mayRestore} />
    </RestoreBasketProvider>
  );
}
