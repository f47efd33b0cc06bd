import { realpath, stat } from 'node:fs/promises';
import type { RestoreJob, RestoreSummary } from '@cloud-backup/domain';
import type { AgentApiClient } from '../api/agent-api.client';
import type { Logger } from '../log/logger';
import { isTerminalApiError } from './backup.job';
import type { RetryPolicy } from './job-api';
import { StepError, describeError, jobFailureMessage } from './job-errors';
import { JobLog, type StepLog, type StepName } from './job-log';
import type { ChunkPipelineOptions } from './restore/chunk-pipeline';
import { bindRestoreApi } from './restore/restore-api';
import { RestoreProgressReporter, type RestorePhase } from './restore/restore-progress.reporter';
import { RestoreSummaryBuilder } from './restore/restore-summary';
import { restoreItems } from './restore/restore.step';

export interface RestoreJobContext {
  client: AgentApiClient;
  credential: string;
  root: string;
  logger: Logger;
  signal: AbortSignal;
  retry?: RetryPolicy;
  /** For tests: how many files are written at once, and the chunk pipeline's sizes. */
  restoreWriters?: number;
  restorePipeline?: Omit<ChunkPipelineOptions, 'fetch'>;
  /** For tests: restore owners as if running as root (or not). Default: `process.getuid() === 0`. */
  restoreOwners?: boolean;
}

export type RestoreJobOutcome = { status: 'completed'; summary: RestoreSummary } | { status: 'failed'; error: string };

const MAX_LOG_LINES = 1000;
// Keeps reports flowing while the work waits on a slow answer or a long fsync, so a cancel still gets through.
const PROGRESS_TIMER_MS = 1000;

/** Nothing was restored and something failed: the restore as a whole failed. */
function allFailed(summary: RestoreSummary): boolean {
  return summary.failedCount > 0 && summary.restoredFiles === 0 && summary.restoredDirs === 0;
}

/**
 * One restore as a chain of named steps: prepare (resolve the root) → restore (walk and write) → finish
 * (send the summary). Entries that cannot be restored are listed in the summary; the job fails as a
 * whole only when a step gives up (server gone, root unusable), when it is cancelled, or when nothing at
 * all could be restored.
 */
export async function runRestoreJob(job: RestoreJob, ctx: RestoreJobContext): Promise<RestoreJobOutcome> {
  const log = new JobLog(ctx.logger, `Restore ${job.operationId}`);
  // `work` ends every call of the job at once: on a cancel, on an error that ends the job, or on a stop.
  const work = new AbortController();
  const stopWork = () => work.abort();
  ctx.signal.addEventListener('abort', stopWork, { once: true });
  if (ctx.signal.aborted) work.abort();
  const api = bindRestoreApi({
    client: ctx.client,
    credential: ctx.credential,
    operationId: job.operationId,
    work: work.signal,
    agent: ctx.signal,
    logger: ctx.logger,
    ...(ctx.retry ? { retry: ctx.retry } : {}),
  });
  const progress = new RestoreProgressReporter({
    send: (body) => api.progress(body),
    log,
    signal: work.signal,
    filesTotal: job.filesTotal,
    bytesTotal: job.bytesTotal,
    onFailure: stopWork,
  });
  const timer = setInterval(() => progress.poke(), PROGRESS_TIMER_MS);
  const summary = new RestoreSummaryBuilder();
  let current: StepName = 'job';
  const step = async <T>(name: StepName, phase: RestorePhase, run: (log: StepLog) => Promise<T>): Promise<T> => {
    current = name;
    await progress.setPhase(phase);
    return run(log.step(name));
  };

  log.step('job').info(`Restoring ${job.items.length} items of backup ${job.backupId} (${job.filesTotal} files, ${job.bytesTotal} bytes), overwrite: ${job.overwrite}`);
  let failure: unknown = null;
  let finished: RestoreSummary | null = null;
  try {
    const realRoot = await step('prepare', 'preparing', async (l) => {
      let resolved: string;
      try {
        resolved = await realpath(ctx.root);
        if (!(await stat(resolved)).isDirectory()) throw new Error('not a folder');
      } catch (error) {
        throw new StepError('prepare', `the agent's root ${ctx.root} cannot be used: ${describeError(error)}`);
      }
      l.info(`Writing under ${resolved}${resolved === ctx.root ? '' : ` (the root ${ctx.root} resolved)`}`);
      return resolved;
    });
    await step('restore', 'restoring', async (l) => {
      const started = performance.now();
      await restoreItems({
        items: job.items,
        overwrite: job.overwrite,
        realRoot,
        api,
        log: l,
        progress,
        summary,
        signal: work.signal,
        onJobEnding: stopWork,
        asRoot: ctx.restoreOwners ?? process.getuid?.() === 0,
        ...(ctx.restoreWriters ? { writers: ctx.restoreWriters } : {}),
        ...(ctx.restorePipeline ? { pipeline: ctx.restorePipeline } : {}),
      });
      const s = summary.build();
      const seconds = (performance.now() - started) / 1000;
      l.info(
        `Restored ${s.restoredFiles} files and ${s.restoredDirs} folders (${s.restoredBytes} bytes) in ${seconds.toFixed(1)} s; ` +
          `${s.skippedCount} skipped, ${s.failedCount} failed`,
      );
    });
    await step('finish', 'finishing', async (l) => {
      const result = summary.build();
      if (allFailed(result)) {
        const first = summary.firstFailure;
        throw new StepError('restore', `nothing could be restored: ${result.failedCount} entries failed${first ? `, first ${first.path}: ${first.reason}` : ''}`);
      }
      l.info('Sending the summary');
      await api.finish({ summary: result, log: log.take(MAX_LOG_LINES) });
      finished = result;
    });
  } catch (error) {
    failure = error;
  } finally {
    clearInterval(timer);
    ctx.signal.removeEventListener('abort', stopWork);
  }

  if (isTerminalApiError(failure)) throw failure;
  if (finished !== null) return { status: 'completed', summary: finished };
  const error = jobFailureMessage(failure ?? new Error('did not finish'), current);
  log.step('job').error(`Restore failed: ${error}`);
  try {
    await api.fail({ error, log: log.take(MAX_LOG_LINES) }, ctx.signal.aborted);
  } catch (reportError) {
    if (isTerminalApiError(reportError)) throw reportError;
    ctx.logger.info(`Restore ${job.operationId}: could not report the failure: ${describeError(reportError)}`);
  }
  return { status: 'failed', error };
}
