/** What the agent needs from /proc/cpuinfo, taken from the first processor block. */
export interface CpuInfoFacts {
  model: string | null;
  mhz: number | null;
  flags: string[];
  processorCount: number;
}

// x86 says "model name"; ARM boards, MIPS and POWER use other keys for the same thing.
const MODEL_KEYS = ['model name', 'Model', 'cpu model', 'Hardware', 'cpu', 'Processor'];

export function parseCpuInfo(text: string): CpuInfoFacts {
  const first = new Map<string, string>();
  let processorCount = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor') processorCount++;
    if (!first.has(key)) first.set(key, value);
  }
  const modelKey = MODEL_KEYS.find((k) => (first.get(k) ?? '') !== '');
  const mhz = Number.parseFloat(first.get('cpu MHz') ?? '');
  const flagText = first.get('flags') ?? first.get('Features') ?? '';
  return {
    model: modelKey ? (first.get(modelKey) ?? null) : null,
    mhz: Number.isFinite(mhz) && mhz > 0 ? mhz : null,
    flags: flagText.split(/\s+/).filter((f) => f !== ''),
    processorCount,
  };
}
