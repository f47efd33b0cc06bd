import type { BackupPhase, BackupProgress, JobProgressRequest, JobProgressResponse } from '@cloud-backup/domain';
import { AgentApiError } from '../api/agent-api.errors';
import { JobCancelledError, JobStoppedError } from './job-errors';
import type { JobLog } from './job-log';

const MIN_INTERVAL_MS = 500;
const RATE_WINDOW_MS = 10_000;
const MAX_LOG_LINES = 1000;

export interface ProgressReporterOptions {
  send: (body: JobProgressRequest) => Promise<JobProgressResponse>;
  log: JobLog;
  signal: AbortSignal;
  now?: () => number;
}

export type ProgressCounters = Pick<BackupProgress, 'filesDone' | 'filesTotal' | 'bytesDone' | 'bytesTotal' | 'bytesUploaded' | 'currentPath'>;

/**
 * Live progress for the console. Reports go out at most twice a second without blocking the read
 * (one in flight at a time), and at every phase change. The answer may cancel the job: the next
 * `tick` throws, so cancelling takes effect between two chunks, not at the end of a huge file.
 */
export class ProgressReporter {
  readonly counters: ProgressCounters = {
    filesDone: 0,
    filesTotal: null,
    bytesDone: 0,
    bytesTotal: null,
    bytesUploaded: 0,
    currentPath: null,
  };
  private phase: BackupPhase = 'pre_command';
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<boolean> | null = null;
  private failure: Error | null = null;
  private readonly samples: { at: number; bytes: number }[] = [];
  private readonly now: () => number;

  constructor(private readonly o: ProgressReporterOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Throws when the server cancelled the job, the agent is stopping, or the server refused a report. */
  check(): void {
    if (this.o.signal.aborted) throw new JobStoppedError();
    if (this.failure) throw this.failure;
  }

  /** Call often (per chunk, per file): sends a report when the last one is old enough. */
  tick(): void {
    this.check();
    this.sample();
    if (this.inFlight === null && this.now() - this.lastSentAt >= MIN_INTERVAL_MS) void this.start();
  }

  async setPhase(phase: BackupPhase): Promise<void> {
    this.phase = phase;
    this.counters.currentPath = null;
    await this.flush();
  }

  /** Sends the current state and every waiting log line, then throws if the answer cancelled the job. */
  async flush(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    // More than one request only when more lines wait than one report may carry; a failed send stops
    // the loop (its lines stay queued for the next report, commit or fail).
    while ((await this.start()) && this.o.log.hasPending() && this.failure === null);
    this.check();
  }

  snapshot(): BackupProgress {
    const bytesPerSecond = this.rate();
    const { bytesTotal, bytesDone } = this.counters;
    const etaSeconds = bytesTotal !== null && bytesPerSecond > 0 ? Math.max(bytesTotal - bytesDone, 0) / bytesPerSecond : null;
    const { currentPath } = this.counters;
    // The contract caps the path at 4096 characters; the end of a deep path is the informative part.
    const shownPath = currentPath !== null && currentPath.length > 4096 ? `…${currentPath.slice(-4095)}` : currentPath;
    return { phase: this.phase, ...this.counters, currentPath: shownPath, bytesPerSecond, etaSeconds };
  }

  private sample(): void {
    const at = this.now();
    const last = this.samples.at(-1);
    if (last && at - last.at < 250) return;
    this.samples.push({ at, bytes: this.counters.bytesDone });
    while (this.samples.length > 2 && at - (this.samples[0]?.at ?? at) > RATE_WINDOW_MS) this.samples.shift();
  }

  /** Bytes per second over the last ~10 s, so a burst of cached files does not promise a wrong ETA for long. */
  private rate(): number {
    this.sample();
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 200) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }

  private start(): Promise<boolean> {
    const sending = this.sendOne();
    this.inFlight = sending;
    void sending.finally(() => {
      if (this.inFlight === sending) this.inFlight = null;
    });
    return sending;
  }

  private async sendOne(): Promise<boolean> {
    this.lastSentAt = this.now();
    const log = this.o.log.take(MAX_LOG_LINES);
    try {
      const answer = await this.o.send({ progress: this.snapshot(), log });
      if (answer.cancel) this.failure ??= new JobCancelledError();
      return true;
    } catch (error) {
      // A lost report costs nothing but freshness; a refused one (backup gone, instance removed) ends the job.
      this.o.log.restore(log);
      if (error instanceof AgentApiError && error.status < 500) this.failure ??= error;
      else if (this.o.signal.aborted) this.failure ??= new JobStoppedError();
      return false;
    }
  }
}
