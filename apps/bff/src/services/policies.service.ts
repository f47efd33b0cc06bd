import type { Policy, PolicySummary } from '@cloud-backup/domain';
import { notFound } from '../lib/errors';
import type { PoliciesRepository, PolicyRow } from '../repositories/policies.repository';
import type { InstancesService } from './instances.service';

function toSummary(row: PolicyRow, linkedInstanceCount: number): PolicySummary {
  return {
    id: row.id,
    folderId: row.folderId,
    name: row.name,
    enabled: row.enabled,
    settings: row.settings,
    linkedInstanceCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export class PoliciesService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly instances: InstancesService,
  ) {}

  list(folderId: string): PolicySummary[] {
    return this.policies.listWithLinkCounts(folderId).map((r) => toSummary(r, r.linkedInstanceCount));
  }

  get(folderId: string, policyId: string): Policy {
    const row = this.policies.find(folderId, policyId);
    if (!row) throw notFound('Policy');
    const linked = this.policies.linkedInstances(policyId).map((i) => ({
      id: i.id,
      name: i.name,
      kind: i.kind,
      online: this.instances.isOnline({ lastSeenAt: i.lastSeenAt, status: 'registered' }),
    }));
    return { ...toSummary(row, linked.length), instances: linked };
  }
}
