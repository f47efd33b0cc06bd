import type { VerifyResult } from '@cloud-backup/domain';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { formatBytes, formatCount, plural } from '../../../lib/format';

interface VerifyResultViewProps {
  folderId: string;
  result: VerifyResult;
  /** The backup whose page shows the result, named "this backup" in the list. */
  currentBackupId?: string;
}

export function VerifyResultView({ folderId, result, currentBackupId }: VerifyResultViewProps) {
  const checked = `Verified ${formatCount(result.checkedChunks)} ${result.checkedChunks === 1 ? 'chunk' : 'chunks'} (${formatBytes(result.checkedBytes)})`;
  if (result.damaged.length === 0) {
    return (
      <Alert tone="success" title="No damage found">
        {`${checked}: no damage found.`}
      </Alert>
    );
  }
  const base = `/folders/${encodeURIComponent(folderId)}/backups`;
  return (
    <Alert title={`Damaged data: ${plural(result.damaged.length, 'chunk')}`}>
      <p>{`${checked}. These chunks no longer match their hash; the files below cannot be restored from the backups listed.`}</p>
      <ul aria-label="Damaged chunks" className="mt-3 space-y-3">
        {result.damaged.map((chunk) => (
          <li key={chunk.chunkId}>
            <p>
              Chunk <span className="font-mono text-xs break-all">{chunk.chunkId}</span> in pack{' '}
              <span className="font-mono text-xs break-all">{chunk.packId}</span>
            </p>
            <ul className="mt-1 space-y-1 pl-4">
              {chunk.backups.map((affected) => (
                <li key={affected.backupId}>
                  {affected.backupId === currentBackupId ? (
                    <span className="font-medium">This backup</span>
                  ) : (
                    <Link to={`${base}/${encodeURIComponent(affected.backupId)}`} className="font-medium underline">
                      {`Backup ${affected.backupId}`}
                    </Link>
                  )}
                  <ul className="mt-0.5 pl-4">
                    {affected.paths.map((path) => (
                      <li key={path} className="font-mono text-xs break-all">
                        {path}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
