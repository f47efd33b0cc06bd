import type { Instance } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { runningBackupQuery } from '../api/backups.queries';
import { BackupProgressPanel } from './backup-progress-panel';

/** The activity banner of an instance that is backing up: the running backup's live progress. */
export function InstanceBackupActivity({ instance }: { instance: Instance }) {
  const running = useQuery(runningBackupQuery(instance.folderId, instance.id));
  const backup = running.data ?? null;

  return (
    <section aria-label="Backup in progress" className="rounded-lg border border-blue-200 bg-blue-50/60 px-5 py-4 dark:border-blue-900 dark:bg-blue-950/40">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold text-blue-900 dark:text-blue-100">
          Backup in progress{backup && <span className="font-normal text-blue-800 dark:text-blue-200">{` · ${backup.policyName}`}</span>}
        </h2>
        {backup && (
          <Link
            to={`/folders/${encodeURIComponent(instance.folderId)}/backups/${encodeURIComponent(backup.id)}`}
            className="font-medium text-blue-700 hover:underline dark:text-blue-400"
          >
            View backup
          </Link>
        )}
      </div>
      {backup ? (
        <BackupProgressPanel backup={backup} />
      ) : (
        // The instance says it is backing up before the backup record can be read: show what the instance knows.
        <div className="space-y-2">
          <p className="text-blue-900 dark:text-blue-100">{instance.activityDetail ?? 'Starting…'}</p>
          <ProgressBar value={instance.progressPercent} label="Backup progress" />
        </div>
      )}
    </section>
  );
}
