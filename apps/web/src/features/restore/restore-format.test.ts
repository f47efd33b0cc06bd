import { describe, expect, it } from 'vitest';
import { formatEntrySize, restorePercent, targetRefusal } from './restore-format';

describe('targetRefusal', () => {
  const vm = { kind: 'vm' as const, status: 'registered' as const, online: true };

  it('accepts a connected instance of the same kind', () => {
    expect(targetRefusal(vm, 'vm')).toBeNull();
  });

  it('refuses another kind, in both directions', () => {
    expect(targetRefusal(vm, 'bms')).toBe('Virtual machine: a bare-metal server backup restores only to bare-metal servers');
    expect(targetRefusal({ ...vm, kind: 'bms' }, 'vm')).toBe('Bare-metal server: a virtual machine backup restores only to virtual machines');
  });

  it('refuses offline, unregistered and removed instances', () => {
    expect(targetRefusal({ ...vm, online: false }, 'vm')).toBe('Offline: its agent is not connected');
    expect(targetRefusal({ ...vm, status: 'failed_registration' }, 'vm')).toBe('Its registration failed');
    expect(targetRefusal({ ...vm, status: 'registering' }, 'vm')).toBe('Not registered yet');
    expect(targetRefusal({ ...vm, status: 'deleted' }, 'vm')).toBe('Removed from the service');
  });
});

describe('formatEntrySize', () => {
  it('gives folders their total and file count', () => {
    expect(formatEntrySize({ type: 'dir', size: 3 * 1024 ** 2, fileCount: 1234 })).toBe('3.00 MiB · 1,234 files');
    expect(formatEntrySize({ type: 'dir', size: 0, fileCount: 1 })).toBe('0 B · 1 file');
    expect(formatEntrySize({ type: 'file', size: 2048, fileCount: null })).toBe('2.00 KiB');
    expect(formatEntrySize({ type: 'symlink', size: 9, fileCount: null })).toBe('—');
  });
});

describe('restorePercent', () => {
  const base = { phase: 'restoring' as const, filesDone: 1, filesTotal: 4, bytesDone: 0, bytesTotal: 0, bytesPerSecond: 0, etaSeconds: null, currentPath: null };
  it('measures bytes, or files when there are no bytes', () => {
    expect(restorePercent({ ...base, bytesDone: 50, bytesTotal: 200 })).toBe(25);
    expect(restorePercent(base)).toBe(25);
    expect(restorePercent({ ...base, phase: 'done' })).toBe(100);
    expect(restorePercent({ ...base, phase: 'preparing', filesTotal: 0 })).toBeNull();
  });
});
