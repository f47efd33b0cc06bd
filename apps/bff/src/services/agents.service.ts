import { ErrorCode, type HeartbeatRequest, type HeartbeatResponse } from '@cloud-backup/domain';
import { AppError } from '../lib/errors';
import { hashSecret } from '../lib/secrets';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { InstanceRow, InstancesRepository } from '../repositories/instances.repository';

export class AgentsService {
  constructor(
    private readonly instances: InstancesRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly heartbeatIntervalSeconds: number,
  ) {}

  /** The instance behind an agent credential; a removed instance's agent is told to stop. */
  authenticate(credential: string | undefined): InstanceRow {
    const row = credential ? this.instances.findByCredentialHash(hashSecret(credential)) : undefined;
    if (!row) throw new AppError(401, ErrorCode.invalidAgentCredential, 'The agent credential is not valid. Register the agent again with a new token.');
    if (row.status === 'deleted') {
      throw new AppError(410, ErrorCode.instanceRemoved, 'This instance was removed from the service; the agent stops.');
    }
    return row;
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
    };
  }
}
