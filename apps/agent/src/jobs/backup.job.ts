import { realpath } from 'node:fs/promises';
import { ErrorCode, type BackupJob, type BackupPhase } from '@cloud-backup/domain';
import type { AgentApiClient } from '../api/agent-api.client';
import { AgentApiError } from '../api/agent-api.errors';
import type { Logger } from '../log/logger';
import { loadCache, saveCache, type BackupCache, type CachedDir, type CachedFile } from './backup-cache.store';
import { bindJobApi, type BackupJobApi, type RetryPolicy } from './job-api';
import { describeError, jobFailureMessage } from './job-errors';
import { JobLog, type StepLog, type StepName } from './job-log';
import { ProgressReporter } from './progress.reporter';
import { BlobUploader } from './steps/blob-uploader';
import { runCommandStep } from './steps/command.step';
import { readFiles } from './steps/read.step';
import { scanSources } from './steps/scan.step';
import type { ScanFile } from './steps/scan.types';
import { buildTrees } from './steps/tree.step';

export interface BackupJobContext {
  client: AgentApiClient;
  credential: string;
  root: string;
  dataDir: string;
  logger: Logger;
  signal: AbortSignal;
  retry?: RetryPolicy;
  /** For tests: pseudo mount points instead of /proc/self/mounts. */
  pseudoMountPoints?: ReadonlySet<string>;
}

export type BackupJobOutcome =
  | { status: 'completed' | 'completed_with_warnings'; rootTreeId: string; uploadedBytes: number }
  | { status: 'failed'; error: string };

const TERMINAL_CODES: ReadonlySet<string> = new Set([ErrorCode.instanceRemoved, ErrorCode.invalidAgentCredential]);
const MAX_LOG_LINES = 1000;

/** 401/410: the server will never take this credential again; the agent stops as a whole. */
export function isTerminalApiError(error: unknown): error is AgentApiError {
  return error instanceof AgentApiError && TERMINAL_CODES.has(error.code);
}

/** What the next fast incremental may trust: files read completely and unchanged during the read. */
function cacheOf(backupId: string, files: readonly ScanFile[], dirs: Map<string, CachedDir>): BackupCache {
  const out = new Map<string, CachedFile>();
  for (const f of files) {
    if (f.omitted || f.changed || f.content === null) continue;
    const { size, mtimeMs, ctimeMs, ino } = f.stat;
    out.set(f.key, { size, mtimeMs, ctimeMs, ino, content: f.content });
  }
  return { backupId, files: out, dirs };
}

async function previousBackup(job: BackupJob, dataDir: string, log: StepLog): Promise<BackupCache | null> {
  if (job.type !== 'incremental' || !job.fastBackup || job.previousBackupId === null) return null;
  const cache = await loadCache(dataDir, job.archiveId);
  if (cache?.backupId !== job.previousBackupId) {
    log.info(`No local record of the previous backup ${job.previousBackupId}; every file is read and compared by content`);
    return null;
  }
  log.info(`Fast incremental: files whose size, mtime, ctime and inode match backup ${job.previousBackupId} are not read`);
  return cache;
}

/**
 * One backup as a chain of named steps: pre-command → scan → read → upload (trees) → commit →
 * post-command. Each step logs under its own name; a failure names its step and fails the backup
 * on the server, the post-command still runs, and the agent goes on taking jobs.
 */
export async function runBackupJob(job: BackupJob, ctx: BackupJobContext): Promise<BackupJobOutcome> {
  const log = new JobLog(ctx.logger, `Backup ${job.backupId}`);
  const api: BackupJobApi = bindJobApi(ctx.client, ctx.credential, job.backupId, ctx.signal, ctx.logger, ctx.retry);
  const progress = new ProgressReporter({ send: (body) => api.progress(body), log, signal: ctx.signal });
  const uploader = new BlobUploader(api, (bytes) => (progress.counters.bytesUploaded += bytes));
  let current: StepName = 'job';
  const step = async <T>(name: StepName, phase: BackupPhase, run: (log: StepLog) => Promise<T>): Promise<T> => {
    current = name;
    await progress.setPhase(phase);
    return run(log.step(name));
  };

  log.step('job').info(`Starting a ${job.type} backup of ${job.sources.join(', ')} (root ${ctx.root})`);
  let committed: { rootTreeId: string } | null = null;
  let failure: unknown = null;
  try {
    const pre = job.preCommand;
    if (pre) await step('pre-command', 'pre_command', (l) => runCommandStep({ command: pre, root: ctx.root, log: l, signal: ctx.signal, check: () => progress.tick() }));
    const scan = await step('scan', 'scanning', async (l) =>
      scanSources({
        root: ctx.root,
        job,
        // Resolved like the root is, so the comparison with scanned paths holds behind a symlinked path.
        excludedHostPaths: [await realpath(ctx.dataDir).catch(() => ctx.dataDir)],
        log: l,
        progress,
        ...(ctx.pseudoMountPoints ? { pseudoMountPoints: ctx.pseudoMountPoints } : {}),
      }),
    );
    let previous: BackupCache | null = null;
    await step('read', 'reading', async (l) => {
      previous = await previousBackup(job, ctx.dataDir, l);
      return readFiles({ root: ctx.root, files: scan.files, previous: previous?.files ?? null, uploader, log: l, progress });
    });
    const totals = await step('upload', 'uploading', async (l) => {
      const trees = await buildTrees(scan.top, uploader, progress, (previous as BackupCache | null)?.dirs ?? null);
      previous = null; // only the new cache is needed from here on
      await uploader.flush();
      const s = uploader.stats;
      l.info(`Uploaded ${s.blobsUploaded} new blobs (${s.bytesUploaded} bytes) in ${s.packUploads} packs after ${s.missingQueries} queries`);
      return trees;
    });
    await step('commit', 'committing', async (l) => {
      l.info(`Committing ${totals.fileCount} files, ${totals.dirCount} folders, ${totals.logicalBytes} bytes, root tree ${totals.rootTreeId}`);
      const { rootTreeId, fileCount, dirCount, logicalBytes } = totals;
      await api.commit({ rootTreeId, fileCount, dirCount, logicalBytes, warnings: log.allWarnings(), log: log.take(MAX_LOG_LINES) });
      committed = { rootTreeId };
      try {
        await saveCache(ctx.dataDir, job.archiveId, cacheOf(job.backupId, scan.files, totals.dirs));
      } catch (error) {
        // The backup is safe on the server; only the next incremental's shortcut is lost.
        ctx.logger.info(`Backup ${job.backupId}: could not save the local cache: ${describeError(error)}`);
      }
    });
  } catch (error) {
    failure = error;
  }

  if (isTerminalApiError(failure)) throw failure;
  await runPostCommand(job, ctx, log, progress, failure === null);
  const stopping = ctx.signal.aborted;
  if (failure !== null || committed === null) {
    const error = jobFailureMessage(failure ?? new Error('did not finish'), current);
    log.step('job').error(`Backup failed: ${error}`);
    try {
      await api.fail({ error, log: log.take(MAX_LOG_LINES) }, stopping);
    } catch (reportError) {
      if (isTerminalApiError(reportError)) throw reportError;
      ctx.logger.info(`Backup ${job.backupId}: could not report the failure: ${describeError(reportError)}`);
    }
    return { status: 'failed', error };
  }
  const { rootTreeId } = committed as { rootTreeId: string };
  return { status: log.warnings.length > 0 ? 'completed_with_warnings' : 'completed', rootTreeId, uploadedBytes: uploader.stats.bytesUploaded };
}

/**
 * Runs after the commit, and after a failed capture too (it usually undoes what the pre-command did).
 * After a commit its output can only travel in a last progress report; the server may refuse that
 * for a finished backup, so it is sent without ceremony and kept in the agent's log regardless.
 */
async function runPostCommand(job: BackupJob, ctx: BackupJobContext, log: JobLog, progress: ProgressReporter, succeeded: boolean): Promise<void> {
  const post = job.postCommand;
  if (!post || ctx.signal.aborted) return;
  const quietly = async () => {
    try {
      await progress.flush();
    } catch {
      /* see above */
    }
  };
  await progress.setPhase('post_command').catch(() => {});
  const l = log.step('post-command');
  try {
    await runCommandStep({ command: post, root: ctx.root, log: l, signal: ctx.signal });
  } catch (error) {
    // stopOnError cannot undo a committed backup; it can only say loudly that the command failed.
    l.error(describeError(error));
  }
  if (succeeded) await quietly();
}
