import {
  checkLinkLimit,
  connectionStatus,
  DEFAULT_LIMITS,
  ErrorCode,
  isOnline,
  type Instance,
  type InstanceKind,
} from '@cloud-backup/domain';
import { AppError, conflict, notFound } from '../lib/errors';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { InstanceRow, InstancesRepository } from '../repositories/instances.repository';
import type { PoliciesRepository } from '../repositories/policies.repository';
import type { Actor, AuditService } from './audit.service';
import type { ScheduleInfo } from '../scheduler/schedule-info';
import type { OperationsService } from './operations.service';

export class InstancesService {
  /** Set once the scheduler's pieces exist (they need this service first). */
  scheduleInfo: ScheduleInfo | null = null;

  constructor(
    private readonly instances: InstancesRepository,
    private readonly policies: PoliciesRepository,
    private readonly folders: FoldersRepository,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly offlineAfterMs: number,
    private readonly operations: OperationsService,
  ) {}

  /** Applying or revoking a policy is instant, and still shows on the Operations page (SPEC §1). */
  recordPolicyChange(type: 'apply_policy' | 'revoke_policy', instance: Pick<InstanceRow, 'id' | 'folderId' | 'name'>, policyNames: readonly string[], actor: Actor): void {
    const what = policyNames.map((n) => `"${n}"`).join(', ');
    const result = type === 'apply_policy' ? `Policy ${what} applied to ${instance.name}` : `Policy ${what} revoked from ${instance.name}`;
    this.operations.recordInstant({ folderId: instance.folderId, type, target: { kind: 'instance', id: instance.id, name: instance.name }, actor, instanceId: instance.id }, result);
  }

  isOnline(row: Pick<InstanceRow, 'lastSeenAt' | 'status'>): boolean {
    return row.status === 'registered' && isOnline(row.lastSeenAt, this.clock.now(), this.offlineAfterMs);
  }

  private toDtos(rows: InstanceRow[]): Instance[] {
    const links = this.instances.policiesOf(rows.map((r) => r.id));
    return rows.map((r) => {
      const policies = links.get(r.id) ?? [];
      const online = this.isOnline(r);
      return {
        id: r.id,
        folderId: r.folderId,
        kind: r.kind,
        name: r.name,
        status: r.status,
        online,
        connection: connectionStatus({ status: r.status, online, policyCount: policies.length }),
        activity: r.activity,
        activityDetail: r.activityDetail,
        progressPercent: r.progressPercent,
        agentVersion: r.agentVersion,
        root: r.root,
        metadata: r.metadata,
        registeredAt: r.registeredAt.toISOString(),
        lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
        lastBackupAt: this.scheduleInfo?.lastBackupAt(r.id) ?? null,
        nextBackupAt: this.scheduleInfo?.nextRunAt(r.id) ?? null,
        policies,
        credentialRotatedAt: r.credentialRotatedAt?.toISOString() ?? null,
        credentialRotationPending: r.credentialRotationRequestedAt !== null || r.pendingCredentialHash !== null,
      };
    });
  }

  list(folderId: string, kind?: InstanceKind): Instance[] {
    return this.toDtos(this.instances.list(folderId, kind));
  }

  row(folderId: string, instanceId: string): InstanceRow {
    const row = this.instances.find(folderId, instanceId);
    if (!row) throw notFound('Instance');
    return row;
  }

  get(folderId: string, instanceId: string): Instance {
    const [dto] = this.toDtos([this.row(folderId, instanceId)]);
    return dto!;
  }

  private liveRow(folderId: string, instanceId: string): InstanceRow {
    const row = this.row(folderId, instanceId);
    if (row.status === 'deleted') throw conflict('This instance was removed from the service');
    return row;
  }

  /** Removes the instance from the service: its agent is refused from now on; its backups stay. */
  remove(folderId: string, instanceId: string, actor: Actor): Instance {
    this.liveRow(folderId, instanceId);
    this.instances.update(instanceId, { status: 'deleted', removedAt: this.clock.now() });
    this.audit.record(actor, { folderId, action: 'instance.remove', resourceType: 'instance', resourceId: instanceId });
    this.events.publish({ type: 'instance.removed', folderId, instanceId });
    return this.get(folderId, instanceId);
  }

  /**
   * Asks the agent to rotate its credential: the next heartbeat answer tells it to fetch a new one, and the
   * old one stops working once the agent has used the new one (two-phase, ADR 011).
   */
  requestCredentialRotation(folderId: string, instanceId: string, actor: Actor): Instance {
    this.liveRow(folderId, instanceId);
    this.instances.update(instanceId, { credentialRotationRequestedAt: this.clock.now() });
    this.audit.record(actor, { folderId, action: 'instance.credential_rotation_request', resourceType: 'instance', resourceId: instanceId });
    this.events.publish({ type: 'instance.changed', folderId, instanceId });
    return this.get(folderId, instanceId);
  }

  link(folderId: string, instanceId: string, policyId: string, actor: Actor): Instance {
    const { row, policy } = this.folders.transaction(() => {
      const row = this.liveRow(folderId, instanceId);
      const policy = this.policies.find(folderId, policyId);
      if (!policy) throw notFound('Policy');
      const limits = this.folders.findById(folderId)?.limits ?? DEFAULT_LIMITS;
      const verdict = checkLinkLimit(row.kind, this.instances.isLinked(instanceId), this.instances.countLinked(folderId, row.kind), limits);
      if (!verdict.ok) throw new AppError(409, ErrorCode.limitExceeded, verdict.message);
      this.instances.link(policyId, instanceId, this.clock.now());
      return { row, policy };
    });
    this.audit.record(actor, { folderId, action: 'policy.link', resourceType: 'instance', resourceId: instanceId, detail: { policyId } });
    this.recordPolicyChange('apply_policy', row, [policy.name], actor);
    this.publishLinkChange(folderId, instanceId, policyId);
    return this.get(folderId, instanceId);
  }

  unlink(folderId: string, instanceId: string, policyId: string, actor: Actor): Instance {
    const row = this.liveRow(folderId, instanceId);
    const policy = this.policies.find(folderId, policyId);
    if (!policy) throw notFound('Policy');
    if (!this.instances.unlink(policyId, instanceId)) throw notFound('Link between this instance and policy');
    this.audit.record(actor, { folderId, action: 'policy.unlink', resourceType: 'instance', resourceId: instanceId, detail: { policyId } });
    this.recordPolicyChange('revoke_policy', row, [policy.name], actor);
    this.publishLinkChange(folderId, instanceId, policyId);
    return this.get(folderId, instanceId);
  }

  private publishLinkChange(folderId: string, instanceId: string, policyId: string): void {
    this.events.publish({ type: 'instance.changed', folderId, instanceId });
    this.events.publish({ type: 'policy.changed', folderId, policyId });
  }
}
