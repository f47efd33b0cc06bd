// Progress lines, figures and the final key=value block.
const started = performance.now();

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** BENCH_SCALE (default 1) multiplies dataset counts and sizes. */
export function benchScale() {
  const s = Number(process.env.BENCH_SCALE ?? '1');
  if (!Number.isFinite(s) || s <= 0) throw new Error(`BENCH_SCALE must be a positive number, got "${process.env.BENCH_SCALE}"`);
  return s;
}

function clock() {
  const s = Math.floor((performance.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function log(message) {
  console.log(`[${clock()}] ${message}`);
}

export function fmtBytes(n) {
  if (n >= GiB) return `${(n / GiB).toFixed(2)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function fmtSeconds(s) {
  return Number.isFinite(s) ? `${s.toFixed(2)} s` : 'failed';
}

/** A number with `digits` decimals, or 'nan'. */
export function fmtNum(n, digits = 2) {
  return Number.isFinite(n) ? n.toFixed(digits) : 'nan';
}

export function mibPerSecond(bytes, seconds) {
  return seconds > 0 ? bytes / MiB / seconds : NaN;
}

/** Times an async function: `{seconds, value}`. */
export async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function ratio(ours, theirs) {
  return Number.isFinite(ours) && Number.isFinite(theirs) && theirs > 0 ? ours / theirs : NaN;
}

export function fmtRatio(r, digits = 3) {
  return Number.isFinite(r) ? r.toFixed(digits) : 'nan';
}

/** A plain text table; `rows` are arrays of cells, the first row the header. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  console.log(out.join('\n'));
}

/** The last lines of output: `key=value`, in the given order. */
export function printKeyValues(pairs) {
  console.log('');
  for (const [k, v] of pairs) console.log(`${k}=${v}`);
}
