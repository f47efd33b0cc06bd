import { BlobMismatchError } from '@cloud-backup/engine';
import {
  BackupJob,
  decodePackUpload,
  ErrorCode,
  PackUploadFormatError,
  SUCCESSFUL_BACKUP_STATUSES,
  type AgentJob,
  type CommitBackupRequest,
  type FailBackupRequest,
  type JobProgressRequest,
  type PackUploadResponse,
} from '@cloud-backup/domain';
import { AppError, conflict, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { BackupRow, BackupsRepository } from '../repositories/backups.repository';
import type { InstanceRow, InstancesRepository } from '../repositories/instances.repository';
import type { OperationsRepository } from '../repositories/operations.repository';
import type { RepositoryRegistry } from '../storage/repository-registry';
import type { JobQueue } from './job-queue';
import { setInstanceActivity } from './instance-activity';
import type { OperationsService } from './operations.service';
import { isRestoreOperation, type AgentRestoresService } from './agent-restores.service';

/** How long after its commit a backup still takes log lines (a post-command that waits for a slow service). */
const POST_COMMAND_LOG_WINDOW_MS = 60 * 60_000;

type StoredJob = Omit<BackupJob, 'operationId' | 'backupId'> & { policyId: string; policyName: string };

/** The server side of the agent's backup job: dispatch, dedup queries, pack uploads, progress, commit. */
export class AgentJobsService {
  /** Called after a backup commits (retention after the new backup hangs here). */
  onCommitted: ((backup: BackupRow) => void) | null = null;
  /** Called before a pack is stored; throws to refuse it (the folder's storage quota hangs here). */
  beforeStore: ((folderId: string) => Promise<void>) | null = null;

  private activity(instance: Pick<InstanceRow, 'id' | 'folderId'>, activity: InstanceRow['activity'], detail: string | null, percent: number | null): void {
    setInstanceActivity(this.instances, this.events, instance, activity, detail, percent);
  }

  constructor(
    private readonly operationsRepo: OperationsRepository,
    private readonly operations: OperationsService,
    private readonly backups: BackupsRepository,
    private readonly instances: InstancesRepository,
    private readonly registry: RepositoryRegistry,
    private readonly queue: JobQueue,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly restores: AgentRestoresService,
  ) {}

  /** Long-poll for the next job. An agent asking while its previous job still "runs" has lost that job. */
  async next(instance: InstanceRow, waitSeconds: number, signal?: AbortSignal): Promise<AgentJob | null> {
    for (const backup of this.backups.runningOf(instance.id)) this.abandon(backup, 'The agent restarted or lost the job while the backup was running');
    for (const op of this.restores.runningOf(instance.id)) this.restores.abandon(op, 'The agent restarted or lost the job while the restore was running');
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      // A caller that hung up (or a server shutting down) must not be handed a job nobody will run.
      if (signal?.aborted) return null;
      const job = this.dispatch(instance);
      if (job || Date.now() >= deadline) return job;
      await this.queue.wait(instance.id, deadline - Date.now(), signal);
    }
  }

  private dispatch(instance: InstanceRow): AgentJob | null {
    for (const op of this.operationsRepo.agentJobs(instance.id, ['queued'])) {
      const now = this.clock.now();
      if (!this.operationsRepo.claim(op.id, now)) continue;
      if (isRestoreOperation(op)) return this.restores.start(op, instance);
      const stored = op.job as StoredJob;
      const backupId = newId('bak');
      this.backups.insert({
        id: backupId,
        folderId: op.folderId,
        instanceId: instance.id,
        archiveId: stored.archiveId,
        policyId: stored.policyId,
        policyName: stored.policyName,
        operationId: op.id,
        type: stored.type,
        status: 'running',
        startedAt: now,
        sources: stored.sources,
        warnings: [],
      });
      this.operations.update(op.folderId, op.id, { backupId, progressPercent: 0 });
      this.operations.log(op.folderId, op.id, 'dispatch', `The agent took the job; backup ${backupId} started`);
      this.activity(instance, 'backing_up', 'Backing up', 0);
      this.events.publish({ type: 'backup.changed', folderId: op.folderId, backupId, instanceId: instance.id });
      const { policyId: _p, policyName: _n, ...job } = stored;
      return BackupJob.parse({ ...job, operationId: op.id, backupId });
    }
    return null;
  }

  /** The running backup `backupId` of this very instance; anything else is refused. */
  private ownRunning(instance: InstanceRow, backupId: string): BackupRow {
    const backup = this.backups.findById(backupId);
    if (!backup || backup.instanceId !== instance.id) throw notFound('Backup');
    if (backup.status !== 'running') throw conflict(`Backup ${backupId} is no longer running (${backup.status})`);
    return backup;
  }

  async missing(instance: InstanceRow, backupId: string, ids: string[]): Promise<string[]> {
    const backup = this.ownRunning(instance, backupId);
    const repo = await this.registry.open(backup.folderId);
    // Cancelled while the repository opened: protecting blobs now would keep them from GC for good.
    this.ownRunning(instance, backupId);
    const missing = repo.missing(ids);
    const absent = new Set(missing);
    // Present blobs this backup will reference must survive a GC that runs before the commit.
    this.registry.protect(backupId, ids.filter((id) => !absent.has(id)));
    return missing;
  }

  async uploadPack(instance: InstanceRow, backupId: string, body: Uint8Array): Promise<PackUploadResponse> {
    const backup = this.ownRunning(instance, backupId);
    let blobs;
    try {
      blobs = decodePackUpload(body);
    } catch (error) {
      if (error instanceof PackUploadFormatError) throw new AppError(400, ErrorCode.badRequest, error.message);
      throw error;
    }
    await this.beforeStore?.(backup.folderId);
    this.ownRunning(instance, backupId); // still running after the wait (not cancelled), or nothing is protected
    const op = backup.operationId ? this.operationsRepo.findById(backup.operationId) : undefined;
    const compression = (op?.job as StoredJob | null)?.compression ?? 'normal';
    this.registry.protect(backupId, blobs.map((b) => b.id));
    const result = await this.registry
      .exclusive(backup.folderId, (repo) =>
        repo.writePack(
          blobs.map((b) => ({ id: b.id, type: b.type, plain: Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength) })),
          compression,
        ),
      )
      .catch((error: unknown) => {
        if (error instanceof BlobMismatchError) {
          throw new AppError(400, ErrorCode.badRequest, `Refused: the content of chunk ${error.blobId} does not match its id`);
        }
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOSPC' || code === 'EDQUOT') {
          // Nothing half-written stays: the pack's temp file is removed and no index names it.
          throw new AppError(507, 'storage_full', 'The server has no space left to store backups (disk full). Free space or delete backups, then run the backup again.');
        }
        throw error;
      });
    const fresh = this.backups.findById(backupId);
    this.backups.update(backupId, { newBytes: (fresh?.newBytes ?? 0) + result.storedBytes });
    return { storedBlobs: result.storedBlobs, storedBytes: result.storedBytes };
  }

  /** This instance's backup that a user cancelled (it already ended abandoned), or null. */
  private cancelledOf(instance: InstanceRow, backupId: string): BackupRow | null {
    const backup = this.backups.findById(backupId);
    if (!backup || backup.instanceId !== instance.id || backup.status === 'running' || !backup.operationId) return null;
    return this.operationsRepo.findById(backup.operationId)?.status === 'cancelled' ? backup : null;
  }

  /**
   * This instance's backup committed within POST_COMMAND_LOG_WINDOW_MS, or null: its post-command runs
   * after the commit, and what it prints still belongs in the operation's log.
   */
  private recentlyCommitted(instance: InstanceRow, backupId: string): BackupRow | null {
    const backup = this.backups.findById(backupId);
    if (!backup || backup.instanceId !== instance.id || !backup.operationId || !SUCCESSFUL_BACKUP_STATUSES.includes(backup.status)) return null;
    const finishedAt = backup.finishedAt?.getTime() ?? 0;
    return this.clock.now().getTime() - finishedAt <= POST_COMMAND_LOG_WINDOW_MS ? backup : null;
  }

  progress(instance: InstanceRow, backupId: string, req: JobProgressRequest): { cancel: boolean } {
    const committed = this.recentlyCommitted(instance, backupId);
    if (committed) {
      // Only the log lines count now (the post-command's output); the figures are final.
      this.operations.appendLog(committed.folderId, committed.operationId!, req.log);
      return { cancel: false };
    }
    const cancelled = this.cancelledOf(instance, backupId);
    if (cancelled) {
      // The agent learns of the cancel here and stops; what it still had to say goes into the log.
      this.operations.appendLog(cancelled.folderId, cancelled.operationId!, req.log);
      return { cancel: true };
    }
    const backup = this.ownRunning(instance, backupId);
    const p = req.progress;
    const percent = p.bytesTotal ? Math.min(99, Math.floor((p.bytesDone / p.bytesTotal) * 100)) : null;
    this.backups.update(backupId, { progress: p });
    if (backup.operationId) {
      this.operations.appendLog(backup.folderId, backup.operationId, req.log);
      this.operations.update(backup.folderId, backup.operationId, { progressPercent: percent });
    }
    this.activity(instance, 'backing_up', `Backing up: ${p.phase}`, percent);
    this.events.publish({ type: 'backup.changed', folderId: backup.folderId, backupId, instanceId: instance.id });
    const op = backup.operationId ? this.operationsRepo.findById(backup.operationId) : undefined;
    return { cancel: op?.status === 'cancelled' };
  }

  async commit(instance: InstanceRow, backupId: string, req: CommitBackupRequest): Promise<void> {
    // A retried commit whose first answer was lost on the way back is a success, not a conflict.
    const previous = this.backups.findById(backupId);
    if (previous?.instanceId === instance.id && previous.rootTreeId === req.rootTreeId && previous.status !== 'running') return;
    if (this.cancelledOf(instance, backupId)) throw conflict(`Backup ${backupId} was cancelled; it cannot be committed`);
    const backup = this.ownRunning(instance, backupId);
    const repo = await this.registry.open(backup.folderId);
    // A backup is committed only if every tree and chunk it names is durable in the repository (the walk
    // skips folders an earlier commit found complete, so a mostly unchanged backup costs what changed).
    const lacking = await repo.lackingBelow(req.rootTreeId, 5);
    if (lacking.length) throw new AppError(409, ErrorCode.conflict, `The backup refers to data the server does not hold: ${lacking.join(', ')}`);

    const status = req.warnings.length ? 'completed_with_warnings' : 'completed';
    const now = this.clock.now();
    this.backups.update(backupId, {
      status,
      finishedAt: now,
      rootTreeId: req.rootTreeId,
      fileCount: req.fileCount,
      dirCount: req.dirCount,
      logicalBytes: req.logicalBytes,
      warnings: req.warnings,
      progress: null,
    });
    this.registry.release(backupId);
    if (backup.operationId) {
      this.operations.appendLog(backup.folderId, backup.operationId, req.log);
      const result = `${req.fileCount} files, ${req.logicalBytes} bytes; ${req.warnings.length} warning(s)`;
      this.operations.finish(backup.folderId, backup.operationId, req.warnings.length ? 'succeeded_with_warnings' : 'succeeded', result);
    }
    this.activity(instance, 'idle', null, null);
    this.events.publish({ type: 'backup.changed', folderId: backup.folderId, backupId, instanceId: instance.id });
    this.onCommitted?.(backup);
  }

  fail(instance: InstanceRow, backupId: string, req: FailBackupRequest): void {
    const cancelled = this.cancelledOf(instance, backupId);
    if (cancelled) {
      // The agent reports its stop after a cancel: the backup already ended; keep what it logged.
      this.operations.appendLog(cancelled.folderId, cancelled.operationId!, req.log);
      return;
    }
    const backup = this.ownRunning(instance, backupId);
    if (backup.operationId) this.operations.appendLog(backup.folderId, backup.operationId, req.log);
    this.end(backup, 'failed', req.error);
  }

  /**
   * A user cancelled the running backup: it ends abandoned at once — never committed, so nothing half-written
   * is visible, and the packs it uploaded are no longer protected, so the next GC removes them. The agent
   * learns it from its next progress call (`cancel: true`); a commit after this is refused.
   */
  cancel(backup: BackupRow, reason: string): void {
    this.backups.update(backup.id, { status: 'abandoned', error: reason, finishedAt: this.clock.now(), progress: null });
    this.registry.release(backup.id);
    if (backup.operationId) {
      this.operations.log(backup.folderId, backup.operationId, 'cancel', reason, 'warning');
      this.operations.finish(backup.folderId, backup.operationId, 'cancelled', reason, { progressPercent: null });
    }
    const instance = this.instances.find(backup.folderId, backup.instanceId);
    if (instance) this.activity(instance, 'idle', null, null);
    this.events.publish({ type: 'backup.changed', folderId: backup.folderId, backupId: backup.id, instanceId: backup.instanceId });
  }

  abandon(backup: BackupRow, reason: string): void {
    this.end(backup, 'abandoned', reason);
  }

  private end(backup: BackupRow, status: 'failed' | 'abandoned', error: string): void {
    this.backups.update(backup.id, { status, error, finishedAt: this.clock.now(), progress: null });
    this.registry.release(backup.id);
    if (backup.operationId) {
      const op = this.operationsRepo.findById(backup.operationId);
      const cancelled = op?.status === 'cancelled';
      this.operations.log(backup.folderId, backup.operationId, 'end', error, 'error');
      this.operations.finish(backup.folderId, backup.operationId, cancelled ? 'cancelled' : 'failed', error);
    }
    const instance = this.instances.find(backup.folderId, backup.instanceId);
    if (instance) this.activity(instance, 'failed', error, null);
    this.events.publish({ type: 'backup.changed', folderId: backup.folderId, backupId: backup.id, instanceId: backup.instanceId });
  }

  /**
   * After a server restart, backups still marked running may be resumed by their agents, which retry their
   * calls for a couple of minutes. What they uploaded before the restart is not referenced by any backup
   * yet, so everything the repository holds is protected from GC until they end. Returns their ids: the
   * caller abandons those whose agent has not come back after a grace period (`abandonUnresumed`).
   */
  async resumeOrphans(): Promise<string[]> {
    const ids: string[] = [];
    for (const backup of this.backups.running()) {
      const repo = await this.registry.open(backup.folderId);
      this.registry.protect(backup.id, repo.blobIds());
      if (backup.operationId) this.operations.log(backup.folderId, backup.operationId, 'server', 'The server restarted during the backup; waiting for the agent to resume it');
      ids.push(backup.id);
    }
    return ids;
  }

  abandonUnresumed(backupIds: readonly string[], isOnline: (instanceId: string) => boolean): void {
    for (const id of backupIds) {
      const backup = this.backups.findById(id);
      if (backup?.status === 'running' && !isOnline(backup.instanceId)) {
        this.abandon(backup, 'The server restarted while the backup was running and the agent did not come back');
      }
    }
  }

}
