import type { Backup, BackupPhase, BackupProgress, BackupStatus, BackupType } from '@cloud-backup/domain';
import type { BadgeTone } from '../../components/ui/badge';
import { formatBytes, formatCount } from '../../lib/format';

export const BACKUP_STATUS: Record<BackupStatus, { label: string; tone: BadgeTone }> = {
  running: { label: 'Running', tone: 'blue' },
  completed: { label: 'Completed', tone: 'green' },
  completed_with_warnings: { label: 'Completed with warnings', tone: 'amber' },
  failed: { label: 'Failed', tone: 'red' },
  abandoned: { label: 'Abandoned', tone: 'gray' },
};

export const BACKUP_TYPE_LABEL: Record<BackupType, string> = { full: 'Full', incremental: 'Incremental' };

const PHASE_LABEL: Record<BackupPhase, string> = {
  pre_command: 'Running the pre-backup command',
  scanning: 'Scanning files',
  reading: 'Reading and hashing files',
  uploading: 'Uploading new data',
  committing: 'Saving the backup',
  post_command: 'Running the post-backup command',
  done: 'Finishing',
};

export function formatPhase(phase: BackupPhase): string {
  return PHASE_LABEL[phase];
}

/**
 * Share of the work done, 0–100, or null while the totals are unknown (the scan is still counting).
 * Bytes measure the work better than files: one large file can take longer than thousands of small ones.
 */
export function progressPercent(progress: BackupProgress): number | null {
  if (progress.phase === 'done') return 100;
  if (progress.bytesTotal !== null && progress.bytesTotal > 0) return Math.min(100, (progress.bytesDone / progress.bytesTotal) * 100);
  if (progress.filesTotal !== null && progress.filesTotal > 0) return Math.min(100, (progress.filesDone / progress.filesTotal) * 100);
  if (progress.bytesTotal === 0 && progress.filesTotal === 0) return 100;
  return null;
}

/** "1,234 of 5,000" or "1,234" while the total is unknown. */
export function formatFilesProgress(progress: BackupProgress): string {
  const done = formatCount(progress.filesDone);
  return progress.filesTotal === null ? done : `${done} of ${formatCount(progress.filesTotal)}`;
}

export function formatBytesProgress(progress: BackupProgress): string {
  const done = formatBytes(progress.bytesDone);
  return progress.bytesTotal === null ? done : `${done} of ${formatBytes(progress.bytesTotal)}`;
}

/** A running backup's progress for the status badge: "Running 42%". */
export function runningLabel(backup: Pick<Backup, 'progress'>): string {
  const percent = backup.progress ? progressPercent(backup.progress) : null;
  return percent === null ? 'Running' : `Running ${Math.floor(percent)}%`;
}
