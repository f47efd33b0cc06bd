import type { InstanceMetadata } from '@cloud-backup/domain';
import { readCpu, readCpuInfoFacts } from './cpu.reader';
import { readDisks } from './disks.reader';
import { readMounts } from './mounts.reader';
import { readNetwork } from './network.reader';
import { readOsInfo } from './os-info.reader';
import { readSystemBasics } from './system.reader';
import { readVirtualization } from './virtualization.reader';

/** Reads the metadata SPEC §2 asks for from the machine the agent runs on. */
export async function collectMetadata(): Promise<InstanceMetadata> {
  const basics = readSystemBasics();
  const cpuFacts = readCpuInfoFacts();
  const cpu = readCpu(cpuFacts);
  const [virtualization, mounts] = await Promise.all([readVirtualization(cpu.hasHypervisorFlag), readMounts()]);
  const network = readNetwork();
  return {
    hostname: basics.hostname,
    os: readOsInfo(),
    kernel: basics.kernel,
    arch: basics.arch,
    ipAddresses: network.ipAddresses,
    interfaces: network.interfaces,
    memoryBytes: basics.memoryBytes,
    cpu: {
      model: cpu.model,
      frequencyMhz: cpu.frequencyMhz,
      cores: cpu.cores,
      // ARM guests have no hypervisor flag, so a detected hardware VM also makes the CPU virtual.
      type: cpu.hasHypervisorFlag || virtualization.kind === 'vm' ? 'virtual' : 'physical',
    },
    virtualization: { isVirtual: virtualization.isVirtual, type: virtualization.type.slice(0, 64) },
    mounts,
    disks: readDisks(),
  };
}
