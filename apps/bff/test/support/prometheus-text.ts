/**
 * A strict reader of the Prometheus text format 0.0.4, for the metrics test. The npm parser the test also
 * uses merges every labelled series of a histogram into one (it keeps only the last), so histograms are
 * checked here: every line must parse, every sample belong to a family declared by TYPE, no series repeat,
 * and each histogram series has ascending `le` buckets, cumulative counts, and `+Inf` equal to `_count`.
 */
export interface TextSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface TextFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string | null;
  samples: TextSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function parseValue(raw: string, line: string): number {
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`bad value "${raw}" in: ${line}`);
  return Number(raw);
}

/** Parses `{a="x",b="y"}` starting at `i`; returns the labels and the index after `}`. */
function parseLabels(line: string, i: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  i++; // {
  while (line[i] !== '}') {
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels in: ${line}`);
    const name = line.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name "${name}" in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    if (line[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      const c = line[j];
      if (c === undefined) throw new Error(`unterminated label value in: ${line}`);
      if (c === '"') break;
      if (c === '\\') {
        const next = line[j + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`bad escape \\${next} in: ${line}`);
        j += 2;
        continue;
      }
      value += c;
      j++;
    }
    labels[name] = value;
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') throw new Error(`expected , or } in: ${line}`);
  }
  return { labels, end: i + 1 };
}

export function parseExposition(text: string): Map<string, TextFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, TextFamily>();
  const seen = new Set<string>();
  const familyOf = (sample: string): TextFamily | undefined => {
    const direct = families.get(sample);
    if (direct) return direct;
    for (const suffix of ['_bucket', '_sum', '_count']) {
      if (!sample.endsWith(suffix)) continue;
      const f = families.get(sample.slice(0, -suffix.length));
      if (f && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket'))) return f;
    }
    return undefined;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      const f = families.get(name) ?? { name, type: 'untyped' as const, help: null, samples: [] };
      if (f.samples.length) throw new Error(`${kind} after samples of ${name}`);
      if (kind === 'HELP') f.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      else {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type in: ${line}`);
        f.type = rest as TextFamily['type'];
      }
      families.set(name, f);
      continue;
    }
    if (line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) throw new Error(`bad sample line: ${line}`);
    let i = name.length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') ({ labels, end: i } = parseLabels(line, i));
    if (line[i] !== ' ') throw new Error(`expected a space before the value in: ${line}`);
    const [rawValue, timestamp, extra] = line.slice(i + 1).split(' ');
    if (extra !== undefined || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) throw new Error(`bad sample line: ${line}`);
    const family = familyOf(name);
    if (!family) throw new Error(`sample ${name} has no TYPE declared before it`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`series repeated: ${line}`);
    seen.add(key);
    family.samples.push({ name, labels, value: parseValue(rawValue ?? '', line) });
  }
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

export interface HistogramSeries {
  labels: Record<string, string>;
  buckets: [le: number, count: number][];
  sum: number;
  count: number;
}

/** The histogram's series, one per label set without `le`. */
export function histogramSeries(f: TextFamily): HistogramSeries[] {
  const byKey = new Map<string, HistogramSeries>();
  for (const s of f.samples) {
    const { le, ...labels } = s.labels;
    const key = JSON.stringify(Object.entries(labels).sort());
    const h = byKey.get(key) ?? { labels, buckets: [], sum: NaN, count: NaN };
    byKey.set(key, h);
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}_bucket without le`);
      h.buckets.push([parseValue(le, `le="${le}"`), s.value]);
    } else if (s.name === `${f.name}_sum`) h.sum = s.value;
    else if (s.name === `${f.name}_count`) h.count = s.value;
    else throw new Error(`${s.name} in histogram ${f.name}`);
  }
  return [...byKey.values()];
}

function checkHistogram(f: TextFamily): void {
  for (const h of histogramSeries(f)) {
    const where = `${f.name}${JSON.stringify(h.labels)}`;
    if (Number.isNaN(h.sum) || Number.isNaN(h.count)) throw new Error(`${where} lacks _sum or _count`);
    const last = h.buckets.at(-1);
    if (!last || last[0] !== Infinity || last[1] !== h.count) throw new Error(`${where}: the +Inf bucket must come last and equal _count`);
    for (let i = 1; i < h.buckets.length; i++) {
      const [le, n] = h.buckets[i]!;
      const [prevLe, prevN] = h.buckets[i - 1]!;
      if (le <= prevLe || n < prevN) throw new Error(`${where}: buckets must ascend and be cumulative`);
    }
  }
}
