import type {
  CommitBackupRequest,
  FailBackupRequest,
  JobProgressRequest,
  JobProgressResponse,
  PackUploadResponse,
} from '@cloud-backup/domain';
import type { AgentApiClient } from '../api/agent-api.client';
import { AgentApiError, ServerUnreachableError } from '../api/agent-api.errors';
import { abortableSleep } from '../heartbeat/abortable-sleep';
import type { Logger } from '../log/logger';
import { JobStoppedError, describeError } from './job-errors';

/** The agent API calls of one backup, bound to its credential and backup id. */
export interface BackupJobApi {
  missing(ids: readonly string[]): Promise<string[]>;
  uploadPack(body: Uint8Array): Promise<PackUploadResponse>;
  progress(body: JobProgressRequest): Promise<JobProgressResponse>;
  commit(body: CommitBackupRequest): Promise<void>;
  /** `stopping`: the agent is shutting down, so one quick attempt instead of retries. */
  fail(body: FailBackupRequest, stopping: boolean): Promise<void>;
}

export interface RetryPolicy {
  /** Delays between attempts; one more attempt than delays. */
  delaysMs: readonly number[];
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

// About two minutes: long enough to ride out a server restart, short enough that a dead server fails the job.
export const DEFAULT_RETRY: RetryPolicy = { delaysMs: [1000, 2000, 4000, 8000, 15_000, 30_000, 30_000, 30_000], sleep: abortableSleep };

export const STOPPING_FAIL_TIMEOUT_MS = 5000;

/** No answer, or a gateway/unavailable answer: the same request may well succeed a moment later. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ServerUnreachableError) return true;
  return error instanceof AgentApiError && (error.status === 502 || error.status === 503 || error.status === 504);
}

/** Repeats `call` after transient failures (see isTransient) with the policy's delays; an abort ends it with `stopped()`. */
export async function withRetry<T>(
  what: string,
  call: () => Promise<T>,
  signal: AbortSignal,
  logger: Logger,
  retry: RetryPolicy,
  stopped: () => Error = () => new JobStoppedError(),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (signal.aborted) throw stopped();
      const delay = retry.delaysMs[attempt];
      if (!isTransient(error) || delay === undefined) throw error;
      logger.info(`${what} failed (attempt ${attempt + 1}): ${describeError(error)}; retrying in ${delay / 1000} s`);
      await retry.sleep(delay, signal);
      if (signal.aborted) throw stopped();
    }
  }
}

/**
 * Every call here is safe to repeat: `missing` and `progress` only read or overwrite, a pack holds
 * content-addressed blobs the server deduplicates, and commit/fail carry the whole final state.
 */
export function bindJobApi(
  client: AgentApiClient,
  credential: string,
  backupId: string,
  signal: AbortSignal,
  logger: Logger,
  retry: RetryPolicy = DEFAULT_RETRY,
): BackupJobApi {
  const again = <T>(what: string, call: () => Promise<T>) => withRetry(what, call, signal, logger, retry);
  return {
    missing: async (ids) => (await again('Asking for missing blobs', () => client.missing(credential, backupId, ids, signal))).missing,
    uploadPack: (body) => again('Uploading a pack', () => client.uploadPack(credential, backupId, body, signal)),
    // Progress is not retried: the next report, a moment later, carries fresher figures anyway.
    progress: (body) => client.progress(credential, backupId, body, signal),
    commit: (body) => again('Committing the backup', () => client.commit(credential, backupId, body, signal)),
    // A job stopped by the agent's shutdown still tries, briefly, to say so.
    fail: (body, stopping) =>
      stopping
        ? client.fail(credential, backupId, body, AbortSignal.timeout(STOPPING_FAIL_TIMEOUT_MS))
        : again('Reporting the failure', () => client.fail(credential, backupId, body, signal)),
  };
}
