import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';

/** Chart ranges of the Monitoring page and the sample bucket each one is drawn with. */
export const MonitoringRange = z.enum(['hour', 'day', 'week', 'month']);
export type MonitoringRange = z.infer<typeof MonitoringRange>;
export const MONITORING_RANGES: Readonly<Record<MonitoringRange, { spanSeconds: number; bucketSeconds: number }>> = {
  hour: { spanSeconds: 3600, bucketSeconds: 60 },
  day: { spanSeconds: 86_400, bucketSeconds: 15 * 60 },
  week: { spanSeconds: 7 * 86_400, bucketSeconds: 2 * 3600 },
  month: { spanSeconds: 30 * 86_400, bucketSeconds: 12 * 3600 },
};

/** `GET /folders/:folderId/monitoring?range=day&instanceId=…` (instanceId absent: the folder's totals). */
export const MonitoringQuery = z.object({
  range: MonitoringRange.default('day'),
  instanceId: Id.optional(),
});
export type MonitoringQuery = z.infer<typeof MonitoringQuery>;

/**
 * One bucket of samples. Gauges (protected instances, storage, agents alive) are the last sample in the
 * bucket; backup errors are the sum of the failures recorded in the bucket. A bucket without samples is
 * left out (the chart shows a gap, never an invented zero).
 */
export const MonitoringPoint = z.object({
  at: IsoDateTime,
  protectedInstances: z.number().int().nonnegative(),
  storageUsedBytes: z.number().int().nonnegative(),
  agentsAlive: z.number().int().nonnegative(),
  backupErrors: z.number().int().nonnegative(),
});
export type MonitoringPoint = z.infer<typeof MonitoringPoint>;

export const MonitoringSeries = z.object({
  range: MonitoringRange,
  instanceId: Id.nullable(),
  from: IsoDateTime,
  to: IsoDateTime,
  bucketSeconds: z.number().int().positive(),
  points: z.array(MonitoringPoint),
});
export type MonitoringSeries = z.infer<typeof MonitoringSeries>;

/** Metric names of `/metrics` (Prometheus text format), shared by the server and its tests and docs. */
export const METRIC_NAMES = {
  protectedInstances: 'cloud_backup_protected_instances',
  storageUsedBytes: 'cloud_backup_storage_used_bytes',
  agentAlive: 'cloud_backup_agent_alive',
  backupErrorsTotal: 'cloud_backup_backup_errors_total',
  lastSuccessTimestampSeconds: 'cloud_backup_last_success_timestamp_seconds',
  operationDurationSeconds: 'cloud_backup_operation_duration_seconds',
} as const;
