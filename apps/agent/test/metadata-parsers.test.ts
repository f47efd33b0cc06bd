import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseCpuInfo } from '../src/metadata/cpu-info.parser';
import { decodeMountField, parseMounts } from '../src/metadata/mounts.parser';
import { summarizeInterfaces } from '../src/metadata/network.reader';

describe('parseMounts', () => {
  const text = [
    'proc /proc proc rw,nosuid 0 0',
    'sysfs /sys sysfs rw 0 0',
    'tmpfs /run tmpfs rw 0 0',
    'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
    'overlay / overlay rw,lowerdir=/a 0 0',
    '/dev/sda1 /boot ext4 rw 0 0',
    '/dev/sdb1 /mnt/my\\040backups xfs rw 0 0',
    '/dev/sdc1 /boot vfat rw 0 0',
    '',
  ].join('\n');

  it('keeps real file systems including overlay and drops pseudo ones', () => {
    expect(parseMounts(text).map((m) => m.mountPoint)).toEqual(['/', '/mnt/my backups', '/boot']);
  });

  it('keeps only the last of stacked mounts on one mount point', () => {
    expect(parseMounts(text).find((m) => m.mountPoint === '/boot')).toEqual({ device: '/dev/sdc1', mountPoint: '/boot', fsType: 'vfat' });
  });

  it('decodes the octal escapes of /proc/mounts', () => {
    expect(decodeMountField('/a\\040b\\011c\\134d')).toBe('/a b\tc\\d');
  });
});

describe('parseCpuInfo', () => {
  it('reads model, MHz, flags and processor count on x86', () => {
    const text = [
      'processor\t: 0',
      'model name\t: AMD EPYC 7B13',
      'cpu MHz\t\t: 2450.000',
      'flags\t\t: fpu vme hypervisor sse2',
      '',
      'processor\t: 1',
      'model name\t: AMD EPYC 7B13',
      '',
    ].join('\n');
    expect(parseCpuInfo(text)).toEqual({ model: 'AMD EPYC 7B13', mhz: 2450, flags: ['fpu', 'vme', 'hypervisor', 'sse2'], processorCount: 2 });
  });

  it('understands ARM layouts without model name or MHz', () => {
    const text = 'processor\t: 0\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n';
    expect(parseCpuInfo(text)).toEqual({ model: 'Raspberry Pi 4 Model B Rev 1.4', mhz: null, flags: ['fp', 'asimd'], processorCount: 1 });
  });

  it('returns unknowns for empty input', () => {
    expect(parseCpuInfo('')).toEqual({ model: null, mhz: null, flags: [], processorCount: 0 });
  });
});

describe('summarizeInterfaces', () => {
  const entry = (address: string, mac: string, internal: boolean): os.NetworkInterfaceInfo =>
    internal || !address.includes(':')
      ? { address, mac, internal, family: 'IPv4', netmask: '255.255.255.0', cidr: null }
      : { address, mac, internal, family: 'IPv6', netmask: 'ffff::', cidr: null, scopeid: 0 };

  it('skips loopback, reports the MAC and every external address', () => {
    const report = summarizeInterfaces({
      lo: [entry('127.0.0.1', '00:00:00:00:00:00', true), entry('::1', '00:00:00:00:00:00', true)],
      eth0: [entry('10.0.0.5', '52:54:00:12:34:56', false), entry('fd00::5', '52:54:00:12:34:56', false)],
      wg0: [entry('10.8.0.1', '00:00:00:00:00:00', false)],
    });
    expect(report).toEqual({
      ipAddresses: ['10.0.0.5', 'fd00::5', '10.8.0.1'],
      interfaces: [
        { name: 'eth0', mac: '52:54:00:12:34:56', addresses: ['10.0.0.5', 'fd00::5'] },
        { name: 'wg0', mac: '', addresses: ['10.8.0.1'] },
      ],
    });
  });
});
