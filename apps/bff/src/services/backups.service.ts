import {
  archiveName,
  backupTypeFor,
  ErrorCode,
  type Backup,
  type BackupJob,
  type BackupList,
  type BackupListQuery,
  type Operation,
  type StorageUsage,
} from '@cloud-backup/domain';
import { AppError, conflict, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { BackupsRepository, BackupWithNames } from '../repositories/backups.repository';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { PoliciesRepository, PolicyRow } from '../repositories/policies.repository';
import type { RepositoryRegistry } from '../storage/repository-registry';
import type { Actor, AuditService } from './audit.service';
import type { JobQueue } from './job-queue';
import { toOperationDto, type OperationsService } from './operations.service';
import type { CatalogService } from './catalog.service';
import type { OperationsRepository } from '../repositories/operations.repository';
import type { RepositoryMaintenance } from './repository-maintenance.service';

export function toBackupDto(r: BackupWithNames): Backup {
  return {
    id: r.id,
    folderId: r.folderId,
    instanceId: r.instanceId,
    instanceName: r.instanceName,
    instanceKind: r.instanceKind,
    instanceRemoved: r.instanceStatus === 'deleted',
    policyId: r.policyId,
    policyName: r.policyName,
    archiveId: r.archiveId,
    archiveName: r.archiveName,
    operationId: r.operationId,
    type: r.type,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
    sources: r.sources,
    fileCount: r.fileCount,
    dirCount: r.dirCount,
    logicalBytes: r.logicalBytes,
    newBytes: r.newBytes,
    warnings: r.warnings,
    error: r.error,
    progress: r.status === 'running' ? r.progress : null,
  };
}

export class BackupsService {
  constructor(
    private readonly backups: BackupsRepository,
    private readonly instances: InstancesRepository,
    private readonly policies: PoliciesRepository,
    private readonly operations: OperationsService,
    private readonly queue: JobQueue,
    private readonly maintenance: RepositoryMaintenance,
    private readonly registry: RepositoryRegistry,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly catalogs: CatalogService,
    private readonly operationsRepo: OperationsRepository,
  ) {}

  list(folderId: string, q: BackupListQuery): BackupList {
    const { items, total } = this.backups.list(folderId, q);
    return { items: items.map(toBackupDto), total };
  }

  get(folderId: string, backupId: string): Backup {
    const row = this.backups.find(folderId, backupId);
    if (!row) throw notFound('Backup');
    return toBackupDto(row);
  }

  /** Queues a backup of one instance under one of its linked policies ("Back up now"). */
  backupNow(folderId: string, instanceId: string, policyId: string, actor: Actor): Operation {
    const instance = this.instances.find(folderId, instanceId);
    if (!instance) throw notFound('Instance');
    if (instance.status !== 'registered') throw conflict('This instance was removed from the service');
    const policy = this.policies.find(folderId, policyId);
    if (!policy) throw notFound('Policy');
    if (!this.instances.policiesOf([instanceId]).get(instanceId)?.some((p) => p.id === policyId)) {
      throw conflict(`The policy "${policy.name}" is not linked to this instance. Link it first.`);
    }
    return toOperationDto(this.enqueue(folderId, instance, policy, actor));
  }

  /** "Back up now" on a policy page: one backup per linked, registered instance. */
  backupPolicyNow(folderId: string, policyId: string, actor: Actor): Operation[] {
    const policy = this.policies.find(folderId, policyId);
    if (!policy) throw notFound('Policy');
    const linked = this.policies.linkedInstances(policyId);
    if (linked.length === 0) throw conflict(`No instance is linked to "${policy.name}"`);
    const started: Operation[] = [];
    for (const i of linked) {
      const instance = this.instances.find(folderId, i.id);
      if (!instance || this.queue.hasActiveBackup(instance.id, policyId)) continue;
      started.push(toOperationDto(this.enqueue(folderId, instance, policy, actor)));
    }
    if (started.length === 0) throw conflict('Every linked instance already has a backup under this policy queued or running');
    return started;
  }

  /**
   * Queues one backup of `instance` under `policy`. `at` is the run's time for the scheme's full/incremental
   * choice (the schedule slot for scheduled runs); `note` says why in the operation log.
   */
  enqueue(folderId: string, instance: { id: string; name: string }, policy: PolicyRow, actor: Actor, o: { at?: Date; note?: string } = {}) {
    if (this.queue.hasActiveBackup(instance.id, policy.id)) {
      throw new AppError(409, ErrorCode.conflict, `A backup of ${instance.name} under "${policy.name}" is already queued or running`);
    }
    let archive = this.backups.findArchive(instance.id, policy.id);
    if (!archive) {
      const id = newId('arc');
      archive = {
        id,
        folderId,
        instanceId: instance.id,
        policyId: policy.id,
        name: archiveName(policy.settings.archiveName, { machineName: instance.name, policyName: policy.name, policyId: policy.id, uniqueId: id }),
        createdAt: this.clock.now(),
      };
      this.backups.insertArchive(archive);
    }
    const previous = this.backups.latestSuccessful(archive.id);
    const s = policy.settings;
    const job: Omit<BackupJob, 'operationId' | 'backupId'> & { policyId: string; policyName: string } = {
      kind: 'backup',
      archiveId: archive.id,
      type: backupTypeFor(s.scheme, previous !== undefined, o.at ?? this.clock.now(), s.timeZone),
      sources: s.sources.paths,
      skipPseudoFilesystems: s.sources.skipPseudoFilesystems,
      fileFilters: s.fileFilters,
      compression: s.compression,
      fastBackup: s.fastBackup,
      preCommand: s.preCommand,
      postCommand: s.postCommand,
      previousBackupId: previous?.id ?? null,
      policyId: policy.id,
      policyName: policy.name,
    };
    const op = this.operations.create({
      folderId,
      type: 'backup',
      target: { kind: 'instance', id: instance.id, name: instance.name },
      actor,
      instanceId: instance.id,
      job,
    });
    this.operations.log(folderId, op.id, 'queue', `${job.type === 'full' ? 'Full' : 'Incremental'} backup under "${policy.name}" queued${o.note ? ` (${o.note})` : ''}; waiting for the agent`);
    this.audit.record(actor, { folderId, action: 'backup.start', resourceType: 'instance', resourceId: instance.id, detail: { policyId: policy.id, operationId: op.id } });
    this.queue.notify(instance.id);
    return op;
  }

  /** Deletes a backup; no other backup depends on it. Garbage collection then frees what nothing uses. */
  delete(folderId: string, backupId: string, actor: Actor): Operation {
    const row = this.backups.find(folderId, backupId);
    if (!row) throw notFound('Backup');
    if (row.status === 'running') throw conflict('This backup is still running; wait for it to finish');
    if (this.restoreBusy(backupId)) {
      throw conflict('A restore from this backup is queued or running; wait for it to finish');
    }
    const op = this.operations.create({
      folderId,
      type: 'delete_backup',
      target: { kind: 'backup', id: backupId, name: `${row.instanceName} · ${row.startedAt.toISOString()}` },
      actor,
      status: 'running',
    });
    this.removeRecord(row);
    this.operations.log(folderId, op.id, 'delete', `Deleted backup ${backupId} of ${row.instanceName}`);
    this.audit.record(actor, { folderId, action: 'backup.delete', resourceType: 'backup', resourceId: backupId });
    this.maintenance.collectGarbage(folderId, op.id);
    return toOperationDto({ ...op, status: 'running' });
  }

  /** A restore from this backup is queued or running: it must not disappear under it. */
  restoreBusy(backupId: string): boolean {
    return this.operationsRepo.byStatus(['queued', 'running']).some((op) => op.restore?.backupId === backupId);
  }

  /** Forgets a backup (row and catalog); its data goes with the next garbage collection. */
  removeRecord(row: { id: string; folderId: string; instanceId: string }): void {
    this.backups.delete(row.id);
    void this.catalogs.drop(row.id);
    this.events.publish({ type: 'backup.changed', folderId: row.folderId, backupId: row.id, instanceId: row.instanceId });
  }

  verify(folderId: string, backupId: string, actor: Actor): Operation {
    const row = this.backups.find(folderId, backupId);
    if (!row) throw notFound('Backup');
    const op = this.operations.create({ folderId, type: 'verify', target: { kind: 'backup', id: backupId, name: row.instanceName }, actor, status: 'running' });
    this.audit.record(actor, { folderId, action: 'backup.verify', resourceType: 'backup', resourceId: backupId });
    this.maintenance.verify(folderId, op.id);
    return toOperationDto(op);
  }

  async storage(folderId: string): Promise<StorageUsage> {
    const repo = await this.registry.open(folderId);
    const committed = this.backups.committed(folderId);
    const roots = (pred: (b: (typeof committed)[number]) => boolean) => committed.filter(pred).map((b) => b.rootTreeId!);
    const names = new Map(this.instances.list(folderId).map((i) => [i.id, i.name]));
    const instanceIds = [...new Set(committed.map((b) => b.instanceId))];
    const instances = await Promise.all(
      instanceIds.map(async (id) => ({ instanceId: id, instanceName: names.get(id) ?? id, bytes: await repo.reachableBytes(roots((b) => b.instanceId === id)) })),
    );
    const archives = await Promise.all(
      this.backups
        .archivesOf(folderId)
        .filter((a) => committed.some((b) => b.archiveId === a.id))
        .map(async (a) => ({ archiveId: a.id, archiveName: a.name, instanceId: a.instanceId, bytes: await repo.reachableBytes(roots((b) => b.archiveId === a.id)) })),
    );
    return { folderBytes: repo.totalBytes(), instances, archives };
  }
}
