import {
  RestoreJob,
  type BatchBlob,
  type ChunkBatch,
  type DamagedChunk,
  type FailRestoreRequest,
  type FinishRestoreRequest,
  type OperationStatus,
  type RestoreNode,
  type RestoreProgressRequest,
} from '@cloud-backup/domain';
import { DamagedBlobError } from '@cloud-backup/engine';
import { AppError, conflict, notFound } from '../lib/errors';
import type { OperationRow, OperationsRepository } from '../repositories/operations.repository';
import type { InstanceRow, InstancesRepository } from '../repositories/instances.repository';
import type { RepositoryRegistry } from '../storage/repository-registry';
import type { EventBus } from '../events/event-bus';
import { setInstanceActivity } from './instance-activity';
import type { OperationsService } from './operations.service';
import { toRestoreNode, type StoredRestoreJob } from './restores.service';

/** What one running restore may read: the trees and chunks reachable from its selection, learnt as it goes. */
interface Session {
  folderId: string;
  trees: Set<string>;
  chunks: Set<string>;
}

/** A chunk batch body (`CBDL`, see chunk-batch.codec) as the pieces to send one after the other. */
export interface ChunkBatchBody {
  parts: Uint8Array[];
  length: number;
}

const BATCH_MAGIC = Buffer.from('CBDL', 'latin1');
/** Chunks below this are joined into shared pieces rather than written to the socket one by one. */
const SMALL_PART = 64 * 1024;
const JOINED_PART = 256 * 1024;

/**
 * The bytes encodeChunkBatch would produce, without copying every chunk into one big buffer first (tens
 * of MiB per answer, freshly allocated each time): the header, then the chunks as they are, small ones
 * joined into pieces of up to 256 KiB.
 */
export function chunkBatchBody(batch: ChunkBatch): ChunkBatchBody {
  const header = Buffer.from(JSON.stringify({ blobs: batch.blobs.map((b) => ({ id: b.id, length: b.data.length })), damaged: batch.damaged }), 'utf8');
  const head = Buffer.allocUnsafe(8);
  BATCH_MAGIC.copy(head, 0);
  head.writeUInt32BE(header.length, 4);
  const parts: Uint8Array[] = [head, header];
  let length = 8 + header.length;
  let run: Uint8Array[] = [];
  let runBytes = 0;
  const endRun = () => {
    if (run.length === 1) parts.push(run[0]!);
    else if (run.length > 1) parts.push(Buffer.concat(run, runBytes));
    run = [];
    runBytes = 0;
  };
  for (const { data } of batch.blobs) {
    length += data.length;
    if (data.length >= SMALL_PART) {
      endRun();
      parts.push(data);
      continue;
    }
    if (runBytes + data.length > JOINED_PART) endRun();
    run.push(data);
    runBytes += data.length;
  }
  endRun();
  return { parts, length };
}

export const isRestoreOperation = (op: Pick<OperationRow, 'type'>) => op.type === 'restore' || op.type === 'file_restore';

/**
 * The server side of the agent's restore job. An agent reads only what its restore selected: a tree or
 * chunk id it was not led to through the job's own items is refused, even if it exists in the repository.
 */
export class AgentRestoresService {
  private readonly sessions = new Map<string, Session>();

  private activity(instance: Pick<InstanceRow, 'id' | 'folderId'>, activity: InstanceRow['activity'], detail: string | null, percent: number | null): void {
    setInstanceActivity(this.instances, this.events, instance, activity, detail, percent);
  }

  constructor(
    private readonly operationsRepo: OperationsRepository,
    private readonly operations: OperationsService,
    private readonly instances: InstancesRepository,
    private readonly registry: RepositoryRegistry,
    private readonly events: EventBus,
  ) {}

  /** Turns a just-claimed restore operation into the job the agent runs. */
  start(op: OperationRow, instance: InstanceRow): RestoreJob {
    const stored = op.job as StoredRestoreJob;
    const session: Session = { folderId: op.folderId, trees: new Set(), chunks: new Set() };
    for (const item of stored.items) this.allow(session, item.node);
    this.sessions.set(op.id, session);
    this.operations.update(op.folderId, op.id, { progressPercent: 0 });
    this.operations.log(op.folderId, op.id, 'dispatch', `The agent of ${instance.name} took the restore`);
    this.activity(instance, 'restoring', 'Restoring', 0);
    return RestoreJob.parse({ ...stored, operationId: op.id });
  }

  private allow(session: Session, node: RestoreNode): void {
    if (node.subtree) session.trees.add(node.subtree);
    for (const id of node.content ?? []) session.chunks.add(id);
  }

  private running(instance: InstanceRow, operationId: string): { op: OperationRow; session: Session } {
    const op = this.operationsRepo.findById(operationId);
    if (!op || op.instanceId !== instance.id || !isRestoreOperation(op)) throw notFound('Restore');
    const session = this.sessions.get(operationId);
    if (op.status !== 'running' || !session) throw conflict(`Restore ${operationId} is no longer running (${op.status})`);
    return { op, session };
  }

  async tree(instance: InstanceRow, operationId: string, treeId: string): Promise<RestoreNode[]> {
    const { session } = this.running(instance, operationId);
    if (!session.trees.has(treeId)) throw new AppError(403, 'forbidden', 'This tree is not part of the restore');
    const repo = await this.registry.open(session.folderId);
    const nodes = (await repo.readTree(treeId)).map(toRestoreNode);
    for (const n of nodes) this.allow(session, n);
    return nodes;
  }

  /**
   * The chunks' plain bytes, each verified against its id by the repository; damaged ones are named, not
   * sent. The chunks of one pack are read together (repository.readBlobs), not one file read each.
   */
  async chunks(instance: InstanceRow, operationId: string, ids: readonly string[]): Promise<ChunkBatchBody> {
    const { session } = this.running(instance, operationId);
    const foreign = ids.find((id) => !session.chunks.has(id));
    if (foreign) throw new AppError(403, 'forbidden', `Chunk ${foreign} is not part of the restore`);
    const repo = await this.registry.open(session.folderId);
    const found = await repo.readBlobs(ids);
    const blobs: BatchBlob[] = [];
    const damaged: DamagedChunk[] = [];
    for (const id of new Set(ids)) {
      const result = found.get(id);
      if (Buffer.isBuffer(result)) blobs.push({ id, data: result });
      else if (result instanceof DamagedBlobError) damaged.push({ id, reason: `chunk ${id} is damaged in the repository` });
      else damaged.push({ id, reason: `chunk ${id} is missing from the repository` });
    }
    return chunkBatchBody({ blobs, damaged });
  }

  /** This instance's restore that a user cancelled, or null. */
  private cancelledOf(instance: InstanceRow, operationId: string): OperationRow | null {
    const op = this.operationsRepo.findById(operationId);
    return op && op.instanceId === instance.id && isRestoreOperation(op) && op.status === 'cancelled' ? op : null;
  }

  progress(instance: InstanceRow, operationId: string, req: RestoreProgressRequest): { cancel: boolean } {
    const cancelled = this.cancelledOf(instance, operationId);
    if (cancelled) {
      // The agent stops here and removes its temporary files; what it still had to say goes into the log.
      this.operations.appendLog(cancelled.folderId, cancelled.id, req.log);
      return { cancel: true };
    }
    const { op } = this.running(instance, operationId);
    const p = req.progress;
    const percent = p.bytesTotal > 0 ? Math.min(99, Math.floor((p.bytesDone / p.bytesTotal) * 100)) : p.filesTotal > 0 ? Math.min(99, Math.floor((p.filesDone / p.filesTotal) * 100)) : null;
    this.operations.appendLog(op.folderId, op.id, req.log);
    this.operations.update(op.folderId, op.id, { progressPercent: percent, restore: op.restore ? { ...op.restore, progress: p } : null });
    this.activity(instance, 'restoring', `Restoring: ${p.filesDone}/${p.filesTotal} files`, percent);
    return { cancel: false };
  }

  finish(instance: InstanceRow, operationId: string, req: FinishRestoreRequest): void {
    const { op } = this.running(instance, operationId);
    const s = req.summary;
    this.operations.appendLog(op.folderId, op.id, req.log);
    const status: OperationStatus =
      s.failedCount > 0 && s.restoredFiles === 0 && s.restoredDirs === 0 ? 'failed' : s.failedCount > 0 || s.skippedCount > 0 ? 'succeeded_with_warnings' : 'succeeded';
    const result = `${s.restoredFiles} files and ${s.restoredDirs} folders restored (${s.restoredBytes} bytes); ${s.skippedCount} skipped; ${s.failedCount} failed`;
    this.end(instance, op, status, result, s);
  }

  fail(instance: InstanceRow, operationId: string, req: FailRestoreRequest): void {
    const cancelled = this.cancelledOf(instance, operationId);
    if (cancelled) {
      this.operations.appendLog(cancelled.folderId, cancelled.id, req.log);
      return;
    }
    const { op } = this.running(instance, operationId);
    this.operations.appendLog(op.folderId, op.id, req.log);
    this.end(instance, op, 'failed', req.error);
  }

  /**
   * A user cancelled the running restore: it ends now and reads nothing more (its session is gone, so
   * trees and chunks are refused); the agent learns it from its next progress call and stops.
   */
  cancel(op: OperationRow, reason: string): void {
    this.sessions.delete(op.id);
    this.operations.log(op.folderId, op.id, 'cancel', reason, 'warning');
    const restore = op.restore ? { ...op.restore, progress: null } : null;
    this.operations.finish(op.folderId, op.id, 'cancelled', reason, { restore, progressPercent: null });
    const instance = op.instanceId ? this.instances.findById(op.instanceId) : undefined;
    if (instance) this.activity(instance, 'idle', null, null);
  }

  /** A running restore whose agent lost it (restart, offline) or whose server restarted. */
  abandon(op: OperationRow, reason: string): void {
    this.operations.log(op.folderId, op.id, 'end', reason, 'error');
    const instance = op.instanceId ? this.instances.findById(op.instanceId) : undefined;
    if (instance) this.end(instance, op, 'failed', reason);
    else {
      this.sessions.delete(op.id);
      this.operations.finish(op.folderId, op.id, 'failed', reason);
    }
  }

  runningOf(instanceId: string): OperationRow[] {
    return this.operationsRepo.agentJobs(instanceId, ['running']).filter(isRestoreOperation);
  }

  abandonOrphans(reason: string): void {
    for (const op of this.operationsRepo.byStatus(['running']).filter(isRestoreOperation)) this.abandon(op, reason);
  }

  private end(instance: InstanceRow, op: OperationRow, status: OperationStatus, result: string, summary?: FinishRestoreRequest['summary']): void {
    this.sessions.delete(op.id);
    const restore = op.restore ? { ...op.restore, progress: null, ...(summary && { summary }) } : null;
    this.operations.finish(op.folderId, op.id, status, result, { restore });
    this.activity(instance, status === 'failed' ? 'failed' : 'idle', status === 'failed' ? result : null, null);
  }

}
