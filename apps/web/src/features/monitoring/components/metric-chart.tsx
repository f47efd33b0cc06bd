import type { MonitoringRange } from '@cloud-backup/domain';
import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime } from '../../../lib/format';
import { axisTicks, formatTick, type ChartRow, type MetricKey } from '../monitoring-format';
import { useChartColors, type ChartColors } from './use-chart-colors';

interface MetricChartProps {
  /** Stable hook for end-to-end tests: `chart-<testId>` on the card, `chart-<testId>-latest` on the value. */
  testId: string;
  title: string;
  description: string;
  metric: MetricKey;
  kind: 'line' | 'bar';
  color: keyof ChartColors['series'];
  rows: readonly ChartRow[];
  range: MonitoringRange;
  from: number;
  to: number;
  format: (value: number) => string;
}

const HEIGHT = 220;

/** The newest bucket that has a value. */
function latestValue(rows: readonly ChartRow[], metric: MetricKey): number | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const value = rows[i]?.[metric];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

export function MetricChart({ testId, title, description, metric, kind, color, rows, range, from, to, format }: MetricChartProps) {
  const colors = useChartColors();
  const titleId = useId();
  const descriptionId = useId();
  const latest = latestValue(rows, metric);
  const stroke = colors.series[color];
  const axis = { stroke: colors.grid, tick: { fill: colors.axis, fontSize: 12 }, tickLine: false } as const;
  const xAxis = (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={[from, to]}
      ticks={axisTicks(from, to)}
      tickFormatter={(ms: number) => formatTick(range, ms)}
      minTickGap={24}
      {...axis}
    />
  );
  const yAxis = <YAxis width={kind === 'line' && metric === 'storageUsedBytes' ? 72 : 40} allowDecimals={false} tickFormatter={(v: number) => format(v)} {...axis} />;
  const tooltip = (
    <Tooltip
      labelFormatter={(ms) => formatDateTime(new Date(Number(ms)).toISOString())}
      formatter={(value) => [typeof value === 'number' ? format(value) : '—', title]}
      contentStyle={{ background: colors.tooltipBackground, borderColor: colors.tooltipBorder, color: colors.tooltipText, borderRadius: 6 }}
      labelStyle={{ color: colors.tooltipText }}
      itemStyle={{ color: colors.tooltipText }}
      cursor={kind === 'bar' ? { fill: colors.grid } : { stroke: colors.axis }}
    />
  );

  return (
    <figure
      data-testid={`chart-${testId}`}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm dark:border-gray-800 dark:bg-gray-900"
    >
      <figcaption className="mb-3 flex items-baseline justify-between gap-3">
        <div className="min-w-0">
          <h2 id={titleId} className="text-base font-semibold text-gray-900 dark:text-gray-100">
            {title}
          </h2>
          <p id={descriptionId} className="text-xs text-gray-500 dark:text-gray-400">
            {description}
          </p>
        </div>
        <p className="shrink-0 text-right whitespace-nowrap">
          <span data-testid={`chart-${testId}-latest`} className="text-xl font-semibold text-gray-900 tabular-nums dark:text-gray-50">
            {latest === null ? '—' : format(latest)}
          </span>
          <span className="block text-xs text-gray-500 dark:text-gray-400">latest</span>
        </p>
      </figcaption>
      {rows.length === 0 ? (
        <div className="flex items-center justify-center rounded-md border border-dashed border-gray-300 text-gray-500 dark:border-gray-700 dark:text-gray-400" style={{ height: HEIGHT }}>
          No data in this range yet
        </div>
      ) : (
        <div role="img" aria-label={`${title} chart, latest ${latest === null ? 'unknown' : format(latest)}`} style={{ height: HEIGHT }}>
          <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: 400, height: HEIGHT }}>
            {kind === 'bar' ? (
              <BarChart data={[...rows]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke={colors.grid} vertical={false} />
                {xAxis}
                {yAxis}
                {tooltip}
                <Bar dataKey={metric} fill={stroke} isAnimationActive={false} maxBarSize={16} />
              </BarChart>
            ) : (
              <LineChart data={[...rows]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke={colors.grid} vertical={false} />
                {xAxis}
                {yAxis}
                {tooltip}
                <Line dataKey={metric} stroke={stroke} strokeWidth={2} dot={rows.length < 3} connectNulls={false} isAnimationActive={false} type="monotone" />
              </LineChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
