import { readFileSync } from 'node:fs';
import { PSEUDO_FS_TYPES } from '../../metadata/mounts.parser';

/** Relative to the agent's root: kernel views and runtime state, never data worth restoring. */
export const PSEUDO_PATHS: ReadonlySet<string> = new Set(['/proc', '/sys', '/dev', '/run']);

/**
 * The metadata report's pseudo types minus tmpfs and ramfs: those can hold real data (a tmpfs /tmp),
 * and the usual tmpfs mounts (/run, /dev/shm) are under PSEUDO_PATHS anyway.
 */
function isSkippedType(fsType: string): boolean {
  if (fsType === 'tmpfs' || fsType === 'ramfs') return false;
  return PSEUDO_FS_TYPES.has(fsType) || fsType.startsWith('cgroup');
}

/**
 * Mount points of pseudo file systems, as latin1 strings of their exact bytes (the key the scan uses
 * for host paths). The file is read as latin1 so non-ASCII bytes survive, then `\040`-style escapes
 * are decoded.
 */
export function parsePseudoMountPoints(text: string): Set<string> {
  const points = new Set<string>();
  for (const line of text.split('\n')) {
    const [, mountPoint, fsType] = line.trim().split(/\s+/);
    if (mountPoint === undefined || fsType === undefined || !isSkippedType(fsType)) continue;
    points.add(mountPoint.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))));
  }
  return points;
}

export function readPseudoMountPoints(): Set<string> {
  try {
    return parsePseudoMountPoints(readFileSync('/proc/self/mounts', 'latin1'));
  } catch {
    // Not Linux, or no /proc: the path rules still apply.
    return new Set();
  }
}
