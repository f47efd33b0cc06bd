import type { JobProgressResponse, OperationLogLine } from '@cloud-backup/domain';
import { AgentApiError } from '../api/agent-api.errors';
import { JobCancelledError, JobStoppedError } from './job-errors';
import type { JobLog } from './job-log';

const RATE_WINDOW_MS = 10_000;
const MAX_LOG_LINES = 1000;

export interface ProgressChannelOptions<P> {
  send: (body: { progress: P; log: OperationLogLine[] }) => Promise<JobProgressResponse>;
  log: JobLog;
  signal: AbortSignal;
  now?: () => number;
  /** Reports go out at most this often from `tick` (phase changes and `flush` send at once). */
  minIntervalMs?: number;
  /** What a stop of the agent is reported as. */
  stoppedError?: () => Error;
  /** Called once, when a cancel or a refused report first ends the job, so waits elsewhere can be cut short. */
  onFailure?: (error: Error) => void;
}

/**
 * The progress channel of one job, whatever its kind: reports go out without blocking the work (one in
 * flight at a time), at most every `minIntervalMs` from `tick` and at once from `flush`. The answer may
 * cancel the job: the next `check`/`tick` throws, so cancelling takes effect between two chunks.
 */
export abstract class ProgressChannel<P> {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<boolean> | null = null;
  private failure: Error | null = null;
  private readonly samples: { at: number; bytes: number }[] = [];
  protected readonly now: () => number;
  private readonly minIntervalMs: number;

  constructor(private readonly o: ProgressChannelOptions<P>) {
    this.now = o.now ?? (() => performance.now());
    this.minIntervalMs = o.minIntervalMs ?? 500;
  }

  /** The figures as they stand; `bytesPerSecond()` gives the current rate. */
  abstract snapshot(): P;
  /** The byte counter the rate is measured on. */
  protected abstract bytesDone(): number;

  /** Throws when the server cancelled the job, the agent is stopping, or the server refused a report. */
  check(): void {
    if (this.o.signal.aborted && this.failure === null) this.fail(this.stopped());
    if (this.failure) throw this.failure;
  }

  /** Call often (per chunk, per file): sends a report when the last one is old enough. */
  tick(): void {
    this.check();
    this.poke();
  }

  /** Like `tick` but never throws: for a timer that keeps reports flowing while the work waits. */
  poke(): void {
    this.sample();
    if (this.inFlight === null && this.now() - this.lastSentAt >= this.minIntervalMs && !this.o.signal.aborted) void this.start();
  }

  /** Sends the current state and every waiting log line, then throws if the answer cancelled the job. */
  async flush(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    // More than one request only when more lines wait than one report may carry; a failed send stops
    // the loop (its lines stay queued for the next report, commit or fail).
    while ((await this.start()) && this.o.log.hasPending() && this.failure === null);
    this.check();
  }

  /** Bytes per second over the last ~10 s, so a burst of cached files does not promise a wrong ETA for long. */
  protected bytesPerSecond(): number {
    this.sample();
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 200) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }

  private sample(): void {
    const at = this.now();
    const last = this.samples.at(-1);
    if (last && at - last.at < 250) return;
    this.samples.push({ at, bytes: this.bytesDone() });
    while (this.samples.length > 2 && at - (this.samples[0]?.at ?? at) > RATE_WINDOW_MS) this.samples.shift();
  }

  private stopped(): Error {
    return this.o.stoppedError?.() ?? new JobStoppedError();
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.o.onFailure?.(error);
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
      if (answer.cancel) this.fail(new JobCancelledError());
      return true;
    } catch (error) {
      // A lost report costs nothing but freshness; a refused one (job gone, instance removed) ends the job.
      this.o.log.restore(log);
      if (error instanceof AgentApiError && error.status < 500) this.fail(error);
      else if (this.o.signal.aborted) this.fail(this.stopped());
      return false;
    }
  }
}
