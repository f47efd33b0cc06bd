import { METRIC_NAMES } from '@cloud-backup/domain';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { MonitoringRepository } from '../repositories/monitoring.repository';
import type { BackupsService } from './backups.service';
import type { HealthService } from './health.service';
import type { InstancesService } from './instances.service';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Upper bounds (seconds) of the operation duration histogram: from quick API-side work to day-long backups. */
export const DURATION_BUCKETS = [1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400] as const;

type Labels = Record<string, string>;
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: { suffix?: string; labels: Labels; value: number }[];
}

/** Label values per the text format 0.0.4: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function render(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
      lines.push(`${f.name}${s.suffix ?? ''}${labels.length ? `{${labels.join(',')}}` : ''} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `/metrics` in the Prometheus text format (issue 7). Labels are ids (`folder`, `instance`, `policy`), not
 * names: names can be changed in the console, and a renamed series would break every graph and alert.
 */
export class PrometheusMetrics {
  constructor(
    private readonly folders: FoldersRepository,
    private readonly instancesRepo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly health: HealthService,
    private readonly monitoring: MonitoringRepository,
    private readonly backups: BackupsService,
  ) {}

  async exposition(): Promise<string> {
    const protectedF: Family = { name: METRIC_NAMES.protectedInstances, type: 'gauge', help: 'Live instances linked to an enabled policy that have a good backup.', samples: [] };
    const storage: Family = {
      name: METRIC_NAMES.storageUsedBytes,
      type: 'gauge',
      help: 'Backup storage used: the whole folder repository (label folder), or the data reachable from one instance\'s backups (labels folder, instance).',
      samples: [],
    };
    const alive: Family = { name: METRIC_NAMES.agentAlive, type: 'gauge', help: '1 when the instance\'s agent is online (heartbeats on time), else 0.', samples: [] };
    const errors: Family = { name: METRIC_NAMES.backupErrorsTotal, type: 'counter', help: 'Backups that failed, per instance and policy.', samples: [] };
    const lastSuccess: Family = {
      name: METRIC_NAMES.lastSuccessTimestampSeconds,
      type: 'gauge',
      help: 'When the newest successful backup of the instance under the policy ended (Unix seconds).',
      samples: [],
    };
    const durations: Family = { name: METRIC_NAMES.operationDurationSeconds, type: 'histogram', help: 'Duration of finished operations, from start to end.', samples: [] };

    const errorCounts = new Map<string, { folder: string; instance: string; policy: string; n: number }>();
    const key = (folder: string, instance: string, policy: string) => `${folder}\u0000${instance}\u0000${policy}`;
    for (const folder of this.folders.listAll()) {
      const folderId = folder.id;
      const usage = await this.backups.storage(folderId);
      protectedF.samples.push({ labels: { folder: folderId }, value: this.health.protectedInstanceIds(folderId).size });
      storage.samples.push({ labels: { folder: folderId }, value: usage.folderBytes });
      for (const i of usage.instances) storage.samples.push({ labels: { folder: folderId, instance: i.instanceId }, value: i.bytes });
      for (const row of this.instancesRepo.list(folderId)) {
        alive.samples.push({ labels: { folder: folderId, instance: row.id }, value: this.instances.isOnline(row) ? 1 : 0 });
      }
      // A linked instance shows a zero counter before its first failure, so increase() sees the first one.
      for (const link of this.monitoring.links(folderId)) {
        errorCounts.set(key(folderId, link.instanceId, link.policy.id), { folder: folderId, instance: link.instanceId, policy: link.policy.id, n: 0 });
      }
    }
    for (const r of this.monitoring.failedTotals()) {
      const policy = r.policyId ?? '';
      errorCounts.set(key(r.folderId, r.instanceId, policy), { folder: r.folderId, instance: r.instanceId, policy, n: r.n });
    }
    for (const e of errorCounts.values()) errors.samples.push({ labels: { folder: e.folder, instance: e.instance, policy: e.policy }, value: e.n });
    for (const r of this.monitoring.lastSuccessEnds()) {
      if (r.at === null) continue;
      lastSuccess.samples.push({ labels: { folder: r.folderId, instance: r.instanceId, policy: r.policyId ?? '' }, value: r.at.getTime() / 1000 });
    }
    this.histogram(durations);
    return render([protectedF, storage, alive, errors, lastSuccess, durations]);
  }

  private histogram(family: Family): void {
    const groups = new Map<string, { folder: string; type: string; counts: number[]; sum: number; count: number }>();
    for (const op of this.monitoring.finishedOperations()) {
      if (!op.startedAt || !op.finishedAt) continue;
      const seconds = Math.max(0, (op.finishedAt.getTime() - op.startedAt.getTime()) / 1000);
      const k = `${op.folderId}\u0000${op.type}`;
      const g = groups.get(k) ?? { folder: op.folderId, type: op.type, counts: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
      groups.set(k, g);
      DURATION_BUCKETS.forEach((le, i) => {
        if (seconds <= le) g.counts[i]! += 1;
      });
      g.sum += seconds;
      g.count += 1;
    }
    for (const g of groups.values()) {
      const labels = { folder: g.folder, type: g.type };
      DURATION_BUCKETS.forEach((le, i) => family.samples.push({ suffix: '_bucket', labels: { ...labels, le: String(le) }, value: g.counts[i]! }));
      family.samples.push({ suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: g.count });
      family.samples.push({ suffix: '_sum', labels, value: g.sum });
      family.samples.push({ suffix: '_count', labels, value: g.count });
    }
  }
}
