import type { InstanceMetadata } from '@cloud-backup/domain';

/** Fixed metadata for protocol tests, where real free-space figures would make hashes drift. */
export function sampleMetadata(overrides: Partial<InstanceMetadata> = {}): InstanceMetadata {
  return {
    hostname: 'web-01',
    os: { name: 'Debian GNU/Linux', version: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    kernel: { release: '6.1.0-18-amd64', version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1' },
    arch: 'x64',
    ipAddresses: ['10.0.0.5'],
    interfaces: [{ name: 'eth0', mac: '52:54:00:12:34:56', addresses: ['10.0.0.5'] }],
    memoryBytes: 8 * 1024 ** 3,
    cpu: { model: 'AMD EPYC 7B13', frequencyMhz: 2450, cores: 4, type: 'virtual' },
    virtualization: { isVirtual: true, type: 'kvm' },
    mounts: [{ mountPoint: '/', device: '/dev/vda1', fsType: 'ext4', totalBytes: 100e9, freeBytes: 40e9 }],
    disks: [{ name: 'vda', sizeBytes: 107374182400, model: '', rotational: false }],
    ...overrides,
  };
}
