import {
  checkLinkLimit,
  DEFAULT_LIMITS,
  ErrorCode,
  fixedSettingChanges,
  type LinkUsage,
  type Policy,
  type PolicyInput,
  type PolicySummary,
  type Retention,
  type RetentionPreview,
} from '@cloud-backup/domain';
import { AppError, conflict, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { BackupsRepository } from '../repositories/backups.repository';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { PoliciesRepository, PolicyRow } from '../repositories/policies.repository';
import type { RetentionService } from '../scheduler/retention.service';
import type { ScheduleInfo } from '../scheduler/schedule-info';
import type { Actor, AuditService } from './audit.service';
import type { InstancesService } from './instances.service';
import type { OperationsService } from './operations.service';

/** Policies: the editor's create/edit/delete, previews, and linking many instances at once. */
export class PoliciesService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly instancesRepo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly folders: FoldersRepository,
    private readonly backups: BackupsRepository,
    private readonly retention: RetentionService,
    private readonly schedule: ScheduleInfo,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly operations: OperationsService,
  ) {}

  private toSummary(row: PolicyRow, linkedInstanceCount: number): PolicySummary {
    return {
      id: row.id,
      folderId: row.folderId,
      name: row.name,
      enabled: row.enabled,
      settings: row.settings,
      linkedInstanceCount,
      nextRunAt: row.enabled ? this.schedule.policyNextRunAt(row.id) : null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  list(folderId: string): PolicySummary[] {
    return this.policies.listWithLinkCounts(folderId).map((r) => this.toSummary(r, r.linkedInstanceCount));
  }

  private row(folderId: string, policyId: string): PolicyRow {
    const row = this.policies.find(folderId, policyId);
    if (!row) throw notFound('Policy');
    return row;
  }

  get(folderId: string, policyId: string): Policy {
    const row = this.row(folderId, policyId);
    const linked = this.policies.linkedInstances(policyId).map((i) => ({
      id: i.id,
      name: i.name,
      kind: i.kind,
      online: this.instances.isOnline({ lastSeenAt: i.lastSeenAt, status: 'registered' }),
      lastBackupAt: this.schedule.lastBackupAt(i.id, policyId),
      nextRunAt: row.enabled ? this.schedule.nextRunAt(i.id, policyId) : null,
    }));
    return { ...this.toSummary(row, linked.length), instances: linked };
  }

  private assertNameFree(folderId: string, name: string, exceptId?: string): void {
    if (this.policies.nameTaken(folderId, name, exceptId)) {
      throw new AppError(409, ErrorCode.conflict, `A policy named "${name}" already exists in this folder`, { name: 'This name is already taken' });
    }
  }

  create(folderId: string, input: PolicyInput, actor: Actor): Policy {
    this.assertNameFree(folderId, input.name);
    const now = this.clock.now();
    const id = newId('pol');
    this.policies.insert({ id, folderId, name: input.name, enabled: input.enabled, settings: input.settings, createdAt: now, updatedAt: now });
    this.audit.record(actor, { folderId, action: 'policy.create', resourceType: 'policy', resourceId: id, detail: { name: input.name } });
    this.events.publish({ type: 'policy.changed', folderId, policyId: id });
    return this.get(folderId, id);
  }

  update(folderId: string, policyId: string, input: PolicyInput, actor: Actor): Policy {
    const row = this.row(folderId, policyId);
    const fixed = fixedSettingChanges(row.settings, input.settings);
    const first = Object.values(fixed)[0];
    if (first) throw new AppError(400, ErrorCode.validation, first, fixed);
    this.assertNameFree(folderId, input.name, policyId);
    this.policies.update(policyId, { name: input.name, enabled: input.enabled, settings: input.settings, updatedAt: this.clock.now() });
    this.audit.record(actor, { folderId, action: 'policy.update', resourceType: 'policy', resourceId: policyId, detail: { name: input.name } });
    this.events.publish({ type: 'policy.changed', folderId, policyId });
    return this.get(folderId, policyId);
  }

  /** Deletes the policy and its links; the backups made under it stay (and can be deleted one by one). */
  delete(folderId: string, policyId: string, actor: Actor): { unlinked: number } {
    const row = this.row(folderId, policyId);
    const linked = this.policies.linkedInstances(policyId);
    this.policies.delete(policyId);
    for (const i of linked) this.instances.recordPolicyChange('revoke_policy', { ...i, folderId }, [row.name], actor);
    this.audit.record(actor, { folderId, action: 'policy.delete', resourceType: 'policy', resourceId: policyId, detail: { name: row.name, unlinked: linked.length } });
    this.events.publish({ type: 'policy.changed', folderId, policyId });
    for (const i of linked) this.events.publish({ type: 'instance.changed', folderId, instanceId: i.id });
    return { unlinked: linked.length };
  }

  retentionPreview(folderId: string, policyId: string, retention: Retention): RetentionPreview {
    const row = this.row(folderId, policyId);
    return {
      instances: this.policies.linkedInstances(policyId).map((i) => {
        const archive = this.backups.findArchive(i.id, policyId);
        const decisions = archive ? this.retention.decide(archive.id, retention, row.settings.timeZone) : [];
        const startedAt = new Map((archive ? this.backups.ofArchive(archive.id) : []).map((b) => [b.id, b.startedAt.toISOString()]));
        return {
          instanceId: i.id,
          instanceName: i.name,
          archiveId: archive?.id ?? null,
          backupCount: startedAt.size,
          delete: decisions.map((d) => ({ backupId: d.id, startedAt: startedAt.get(d.id) ?? '', reason: d.reason })),
        };
      }),
    };
  }

  linkUsage(folderId: string): LinkUsage {
    return {
      limits: this.folders.findById(folderId)?.limits ?? DEFAULT_LIMITS,
      linked: { vm: this.instancesRepo.countLinked(folderId, 'vm'), bms: this.instancesRepo.countLinked(folderId, 'bms') },
    };
  }

  /**
   * Links every pair (instance × policy) or none: the instances that would become linked for the first time
   * are counted per kind against the folder's limits before anything is written.
   */
  link(folderId: string, instanceIds: readonly string[], policyIds: readonly string[], actor: Actor): void {
    const ids = [...new Set(instanceIds)];
    const linkedRows = this.folders.transaction(() => {
      for (const p of policyIds) this.row(folderId, p);
      const rows = ids.map((id) => {
        const r = this.instancesRepo.find(folderId, id);
        if (!r) throw notFound(`Instance ${id}`);
        if (r.status !== 'registered') throw conflict(`${r.name} was removed from the service`);
        return r;
      });
      const usage = this.linkUsage(folderId);
      for (const kind of ['vm', 'bms'] as const) {
        const fresh = rows.filter((r) => r.kind === kind && !this.instancesRepo.isLinked(r.id));
        // Checking the last newcomer checks them all: the count only grows.
        if (fresh.length === 0) continue;
        const verdict = checkLinkLimit(kind, false, usage.linked[kind] + fresh.length - 1, usage.limits);
        if (!verdict.ok) throw new AppError(409, ErrorCode.limitExceeded, `${verdict.message} (${usage.linked[kind]} linked now, ${fresh.length} more asked)`);
      }
      const now = this.clock.now();
      for (const r of rows) for (const p of policyIds) this.instancesRepo.link(p, r.id, now);
      return rows;
    });
    const names = policyIds.map((p) => this.row(folderId, p).name);
    for (const r of linkedRows) this.instances.recordPolicyChange('apply_policy', r, names, actor);
    for (const id of ids) this.events.publish({ type: 'instance.changed', folderId, instanceId: id });
    for (const p of policyIds) {
      this.audit.record(actor, { folderId, action: 'policy.link', resourceType: 'policy', resourceId: p, detail: { instanceIds: ids } });
      this.events.publish({ type: 'policy.changed', folderId, policyId: p });
    }
  }
}
