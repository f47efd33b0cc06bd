import type { AgentJob } from '@cloud-backup/domain';
import type { AgentApiClient } from '../api/agent-api.client';
import { abortableSleep } from '../heartbeat/abortable-sleep';
import { retryDelayMs } from '../heartbeat/heartbeat.loop';
import type { Logger } from '../log/logger';
import { isTerminalApiError, runBackupJob, type BackupJobContext } from './backup.job';
import { describeError } from './job-errors';
import { runRestoreJob, type RestoreJobContext } from './restore.job';

export interface JobLoopOptions {
  client: AgentApiClient;
  credential: string;
  root: string;
  dataDir: string;
  logger: Logger;
  signal: AbortSignal;
  /** Seconds the server may hold `jobs/next` open. */
  waitSeconds?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** For tests: the context every job gets, minus what the loop fills in. */
  jobContext?: Partial<BackupJobContext & RestoreJobContext>;
}

export type JobLoopOutcome = { reason: 'stopped' } | { reason: 'removed'; message: string };

const DEFAULT_WAIT_SECONDS = 25;
// Backoff cap after failed polls, like the heartbeat's (which is capped by its interval).
const MAX_RETRY_SECONDS = 30;
// A server that answers "no job" at once instead of holding the request must not turn this into a busy loop.
const MIN_POLL_INTERVAL_MS = 1000;

/**
 * Long-polls the server for jobs and runs them one at a time, beside the heartbeat loop. A failing
 * job is reported by the job itself; only a refused credential (401/410) ends the loop.
 */
export async function runJobLoop(o: JobLoopOptions): Promise<JobLoopOutcome> {
  const sleep = o.sleep ?? abortableSleep;
  const waitSeconds = o.waitSeconds ?? DEFAULT_WAIT_SECONDS;
  let failures = 0;
  while (!o.signal.aborted) {
    const startedAt = Date.now();
    let job: AgentJob | null;
    try {
      job = (await o.client.nextJob(o.credential, waitSeconds, o.signal)).job;
      if (failures > 0) o.logger.info(`Job polling works again after ${failures} failed attempt${failures === 1 ? '' : 's'}`);
      failures = 0;
    } catch (error) {
      if (o.signal.aborted) break;
      if (isTerminalApiError(error)) return { reason: 'removed', message: error.message };
      failures++;
      const delayMs = retryDelayMs(failures, MAX_RETRY_SECONDS);
      o.logger.info(`Asking for jobs failed (attempt ${failures}): ${describeError(error)}; retrying in ${delayMs / 1000} s`);
      await sleep(delayMs, o.signal);
      continue;
    }
    if (job === null) {
      const elapsed = Date.now() - startedAt;
      if (elapsed < MIN_POLL_INTERVAL_MS) await sleep(MIN_POLL_INTERVAL_MS - elapsed, o.signal);
      continue;
    }
    const what = job.kind === 'backup' ? `Backup ${job.backupId}` : `Restore ${job.operationId}`;
    try {
      o.logger.info(`${what} ${await runJob(job, o)}`);
    } catch (error) {
      if (isTerminalApiError(error)) return { reason: 'removed', message: error.message };
      // A bug in the job must not take the agent down; the server marks the operation abandoned.
      o.logger.info(`${what} ended unexpectedly: ${describeError(error)}`);
    }
  }
  return { reason: 'stopped' };
}

/** Runs one job of either kind; answers the line that says how it ended. */
async function runJob(job: AgentJob, o: JobLoopOptions): Promise<string> {
  const base = { ...o.jobContext, client: o.client, credential: o.credential, root: o.root, logger: o.logger, signal: o.signal };
  switch (job.kind) {
    case 'backup': {
      const outcome = await runBackupJob(job, { ...base, dataDir: o.dataDir });
      return outcome.status === 'failed' ? `failed: ${outcome.error}` : `finished: ${outcome.status}`;
    }
    case 'restore': {
      const outcome = await runRestoreJob(job, base);
      if (outcome.status === 'failed') return `failed: ${outcome.error}`;
      const s = outcome.summary;
      return `finished: ${s.restoredFiles} files, ${s.restoredDirs} folders, ${s.skippedCount} skipped, ${s.failedCount} failed`;
    }
  }
}
