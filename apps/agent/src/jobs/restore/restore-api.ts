import type {
  ChunkBatch,
  FailRestoreRequest,
  FinishRestoreRequest,
  JobProgressResponse,
  RestoreNode,
  RestoreProgressRequest,
} from '@cloud-backup/domain';
import type { AgentApiClient } from '../../api/agent-api.client';
import type { Logger } from '../../log/logger';
import { DEFAULT_RETRY, STOPPING_FAIL_TIMEOUT_MS, withRetry, type RetryPolicy } from '../job-api';
import { JobStoppedError } from '../job-errors';

/** The agent API calls of one restore, bound to its credential and operation id. */
export interface RestoreJobApi {
  tree(treeId: string): Promise<RestoreNode[]>;
  /** Plain bytes as the server sent them: the caller checks each chunk against its id. */
  chunks(ids: readonly string[]): Promise<ChunkBatch>;
  progress(body: RestoreProgressRequest): Promise<JobProgressResponse>;
  finish(body: FinishRestoreRequest): Promise<void>;
  /** `stopping`: the agent is shutting down, so one quick attempt instead of retries. */
  fail(body: FailRestoreRequest, stopping: boolean): Promise<void>;
}

export interface RestoreApiBinding {
  client: AgentApiClient;
  credential: string;
  operationId: string;
  /** Ends the work calls (trees, chunks, progress): aborted when the job stops for any reason. */
  work: AbortSignal;
  /** The agent's own stop: the closing finish/fail still go out after the work was cut short. */
  agent: AbortSignal;
  logger: Logger;
  retry?: RetryPolicy;
}

/**
 * Every call here is safe to repeat: trees and chunks are reads, progress overwrites, and finish/fail
 * carry the whole final state.
 */
export function bindRestoreApi(b: RestoreApiBinding): RestoreJobApi {
  const retry = b.retry ?? DEFAULT_RETRY;
  const stopped = () => new JobStoppedError('restore');
  const again = <T>(what: string, signal: AbortSignal, call: () => Promise<T>) => withRetry(what, call, signal, b.logger, retry, stopped);
  const { client, credential, operationId } = b;
  return {
    tree: async (treeId) => (await again(`Fetching tree ${treeId}`, b.work, () => client.restoreTree(credential, operationId, treeId, b.work))).nodes,
    chunks: (ids) => again(`Fetching ${ids.length} chunks`, b.work, () => client.restoreChunks(credential, operationId, ids, b.work)),
    // Not retried: the next report, a moment later, carries fresher figures anyway.
    progress: (body) => client.restoreProgress(credential, operationId, body, b.work),
    finish: (body) => again('Reporting the result', b.agent, () => client.finishRestore(credential, operationId, body, b.agent)),
    fail: (body, stopping) =>
      stopping
        ? client.failRestore(credential, operationId, body, AbortSignal.timeout(STOPPING_FAIL_TIMEOUT_MS))
        : again('Reporting the failure', b.agent, () => client.failRestore(credential, operationId, body, b.agent)),
  };
}
