import type { BackupPhase, BackupProgress, JobProgressRequest, JobProgressResponse } from '@cloud-backup/domain';
import type { JobLog } from './job-log';
import { ProgressChannel } from './progress-channel';

export interface ProgressReporterOptions {
  send: (body: JobProgressRequest) => Promise<JobProgressResponse>;
  log: JobLog;
  signal: AbortSignal;
  now?: () => number;
}

export type ProgressCounters = Pick<BackupProgress, 'filesDone' | 'filesTotal' | 'bytesDone' | 'bytesTotal' | 'bytesUploaded' | 'currentPath'>;

/** Clips a path to the contract's 4096 characters; the end of a deep path is the informative part. */
export function shownPath(path: string | null): string | null {
  return path !== null && path.length > 4096 ? `…${path.slice(-4095)}` : path;
}

/**
 * Live progress of a backup for the console: at most twice a second, and at every phase change (see
 * ProgressChannel for how reports travel and how a cancel comes back).
 */
export class ProgressReporter extends ProgressChannel<BackupProgress> {
  readonly counters: ProgressCounters = {
    filesDone: 0,
    filesTotal: null,
    bytesDone: 0,
    bytesTotal: null,
    bytesUploaded: 0,
    currentPath: null,
  };
  private phase: BackupPhase = 'pre_command';

  constructor(o: ProgressReporterOptions) {
    super({ ...o, minIntervalMs: 500 });
  }

  async setPhase(phase: BackupPhase): Promise<void> {
    this.phase = phase;
    this.counters.currentPath = null;
    await this.flush();
  }

  snapshot(): BackupProgress {
    const bytesPerSecond = this.bytesPerSecond();
    const { bytesTotal, bytesDone } = this.counters;
    const etaSeconds = bytesTotal !== null && bytesPerSecond > 0 ? Math.max(bytesTotal - bytesDone, 0) / bytesPerSecond : null;
    return { phase: this.phase, ...this.counters, currentPath: shownPath(this.counters.currentPath), bytesPerSecond, etaSeconds };
  }

  protected bytesDone(): number {
    return this.counters.bytesDone;
  }
}
