import { QUOTA_WARNING_RATIO, type AtRiskInstance, type OfflineAgent, type WebhookEvent } from '@cloud-backup/domain';
import type { Clock } from '../lib/clock';
import type { BackupsRepository } from '../repositories/backups.repository';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { OperationRow } from '../repositories/operations.repository';
import type { WebhooksRepository } from '../repositories/webhooks.repository';
import type { QuotasService } from './quotas.service';
import type { WebhookDispatcher } from './webhook-dispatcher.service';

/** What the alert check needs of the health service (services/health.service.ts). */
export interface HealthSource {
  atRisk(folderId: string): AtRiskInstance[] | Promise<AtRiskInstance[]>;
  offlineAgents(folderId: string): OfflineAgent[] | Promise<OfflineAgent[]>;
}

type AlertKind = Extract<WebhookEvent, 'agent.offline' | 'instance.at_risk' | 'quota.nearly_reached'>;

/**
 * Conditions that last (an agent offline, an instance at risk, a quota nearly reached) notify once when
 * they start: the alert_states table remembers what was raised, across restarts, and forgets it when the
 * condition ends, so the next time it starts it notifies again.
 */
export class WebhookAlerts {
  private running: Promise<void> | null = null;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly folders: FoldersRepository,
    private readonly instances: InstancesRepository,
    private readonly backups: BackupsRepository,
    private readonly quotas: QuotasService,
    private readonly health: HealthSource,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: Clock,
  ) {}

  /**
   * Every way a backup fails ends its operation as failed (the agent reports a failure, the job is abandoned,
   * a scheduled run is missed), so this one hook sees them all. Cancelled backups do not notify.
   */
  operationFinished(op: OperationRow): void {
    if (op.type !== 'backup' || op.status !== 'failed') return;
    const backup = op.backupId ? this.backups.findById(op.backupId) : undefined;
    this.dispatcher.notify(op.folderId, 'backup.failed', {
      instanceId: op.instanceId ?? op.targetId,
      instanceName: op.targetName,
      policyName: backup?.policyName ?? (op.job as { policyName?: string } | null)?.policyName ?? null,
      backupId: op.backupId,
      operationId: op.id,
      error: backup?.error ?? op.result,
    });
  }

  /** Presence saw the instance go offline: notify at once rather than at the next check. */
  agentOffline(instanceId: string): void {
    const row = this.instances.findById(instanceId);
    if (!row || row.status !== 'registered') return;
    this.raise(row.folderId, 'agent.offline', row.id, { instanceId: row.id, instanceName: row.name, lastSeenAt: row.lastSeenAt?.toISOString() ?? null });
  }

  private raise(folderId: string, kind: AlertKind, subjectId: string, data: Record<string, unknown>): void {
    if (this.repo.raiseAlert(folderId, kind, subjectId, this.clock.now())) this.dispatcher.notify(folderId, kind, data);
  }

  /** Raises what holds now and was not raised yet; clears what no longer holds. */
  private sync(folderId: string, kind: AlertKind, current: Map<string, Record<string, unknown>>): void {
    for (const [subjectId, data] of current) this.raise(folderId, kind, subjectId, data);
    for (const alert of this.repo.alerts(folderId, kind)) if (!current.has(alert.subjectId)) this.repo.clearAlert(folderId, kind, alert.subjectId);
  }

  private async checkFolder(folderId: string): Promise<void> {
    const health = this.health;
    const offline = await health.offlineAgents(folderId);
    this.sync(folderId, 'agent.offline', new Map(offline.map((a) => [a.instanceId, { ...a }])));
    const atRisk = await health.atRisk(folderId);
    this.sync(folderId, 'instance.at_risk', new Map(atRisk.map((a) => [`${a.instanceId}/${a.policyId}`, { ...a }])));
    const quotas = await this.quotas.get(folderId);
    const nearly = new Map<string, Record<string, unknown>>();
    for (const line of quotas.lines) {
      // A limit of 0 is a deliberate "none allowed", not a quota running out.
      if (!line.editable || line.used === null || line.limit === 0) continue;
      if (line.used >= QUOTA_WARNING_RATIO * line.limit) nearly.set(line.key, { key: line.key, used: line.used, limit: line.limit });
    }
    this.sync(folderId, 'quota.nearly_reached', nearly);
  }

  /** One check of every activated folder; concurrent calls share one run. */
  check(): Promise<void> {
    this.running ??= (async () => {
      for (const folder of this.folders.listAll()) {
        if (folder.activatedAt === null) continue;
        try {
          await this.checkFolder(folder.id);
        } catch (error) {
          console.error(`[bff] alert check of folder ${folder.id} failed:`, error);
        }
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * The first check runs one interval after the start: right after a restart every agent looks offline
   * until its next heartbeat, which must not notify.
   */
  start(intervalMs: number): () => Promise<void> {
    const timer = setInterval(() => void this.check(), intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.running;
    };
  }
}
