import type { JobProgressResponse, RestoreProgress, RestoreProgressRequest } from '@cloud-backup/domain';
import { JobStoppedError } from '../job-errors';
import type { JobLog } from '../job-log';
import { ProgressChannel } from '../progress-channel';
import { shownPath } from '../progress.reporter';

export type RestorePhase = RestoreProgress['phase'];

export interface RestoreProgressOptions {
  send: (body: RestoreProgressRequest) => Promise<JobProgressResponse>;
  log: JobLog;
  signal: AbortSignal;
  filesTotal: number;
  bytesTotal: number;
  onFailure?: (error: Error) => void;
  now?: () => number;
}

export interface RestoreCounters {
  /** Files and symbolic links dealt with: restored, skipped or failed. */
  filesDone: number;
  /** Bytes of those files, written or not, so the ETA reaches zero at the end. */
  bytesDone: number;
  currentPath: string | null;
}

// ADR 007 sends backup progress twice a second; a restore's console view needs no more than once a second.
const RESTORE_REPORT_INTERVAL_MS = 1000;

/** Live progress of a restore (see ProgressChannel for how reports travel and how a cancel comes back). */
export class RestoreProgressReporter extends ProgressChannel<RestoreProgress> {
  readonly counters: RestoreCounters = { filesDone: 0, bytesDone: 0, currentPath: null };
  private phase: RestorePhase = 'preparing';

  constructor(private readonly r: RestoreProgressOptions) {
    super({ ...r, minIntervalMs: RESTORE_REPORT_INTERVAL_MS, stoppedError: () => new JobStoppedError('restore') });
  }

  async setPhase(phase: RestorePhase): Promise<void> {
    this.phase = phase;
    this.counters.currentPath = null;
    await this.flush();
  }

  snapshot(): RestoreProgress {
    const bytesPerSecond = this.bytesPerSecond();
    const { filesDone, bytesDone, currentPath } = this.counters;
    const etaSeconds = bytesPerSecond > 0 ? Math.max(this.r.bytesTotal - bytesDone, 0) / bytesPerSecond : null;
    return {
      phase: this.phase,
      filesDone,
      filesTotal: this.r.filesTotal,
      bytesDone,
      bytesTotal: this.r.bytesTotal,
      bytesPerSecond,
      etaSeconds,
      currentPath: shownPath(currentPath),
    };
  }

  protected bytesDone(): number {
    return this.counters.bytesDone;
  }
}
