import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lchown, link, lstat, lutimes, mkdir, open, rename, symlink, unlink, type FileHandle } from 'node:fs/promises';
import type { RestoreNode } from '@cloud-backup/domain';
import { fdIsAt, type TargetPath } from '../../target/target-path';
import type { ChunkReader } from './chunk-pipeline';

/** The entry could not be placed for a reason that is about it alone (not an fs error code). */
export class PlacementError extends Error {
  override readonly name = 'PlacementError';
}

export interface PlaceOptions {
  /** Owners are restored only when the agent runs as root (anyone else may not give files away). */
  asRoot: boolean;
  /** Called between chunks: throws to stop (cancel, agent stopping). */
  check: () => void;
  /** Bytes written so far of the file at hand, for progress. */
  onBytes: (bytes: number) => void;
}

/** Identity of a restored file, so a hard link made to it later can be checked to be that very file. */
export interface PlacedFile {
  abs: Buffer;
  dev: number;
  ino: number;
}

const PERMISSION_BITS = 0o7777;
const MAX_NAME_BYTES_IN_TEMP = 200;
const MOVED_AWAY = 'a folder on the way to it was replaced while restoring (by a symbolic link?)';

/** `.<name>.cb-restore-<random>` beside the final name, so the last step is a rename in one folder. */
export function tempSibling(target: TargetPath): Buffer {
  const slash = target.abs.lastIndexOf(0x2f);
  const dir = target.abs.subarray(0, slash + 1);
  const name = target.abs.subarray(slash + 1, slash + 1 + MAX_NAME_BYTES_IN_TEMP);
  return Buffer.concat([dir, Buffer.from('.'), name, Buffer.from(`.cb-restore-${randomBytes(6).toString('hex')}`)]);
}

async function removeQuietly(abs: Buffer): Promise<void> {
  await unlink(abs).catch(() => {});
}

function mtimeOf(node: RestoreNode): Date {
  return new Date(node.mtimeMs);
}

/**
 * Writes a file's content to a temporary file beside its final name (created exclusively, never through a
 * link), syncs it, gives it its owner, mode and mtime through the open descriptor, and renames it over
 * the final name. Whatever goes wrong, the temporary file is removed and the final name is untouched.
 */
export async function writeFileAtomically(target: TargetPath, node: RestoreNode, reader: ChunkReader | null, o: PlaceOptions): Promise<PlacedFile> {
  const temp = tempSibling(target);
  let handle: FileHandle | null = null;
  try {
    handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    if (!(await fdIsAt(handle.fd, temp))) throw new PlacementError(MOVED_AWAY);
    let written = 0;
    for (;;) {
      o.check();
      const data = reader ? await reader.read() : null;
      if (data === null) break;
      o.check();
      for (let offset = 0; offset < data.length; ) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
      written += data.length;
      o.onBytes(data.length);
    }
    if (written !== node.size) throw new PlacementError(`its chunks hold ${written} bytes but the backup recorded ${node.size}`);
    await handle.sync();
    // chown first: it clears set-user-ID and set-group-ID bits that chmod then puts back.
    if (o.asRoot) await handle.chown(node.uid, node.gid);
    await handle.chmod(node.mode & PERMISSION_BITS);
    await handle.utimes(new Date(), mtimeOf(node));
    const { dev, ino } = await handle.stat();
    await handle.close();
    handle = null;
    await rename(temp, target.abs);
    return { abs: target.abs, dev, ino };
  } catch (error) {
    reader?.close();
    await handle?.close().catch(() => {});
    await removeQuietly(temp);
    throw error;
  }
}

/**
 * Creates the link itself (its target is stored text, never followed: writing a link does not write
 * through it), then renames it over the final name.
 */
export async function placeSymlink(target: TargetPath, node: RestoreNode, asRoot: boolean): Promise<void> {
  const linkTarget = node.target ?? '';
  if (linkTarget === '' || linkTarget.includes('\0')) throw new PlacementError('the backup holds no valid link target for it');
  const temp = tempSibling(target);
  try {
    await symlink(Buffer.from(linkTarget, 'utf8'), temp);
    if (asRoot) await lchown(temp, node.uid, node.gid);
    // Links have no permission bits of their own on Linux; their mtime is kept where lutimes exists.
    await lutimes(temp, new Date(), mtimeOf(node)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOSYS' && error.code !== 'EOPNOTSUPP') throw error;
    });
    await rename(temp, target.abs);
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/**
 * Links `target` to a file restored earlier in this job. False when the first copy is no longer the
 * file this job wrote (replaced meanwhile) or cannot be linked (another file system, refused): the
 * caller then writes the content itself.
 */
export async function placeHardLink(target: TargetPath, first: PlacedFile): Promise<boolean> {
  const temp = tempSibling(target);
  try {
    await link(first.abs, temp);
  } catch {
    return false;
  }
  try {
    const stats = await lstat(temp);
    if (stats.dev !== first.dev || stats.ino !== first.ino) {
      await removeQuietly(temp);
      return false;
    }
    await rename(temp, target.abs);
    return true;
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/** A new folder, private until its own mode is applied after its content (see DirTracker). */
export async function makeDir(target: TargetPath): Promise<void> {
  await mkdir(target.abs, 0o700);
  const stats = await lstat(target.abs);
  if (!stats.isDirectory() || stats.isSymbolicLink()) throw new PlacementError(MOVED_AWAY);
}

/**
 * Owner, mode and mtime of a folder, set through a descriptor opened without following links and checked
 * to be the folder expected, so a folder swapped for a link meanwhile never has its target changed.
 */
export async function applyDirMetadata(target: TargetPath, node: RestoreNode, asRoot: boolean): Promise<void> {
  const handle = await open(target.abs, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    if (!(await fdIsAt(handle.fd, target.abs))) throw new PlacementError(MOVED_AWAY);
    if (asRoot) await handle.chown(node.uid, node.gid);
    await handle.chmod(node.mode & PERMISSION_BITS);
    await handle.utimes(new Date(), mtimeOf(node));
  } finally {
    await handle.close();
  }
}
