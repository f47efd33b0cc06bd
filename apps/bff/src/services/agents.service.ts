import { ErrorCode, type CredentialRotationResponse, type HeartbeatRequest, type HeartbeatResponse } from '@cloud-backup/domain';
import { AppError } from '../lib/errors';
import { hashSecret, newSecret } from '../lib/secrets';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { InstanceRow, InstancesRepository } from '../repositories/instances.repository';
import type { AuditService } from './audit.service';

export class AgentsService {
  constructor(
    private readonly instances: InstancesRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly heartbeatIntervalSeconds: number,
    private readonly audit?: AuditService,
  ) {}

  /**
   * The instance behind an agent credential; a removed instance's agent is told to stop. A pending
   * (rotated) credential is accepted too, and its first use makes it the only valid one (ADR 011).
   */
  authenticate(credential: string | undefined): InstanceRow {
    const hash = credential ? hashSecret(credential) : undefined;
    const row = hash ? this.instances.findByCredentialHash(hash) : undefined;
    if (!hash || !row) throw new AppError(401, ErrorCode.invalidAgentCredential, 'The agent credential is not valid. Register the agent again with a new token.');
    if (row.status === 'deleted') {
      throw new AppError(410, ErrorCode.instanceRemoved, 'This instance was removed from the service; the agent stops.');
    }
    if (row.pendingCredentialHash === hash && row.credentialHash !== hash) return this.promote(row, hash);
    return row;
  }

  private promote(row: InstanceRow, hash: string): InstanceRow {
    const now = this.clock.now();
    if (this.instances.promotePendingCredential(row.id, hash, now)) {
      this.audit?.record({ type: 'agent', id: row.id }, { folderId: row.folderId, action: 'instance.credential_rotate', resourceType: 'instance', resourceId: row.id });
      this.events.publish({ type: 'instance.changed', folderId: row.folderId, instanceId: row.id });
    }
    return this.instances.findById(row.id) ?? row;
  }

  /**
   * A new credential for the calling instance, stored as pending: the current one keeps working until the
   * agent proves it saved the new one by using it. Asking again replaces an unused pending credential.
   */
  issueCredential(instance: InstanceRow): CredentialRotationResponse {
    const credential = newSecret('cbi');
    this.instances.update(instance.id, { pendingCredentialHash: hashSecret(credential) });
    return { credential };
  }

  heartbeat(instance: InstanceRow, req: HeartbeatRequest): HeartbeatResponse {
    // The hash is the agent's own: the server only compares it, so both sides never need to agree on a canonical form.
    const set: Partial<InstanceRow> = { lastSeenAt: this.clock.now(), agentVersion: req.agentVersion };
    let changed = instance.agentVersion !== req.agentVersion;
    if (req.metadata) {
      Object.assign(set, { metadata: req.metadata, metadataHash: req.metadataHash, name: req.metadata.hostname || instance.name });
      changed ||= req.metadataHash !== instance.metadataHash;
    }
    this.instances.update(instance.id, set);
    if (changed) this.events.publish({ type: 'instance.changed', folderId: instance.folderId, instanceId: instance.id });
    return {
      heartbeatIntervalSeconds: this.heartbeatIntervalSeconds,
      metadataRequired: !req.metadata && req.metadataHash !== instance.metadataHash,
      rotateCredential: instance.credentialRotationRequestedAt !== null,
    };
  }
}
