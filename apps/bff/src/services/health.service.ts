import { atRiskAllowanceMs, isAtRisk, type AtRiskInstance, type FolderHealth, type OfflineAgent } from '@cloud-backup/domain';
import type { Clock } from '../lib/clock';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { MonitoredLink, MonitoringRepository } from '../repositories/monitoring.repository';
import type { BackupsService } from './backups.service';
import type { InstancesService } from './instances.service';

const DAY_MS = 86_400_000;
const RECENT_FAILURES = 10;

/** A policy's allowance, computed once per version of the policy (and again after a day, as fixed schedules look ahead from now). */
interface CachedAllowance {
  key: string;
  computedAt: number;
  ms: number | null;
}

/** The fleet's health at a glance (issue 7): protected, at risk, offline, recent outcomes. */
export class HealthService {
  private readonly allowances = new Map<string, CachedAllowance>();

  constructor(
    private readonly monitoring: MonitoringRepository,
    private readonly instancesRepo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly backups: BackupsService,
    private readonly clock: Clock,
  ) {}

  async health(folderId: string): Promise<FolderHealth> {
    const now = this.clock.now();
    const live = this.instancesRepo.list(folderId);
    const storage = await this.backups.storage(folderId);
    const dayAgo = new Date(now.getTime() - DAY_MS);
    let succeeded = 0;
    let failed = 0;
    for (const { status, n } of this.monitoring.outcomes(folderId, dayAgo, now)) {
      if (status === 'completed' || status === 'completed_with_warnings') succeeded += n;
      else if (status === 'failed') failed += n;
    }
    return {
      protectedInstances: this.protectedInstanceIds(folderId).size,
      instances: live.length,
      storageUsedBytes: storage.folderBytes,
      backupsLast24h: { succeeded, failed },
      recentFailures: this.monitoring.recentFailures(folderId, dayAgo, RECENT_FAILURES).map((f) => ({ ...f, startedAt: f.startedAt.toISOString() })),
      atRisk: this.atRisk(folderId),
      agentsOffline: this.offlineAgents(folderId),
    };
  }

  /** Live instances linked to at least one enabled policy that have at least one good backup. */
  protectedInstanceIds(folderId: string): Set<string> {
    const withGoodBackup = new Set(this.monitoring.lastGoodStarts(folderId).map((r) => r.instanceId));
    const ids = new Set<string>();
    for (const link of this.monitoring.links(folderId)) {
      if (link.policy.enabled && withGoodBackup.has(link.instanceId)) ids.add(link.instanceId);
    }
    return ids;
  }

  /** One entry per (instance, policy) whose newest good backup is older than the policy allows. */
  atRisk(folderId: string): AtRiskInstance[] {
    const now = this.clock.now();
    const lastGood = new Map(this.monitoring.lastGoodStarts(folderId).map((r) => [`${r.instanceId} ${r.policyId}`, r.at]));
    const result: AtRiskInstance[] = [];
    for (const link of this.monitoring.links(folderId)) {
      const allowanceMs = this.allowance(link, now);
      const last = lastGood.get(`${link.instanceId} ${link.policy.id}`) ?? null;
      if (allowanceMs === null || !isAtRisk({ allowanceMs, lastGoodBackupAt: last, linkedAt: link.linkedAt, now })) continue;
      result.push({
        instanceId: link.instanceId,
        instanceName: link.instanceName,
        policyId: link.policy.id,
        policyName: link.policy.name,
        lastGoodBackupAt: last?.toISOString() ?? null,
        allowedAgeSeconds: Math.round(allowanceMs / 1000),
      });
    }
    return result;
  }

  /** Registered instances whose agent has missed its heartbeats (the presence rule of the instances list). */
  offlineAgents(folderId: string): OfflineAgent[] {
    return this.instancesRepo
      .list(folderId)
      .filter((r) => r.status === 'registered' && !this.instances.isOnline(r))
      .map((r) => ({ instanceId: r.id, instanceName: r.name, lastSeenAt: r.lastSeenAt?.toISOString() ?? null }));
  }

  private allowance(link: MonitoredLink, now: Date): number | null {
    const p = link.policy;
    const key = `${p.updatedAt.getTime()} ${p.enabled}`;
    const cached = this.allowances.get(p.id);
    if (cached && cached.key === key && now.getTime() - cached.computedAt < DAY_MS) return cached.ms;
    const ms = atRiskAllowanceMs(p.settings, p.enabled, now);
    this.allowances.set(p.id, { key, computedAt: now.getTime(), ms });
    return ms;
  }
}
