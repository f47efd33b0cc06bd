import { MONITORING_RANGES, type MonitoringPoint, type MonitoringQuery, type MonitoringSeries } from '@cloud-backup/domain';
import { notFound } from '../lib/errors';
import type { Clock } from '../lib/clock';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { MetricSamplesRepository } from '../repositories/metric-samples.repository';

/** The Monitoring page's series: recorded samples (MetricsSampler) folded into the range's buckets. */
export class MonitoringService {
  constructor(
    private readonly samples: MetricSamplesRepository,
    private readonly instances: InstancesRepository,
    private readonly clock: Clock,
  ) {}

  series(folderId: string, q: MonitoringQuery): MonitoringSeries {
    const instanceId = q.instanceId ?? null;
    // A removed instance keeps its history; an id from another folder is not found.
    if (instanceId !== null && !this.instances.find(folderId, instanceId)) throw notFound('Instance');
    const { spanSeconds, bucketSeconds } = MONITORING_RANGES[q.range];
    const to = this.clock.now();
    const from = new Date(to.getTime() - spanSeconds * 1000);
    const bucketMs = bucketSeconds * 1000;
    const buckets = new Map<number, MonitoringPoint>();
    for (const s of this.samples.range(folderId, instanceId, from, to)) {
      // Buckets are aligned to the epoch, so the same sample lands in the same bucket on every refresh.
      const start = Math.floor(s.at.getTime() / bucketMs) * bucketMs;
      const previous = buckets.get(start);
      buckets.set(start, {
        at: new Date(start).toISOString(),
        protectedInstances: s.protectedInstances,
        storageUsedBytes: s.storageUsedBytes,
        agentsAlive: s.agentsAlive,
        backupErrors: (previous?.backupErrors ?? 0) + s.backupErrors,
      });
    }
    const points = [...buckets.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
    return { range: q.range, instanceId, from: from.toISOString(), to: to.toISOString(), bucketSeconds, points };
  }
}
