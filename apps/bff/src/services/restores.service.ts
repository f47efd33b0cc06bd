import path from 'node:path/posix';
import {
  ErrorCode,
  INSTANCE_KIND_LABEL,
  type Operation,
  type Restore,
  type RestoreItem,
  type RestoreJob,
  type RestoreRequest,
} from '@cloud-backup/domain';
import type { TreeNode } from '@cloud-backup/engine';
import { resolveNode } from './tree-paths';
import { AppError, conflict, notFound } from '../lib/errors';
import type { Clock } from '../lib/clock';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { OperationRow, OperationsRepository } from '../repositories/operations.repository';
import type { RepositoryRegistry } from '../storage/repository-registry';
import type { Actor, AuditService } from './audit.service';
import type { CatalogService } from './catalog.service';
import type { InstancesService } from './instances.service';
import type { JobQueue } from './job-queue';
import { toOperationDto, type OperationsService } from './operations.service';

export type StoredRestoreJob = Omit<RestoreJob, 'operationId'>;

const badRequest = (message: string, field?: string) =>
  new AppError(400, ErrorCode.validation, message, field ? { [field]: message } : undefined);

/** Restores as the console asks for them: checks, resolution of the selection into tree nodes, queueing. */
export class RestoresService {
  constructor(
    private readonly catalogs: CatalogService,
    private readonly registry: RepositoryRegistry,
    private readonly instancesRepo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly operations: OperationsService,
    private readonly operationsRepo: OperationsRepository,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly offlineWaitMs: number,
  ) {}

  async create(folderId: string, backupId: string, req: RestoreRequest, actor: Actor): Promise<Operation> {
    const backup = this.catalogs.committed(folderId, backupId);
    const source = this.instancesRepo.find(folderId, backup.instanceId);
    const target = this.instancesRepo.find(folderId, req.targetInstanceId);
    if (!source) throw notFound('Source instance');
    if (!target) throw badRequest('The target instance does not exist in this folder', 'targetInstanceId');
    if (target.status !== 'registered') throw badRequest(`${target.name} was removed from the service`, 'targetInstanceId');
    if (target.kind !== source.kind) {
      throw badRequest(
        `A backup of a ${INSTANCE_KIND_LABEL[source.kind].toLowerCase()} can only be restored to a ${INSTANCE_KIND_LABEL[source.kind].toLowerCase()}; ${target.name} is a ${INSTANCE_KIND_LABEL[target.kind].toLowerCase()}`,
        'targetInstanceId',
      );
    }
    if (req.scope.kind === 'whole' && req.location.kind !== 'original') {
      throw badRequest('A whole-instance restore goes to the original locations', 'location');
    }

    const catalog = await this.catalogs.catalog(folderId, backupId);
    const repo = await this.registry.open(folderId);
    const items: RestoreItem[] = [];
    let filesTotal = 0;
    let bytesTotal = 0;
    const addTotals = (p: string) => {
      const e = catalog.entry(catalog.lookup(p));
      filesTotal += e.type === 'dir' ? (e.fileCount ?? 0) : e.type === 'file' ? 1 : 0;
      bytesTotal += e.type === 'symlink' ? 0 : e.size;
    };
    if (req.scope.kind === 'whole') {
      for (const node of await repo.readTree(backup.rootTreeId)) {
        items.push({ sourcePath: `/${node.name}`, targetDir: '/', node: toRestoreNode(node) });
      }
      addTotals('/');
    } else {
      const paths = [...new Set(req.scope.paths.map((p) => normalize(p)))];
      if (paths.includes('/')) throw badRequest('To restore everything, restore the whole instance', 'scope');
      // A path inside another selected folder is restored with that folder already.
      const selected = paths.filter((p) => !paths.some((other) => other !== p && p.startsWith(`${other}/`)));
      if (req.location.kind === 'custom') {
        const seen = new Map<string, string>();
        for (const p of selected) {
          const name = path.basename(p);
          const clash = seen.get(name);
          if (clash) throw badRequest(`${clash} and ${p} would both land in ${req.location.path} as "${name}"; restore them separately`, 'scope');
          seen.set(name, p);
        }
      }
      for (const p of selected) {
        if (catalog.lookup(p) < 0) throw badRequest(`${p} is not in this backup`, 'scope');
        const node = await resolveNode(repo, backup.rootTreeId, p);
        if (!node) throw badRequest(`${p} is not in this backup`, 'scope');
        const targetDir = req.location.kind === 'custom' ? normalize(req.location.path) : path.dirname(p);
        items.push({ sourcePath: p, targetDir, node: toRestoreNode(node) });
        addTotals(p);
      }
    }
    if (items.length === 0) throw conflict('This backup holds no files to restore');

    const job: StoredRestoreJob = { kind: 'restore', backupId, items, overwrite: req.overwrite, filesTotal, bytesTotal };
    const whole = req.scope.kind === 'whole';
    const restore: Omit<Restore, 'operationId'> = {
      backupId,
      sourceInstanceId: source.id,
      targetInstanceId: target.id,
      targetInstanceName: target.name,
      request: req,
      progress: null,
      summary: null,
    };
    const op = this.operations.create({
      folderId,
      type: whole ? 'restore' : 'file_restore',
      target: { kind: 'instance', id: target.id, name: target.name },
      actor,
      instanceId: target.id,
      job,
    });
    this.operations.update(folderId, op.id, { restore: { ...restore, operationId: op.id } });
    const what = whole ? `Whole-instance restore of ${source.name}` : `Restore of ${items.length} item(s) from ${source.name}`;
    const online = this.instances.isOnline(target);
    this.operations.log(folderId, op.id, 'queue', `${what} to ${target.name} queued: ${filesTotal} files, ${bytesTotal} bytes; ${online ? 'waiting for the agent' : `${target.name} is offline — waiting for it to come back`}`);
    this.audit.record(actor, { folderId, action: 'restore.start', resourceType: 'backup', resourceId: backupId, detail: { operationId: op.id, targetInstanceId: target.id, scope: req.scope.kind } });
    this.queue.notify(target.id);
    return toOperationDto({ ...op, restore: { ...restore, operationId: op.id } });
  }

  /** Restores still waiting for an offline target after the grace period fail with the reason. */
  expireWaiting(): void {
    const now = this.clock.now().getTime();
    for (const op of this.operationsRepo.byStatus(['queued'])) {
      if ((op.type !== 'restore' && op.type !== 'file_restore') || !op.instanceId) continue;
      if (now - op.createdAt.getTime() < this.offlineWaitMs) continue;
      const target = this.instancesRepo.find(op.folderId, op.instanceId);
      if (target && this.instances.isOnline(target)) continue;
      const minutes = Math.round(this.offlineWaitMs / 60_000);
      this.fail(op, `The target instance ${op.targetName} stayed offline for ${minutes} minute${minutes === 1 ? '' : 's'}; the restore did not start`);
    }
  }

  fail(op: OperationRow, reason: string): void {
    this.operations.log(op.folderId, op.id, 'end', reason, 'error');
    this.operations.finish(op.folderId, op.id, 'failed', reason);
  }
}

function normalize(p: string): string {
  const n = path.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

export function toRestoreNode(n: TreeNode): RestoreItem['node'] {
  return {
    name: n.name,
    ...(n.rawName !== undefined && { rawName: n.rawName }),
    type: n.type,
    mode: n.mode,
    mtimeMs: n.mtimeMs,
    uid: n.uid,
    gid: n.gid,
    size: n.size,
    ...(n.content !== undefined && { content: n.content }),
    ...(n.subtree !== undefined && { subtree: n.subtree }),
    ...(n.target !== undefined && { target: n.target }),
    ...(n.linkGroup !== undefined && { linkGroup: n.linkGroup }),
  };
}
