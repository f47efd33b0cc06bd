import type { Clock } from '../lib/clock';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { MetricSamplesRepository, NewMetricSample } from '../repositories/metric-samples.repository';
import type { MonitoringRepository } from '../repositories/monitoring.repository';
import type { BackupsService } from './backups.service';
import type { HealthService } from './health.service';
import type { InstancesService } from './instances.service';

/** Samples older than this are pruned: the longest chart range is 30 days. */
export const SAMPLE_RETENTION_MS = 35 * 86_400_000;

/**
 * Records the Monitoring page's samples (SPEC §7): each round, one row per folder (its totals) and one per
 * live instance. Gauges are read as they stand; backup errors are the failures since the folder's
 * previous sample, so a restart neither loses nor double-counts them.
 */
export class MetricsSampler {
  private round: Promise<void> | null = null;

  constructor(
    private readonly samples: MetricSamplesRepository,
    private readonly folders: FoldersRepository,
    private readonly instancesRepo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly health: HealthService,
    private readonly monitoring: MonitoringRepository,
    private readonly backups: BackupsService,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /** Samples now, then every interval; returns the stop function. */
  start(): () => void {
    void this.sampleNow();
    const timer = setInterval(() => void this.sampleNow(), this.intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** One round over every folder; a round still running is joined rather than overlapped. */
  sampleNow(): Promise<void> {
    this.round ??= this.sampleAll()
      .catch((error: unknown) => console.error('[bff] monitoring sample failed:', error instanceof Error ? error.message : error))
      .finally(() => {
        this.round = null;
      });
    return this.round;
  }

  /** Resolves when no round is running (before the database closes). */
  async idle(): Promise<void> {
    await this.round;
  }

  private async sampleAll(): Promise<void> {
    const now = this.clock.now();
    for (const folder of this.folders.listAll()) await this.sampleFolder(folder.id, now);
    this.samples.pruneBefore(new Date(now.getTime() - SAMPLE_RETENTION_MS));
  }

  private async sampleFolder(folderId: string, now: Date): Promise<void> {
    const since = this.samples.lastFolderSampleAt(folderId) ?? new Date(now.getTime() - this.intervalMs);
    const storage = await this.backups.storage(folderId);
    const storageOf = new Map(storage.instances.map((i) => [i.instanceId, i.bytes]));
    const protectedIds = this.health.protectedInstanceIds(folderId);
    const failures = this.monitoring.failuresByInstance(folderId, since, now);
    const rows: NewMetricSample[] = [];
    let alive = 0;
    for (const instance of this.instancesRepo.list(folderId)) {
      const online = this.instances.isOnline(instance);
      if (online) alive++;
      rows.push({
        folderId,
        instanceId: instance.id,
        at: now,
        protectedInstances: protectedIds.has(instance.id) ? 1 : 0,
        storageUsedBytes: storageOf.get(instance.id) ?? 0,
        agentsAlive: online ? 1 : 0,
        backupErrors: failures.get(instance.id) ?? 0,
      });
    }
    let errors = 0;
    for (const n of failures.values()) errors += n;
    rows.push({ folderId, instanceId: null, at: now, protectedInstances: protectedIds.size, storageUsedBytes: storage.folderBytes, agentsAlive: alive, backupErrors: errors });
    this.samples.insertMany(rows);
  }
}
