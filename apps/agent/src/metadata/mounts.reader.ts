import { statfs } from 'node:fs/promises';
import type { InstanceMetadata } from '@cloud-backup/domain';
import { parseMounts } from './mounts.parser';
import { readTextFile } from './read-text-file.util';
import { byteCount, clip, clipList } from './text-limits';

type MountReport = InstanceMetadata['mounts'][number];

// A dead network mount can block statfs forever; the report goes out with zero sizes instead.
const STATFS_TIMEOUT_MS = 2000;

async function sizesOf(mountPoint: string): Promise<{ totalBytes: number; freeBytes: number }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), STATFS_TIMEOUT_MS);
  });
  try {
    const stats = await Promise.race([statfs(mountPoint), timeout]);
    if (stats === null) return { totalBytes: 0, freeBytes: 0 };
    // bavail (free to unprivileged users) is what `df` shows as available.
    return { totalBytes: byteCount(stats.blocks * stats.bsize), freeBytes: byteCount(stats.bavail * stats.bsize) };
  } catch {
    return { totalBytes: 0, freeBytes: 0 };
  } finally {
    clearTimeout(timer);
  }
}

export async function readMounts(): Promise<MountReport[]> {
  const entries = clipList(parseMounts(readTextFile('/proc/mounts') ?? ''), 1024);
  return Promise.all(
    entries.map(async (m) => ({
      mountPoint: clip(m.mountPoint, 4096),
      device: clip(m.device, 4096),
      fsType: clip(m.fsType, 64),
      ...(await sizesOf(m.mountPoint)),
    })),
  );
}
