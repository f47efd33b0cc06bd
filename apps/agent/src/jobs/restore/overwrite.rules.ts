import type { Stats } from 'node:fs';
import type { OverwriteMode, RestoreNode } from '@cloud-backup/domain';

export type ExistingKind = 'file' | 'dir' | 'symlink' | 'other';

export interface Existing {
  kind: ExistingKind;
  mtimeMs: number;
}

export function existingOf(stats: Stats | null): Existing | null {
  if (stats === null) return null;
  const kind: ExistingKind = stats.isSymbolicLink() ? 'symlink' : stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other';
  return { kind, mtimeMs: stats.mtimeMs };
}

export type Decision =
  | { action: 'create' }
  /** Put the entry in place of what is there (a file, link or other non-folder). */
  | { action: 'replace' }
  /** A folder over an existing folder: restore into it. */
  | { action: 'merge' }
  | { action: 'skip'; reason: string }
  | { action: 'fail'; reason: string };

export const SKIP_EXISTS = 'exists on the target';
export const SKIP_NOT_OLDER = 'newer or same on the target';

/**
 * What to do with one entry of the backup given what its name holds on the target. Folders merge into
 * folders; nothing ever deletes a folder to make room for a file, nor follows or replaces a symbolic
 * link by a folder.
 */
export function decide(node: Pick<RestoreNode, 'type' | 'mtimeMs'>, existing: Existing | null, mode: OverwriteMode): Decision {
  if (existing === null) return { action: 'create' };
  if (node.type === 'dir') {
    if (existing.kind === 'dir') return { action: 'merge' };
    if (existing.kind === 'symlink') return { action: 'fail', reason: 'a symbolic link with this name is on the target; it is neither followed nor replaced by a folder' };
    return { action: 'fail', reason: 'a file with this name is on the target; it is not replaced by a folder' };
  }
  if (existing.kind === 'dir') {
    const what = node.type === 'symlink' ? 'symbolic link' : 'file';
    return { action: 'fail', reason: `a folder with this name is on the target; it is not replaced by a ${what}` };
  }
  if (mode === 'none') return { action: 'skip', reason: SKIP_EXISTS };
  if (mode === 'older' && !(existing.mtimeMs < node.mtimeMs)) return { action: 'skip', reason: SKIP_NOT_OLDER };
  return { action: 'replace' };
}
