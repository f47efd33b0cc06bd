import type { InstanceMetadata } from '@cloud-backup/domain';
import { listDirectory, readFirstLine } from './read-text-file.util';
import { byteCount, clip, clipList } from './text-limits';

type DiskReport = InstanceMetadata['disks'][number];

// Loop devices back files and images, ram/zram live in memory: none of them is a disk of the machine.
const VIRTUAL_BLOCK_DEVICE = /^(loop|ram|zram)\d*$/;

/** The kernel reports sizes in 512-byte sectors whatever the device's own sector size (block/stat). */
const SECTOR_BYTES = 512;

function readDisk(name: string): DiskReport {
  const base = `/sys/block/${name}`;
  const sectors = Number.parseInt(readFirstLine(`${base}/size`) ?? '', 10);
  const rotational = readFirstLine(`${base}/queue/rotational`);
  return {
    name: clip(name, 255),
    sizeBytes: Number.isFinite(sectors) ? byteCount(sectors * SECTOR_BYTES) : 0,
    model: clip(readFirstLine(`${base}/device/model`) ?? ''),
    rotational: rotational === '1' ? true : rotational === '0' ? false : null,
  };
}

export function readDisks(): DiskReport[] {
  const names = listDirectory('/sys/block').filter((n) => !VIRTUAL_BLOCK_DEVICE.test(n)).sort();
  return clipList(names, 1024).map(readDisk);
}
