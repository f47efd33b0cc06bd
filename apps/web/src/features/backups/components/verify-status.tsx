import type { Operation } from '@cloud-backup/domain';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { formatPercent } from '../../../lib/format';
import { isOperationActive } from '../../operations/api/operations.queries';
import { VerifyResultView } from './verify-result-view';

/** A verify operation while it runs, then what it found. */
export function VerifyStatus({ folderId, backupId, operation }: { folderId: string; backupId: string; operation: Operation }) {
  const logLink = (
    <Link to={`/folders/${encodeURIComponent(folderId)}/operations/${encodeURIComponent(operation.id)}`} className="underline">
      Verify log
    </Link>
  );

  if (isOperationActive(operation.status)) {
    return (
      <div role="status" className="flex items-center gap-3 rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-blue-900 dark:border-blue-900 dark:bg-blue-950/60 dark:text-blue-200">
        <Spinner />
        <span>
          Verifying…
          {operation.progressPercent !== null && ` ${formatPercent(operation.progressPercent)}`}
        </span>
        <span className="ml-auto">{logLink}</span>
      </div>
    );
  }
  if (operation.verify) {
    return (
      <div className="space-y-1">
        <VerifyResultView folderId={folderId} result={operation.verify} currentBackupId={backupId} />
        <p className="text-xs text-gray-500 dark:text-gray-400">{logLink}</p>
      </div>
    );
  }
  const failed = operation.status === 'failed' || operation.status === 'cancelled';
  return (
    <Alert tone={failed ? 'error' : 'info'} title={failed ? 'Verify did not finish' : 'Verify finished'} action={logLink}>
      {operation.result ?? (failed ? 'The verify operation stopped before it could check the data.' : 'No result was reported.')}
    </Alert>
  );
}
