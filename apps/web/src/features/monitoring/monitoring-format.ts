import type { MonitoringPoint, MonitoringRange, MonitoringSeries } from '@cloud-backup/domain';

export const MONITORING_RANGE_LABEL: Record<MonitoringRange, string> = {
  hour: 'Last hour',
  day: 'Last 24 hours',
  week: 'Last 7 days',
  month: 'Last 30 days',
};

export type MetricKey = Exclude<keyof MonitoringPoint, 'at'>;

/** One row of a chart: the bucket's time in ms, and null values where the server had no samples. */
export type ChartRow = { t: number } & { [K in MetricKey]: number | null };

/**
 * The server leaves out buckets without samples; a line drawn straight across them would invent data,
 * so an empty row goes into every such gap and the line breaks there.
 */
export function chartRows(series: MonitoringSeries): ChartRow[] {
  const bucketMs = series.bucketSeconds * 1000;
  const rows: ChartRow[] = [];
  let previous: number | null = null;
  for (const point of series.points) {
    const t = new Date(point.at).getTime();
    if (previous !== null && t - previous > 1.5 * bucketMs) {
      rows.push({ t: previous + bucketMs, protectedInstances: null, storageUsedBytes: null, agentsAlive: null, backupErrors: null });
    }
    rows.push({ t, protectedInstances: point.protectedInstances, storageUsedBytes: point.storageUsedBytes, agentsAlive: point.agentsAlive, backupErrors: point.backupErrors });
    previous = t;
  }
  return rows;
}

const MINUTE = 60_000;
// Tick spacings a reader can count in: round minutes, hours and days.
const TICK_STEPS = [1, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2 * 1440, 7 * 1440].map((m) => m * MINUTE);

/**
 * Round-clock tick positions (whole hours, midnights…) inside [from, to], at most `max` of them. Recharts
 * derives a time axis's ticks from the data otherwise, which leaves one lonely tick while a range has few
 * samples. Aligned to the browser's clock, since the labels are local times.
 */
export function axisTicks(from: number, to: number, max = 6): number[] {
  if (!(to > from)) return [from];
  const step = TICK_STEPS.find((s) => (to - from) / s <= max) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** Axis ticks: clock time for the short ranges, the day for the long ones. */
export function formatTick(range: MonitoringRange, ms: number): string {
  const date = new Date(ms);
  if (range === 'hour' || range === 'day') return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
