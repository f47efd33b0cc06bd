import os from 'node:os';
import { parseCpuInfo, type CpuInfoFacts } from './cpu-info.parser';
import { readFirstLine, readTextFile } from './read-text-file.util';
import { clip } from './text-limits';

export interface CpuReport {
  model: string;
  frequencyMhz: number;
  cores: number;
  hasHypervisorFlag: boolean;
}

export function readCpuInfoFacts(): CpuInfoFacts {
  const text = readTextFile('/proc/cpuinfo');
  return text === null ? { model: null, mhz: null, flags: [], processorCount: 0 } : parseCpuInfo(text);
}

/**
 * The nominal (maximum) frequency comes first because the current one moves with frequency scaling,
 * which would change the metadata hash on every heartbeat.
 */
function readFrequencyMhz(cpus: os.CpuInfo[], facts: CpuInfoFacts): number {
  const maxKhz = Number.parseInt(readFirstLine('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq') ?? '', 10);
  if (Number.isFinite(maxKhz) && maxKhz > 0) return Math.round(maxKhz / 1000);
  const speed = cpus[0]?.speed ?? 0;
  if (speed > 0) return Math.round(speed);
  return facts.mhz === null ? 0 : Math.round(facts.mhz);
}

export function readCpu(facts: CpuInfoFacts = readCpuInfoFacts()): CpuReport {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() || facts.model || 'unknown';
  return {
    model: clip(model),
    frequencyMhz: readFrequencyMhz(cpus, facts),
    cores: cpus.length > 0 ? cpus.length : facts.processorCount,
    hasHypervisorFlag: facts.flags.includes('hypervisor'),
  };
}
