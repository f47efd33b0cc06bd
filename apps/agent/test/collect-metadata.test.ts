import os from 'node:os';
import { InstanceMetadata } from '@cloud-backup/domain';
import { describe, expect, it } from 'vitest';
import { collectMetadata } from '../src/metadata/collect-metadata';

describe('collectMetadata on this machine', () => {
  it('produces metadata the domain schema accepts, read from the real machine', async () => {
    const metadata = InstanceMetadata.parse(await collectMetadata());
    expect(metadata.hostname).toBe(os.hostname());
    expect(metadata.kernel.release).toBe(os.release());
    expect(metadata.kernel.version).toBe(os.version());
    expect(metadata.arch).toBe(os.arch());
    expect(metadata.memoryBytes).toBe(os.totalmem());
    expect(metadata.cpu.cores).toBe(os.cpus().length);
    expect(metadata.os.name).not.toBe('');
  });

  it('reports every external address and no loopback address', async () => {
    const metadata = await collectMetadata();
    const external = Object.values(os.networkInterfaces())
      .flatMap((entries) => entries ?? [])
      .filter((e) => !e.internal)
      .map((e) => e.address);
    expect(metadata.ipAddresses).toEqual(external);
    expect(metadata.ipAddresses).not.toContain('127.0.0.1');
    expect(metadata.interfaces.map((i) => i.name)).not.toContain('lo');
  });

  it('lists no pseudo file system and sizes the mounts it lists', async () => {
    const metadata = await collectMetadata();
    const fsTypes = metadata.mounts.map((m) => m.fsType);
    for (const pseudo of ['proc', 'sysfs', 'tmpfs', 'cgroup2', 'devpts']) expect(fsTypes).not.toContain(pseudo);
    for (const m of metadata.mounts) expect(m.freeBytes).toBeLessThanOrEqual(m.totalBytes);
    expect(metadata.disks.map((d) => d.name).filter((n) => /^(loop|ram|zram)/.test(n))).toEqual([]);
  });

  it('is consistent between virtualization and the CPU type', async () => {
    const metadata = await collectMetadata();
    expect(metadata.virtualization.isVirtual).toBe(metadata.virtualization.type !== 'none');
    if (metadata.cpu.type === 'virtual') expect(metadata.virtualization.isVirtual).toBe(true);
  });
});
