import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fdatasync as fsFdatasync,
  fstatSync,
  futimesSync,
  open as fsOpen,
  readlinkSync,
  renameSync,
  write as fsWrite,
  writeSync,
} from 'node:fs';
import { lchown, link, lstat, lutimes, mkdir, open, rename, symlink, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
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

// One random token per agent process plus a counter: as unguessable as a fresh random suffix per file,
// without a trip to the system's random source for every small file.
const TEMP_TOKEN = randomBytes(6).toString('hex');
let tempCounter = 0;

/** `.<name>.cb-restore-<token>-<n>` beside the final name, so the last step is a rename in one folder. */
export function tempSibling(target: TargetPath): Buffer {
  const slash = target.abs.lastIndexOf(0x2f);
  const dir = target.abs.subarray(0, slash + 1);
  const name = target.abs.subarray(slash + 1, slash + 1 + MAX_NAME_BYTES_IN_TEMP);
  return Buffer.concat([dir, Buffer.from('.'), name, Buffer.from(`.cb-restore-${TEMP_TOKEN}-${(tempCounter++).toString(36)}`)]);
}

async function removeQuietly(abs: Buffer): Promise<void> {
  await unlink(abs).catch(() => {});
}

function mtimeOf(node: RestoreNode): Date {
  return new Date(node.mtimeMs);
}

/** A file's content and metadata under its temporary name, open, waiting to be made durable and named. */
export interface TempFile {
  /** A raw descriptor: commitTempFile or discardTempFile closes it. */
  fd: number;
  temp: Buffer;
  target: TargetPath;
  /** Its identity, when asked for (a hard-link group's file); 0 otherwise. */
  dev: number;
  ino: number;
}

export interface WriteTempOptions extends PlaceOptions {
  /** Read the file's identity (dev, ino) for hard links made to it later. */
  identity: boolean;
}

const openFd = promisify(fsOpen);
const writeFd = promisify(fsWrite);
const datasyncFd = promisify(fsFdatasync);
/** Pieces up to this size are written at once (page cache copies of a few µs), bigger ones on the pool. */
const SYNC_WRITE_MAX = 64 * 1024;
/**
 * A big file asks the kernel to start writing its data out every this many bytes, while the rest is still
 * being fetched: the fsync before its rename then has only the tail left to wait for.
 */
const EARLY_FLUSH_BYTES = 32 * 1024 * 1024;

/** fdIsAt, synchronously: one readlink, cheaper than a trip through the thread pool. Same answers. */
function fdIsAtNow(fd: number, expected: Buffer): boolean {
  let actual: Buffer;
  try {
    actual = readlinkSync(`/proc/self/fd/${fd}`, { encoding: 'buffer' });
  } catch {
    return true;
  }
  return actual.equals(expected);
}

async function writeFully(fd: number, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length; ) {
    // Small pieces go straight to the page cache; a big one would hold the event loop, so it goes to the pool.
    offset += data.length - offset <= SYNC_WRITE_MAX ? writeSync(fd, data, offset, data.length - offset) : (await writeFd(fd, data, offset, data.length - offset, null)).bytesWritten;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing: the first error is the one reported.
  }
}

/**
 * First half of placing a file: writes its content to a temporary file beside its final name (created
 * exclusively, never through a link) and gives it its owner, mode and mtime through the open descriptor.
 * Nothing is durable or named yet (commitTempFile does that). Whatever goes wrong, the temporary file is
 * removed and the final name is untouched.
 *
 * The cheap calls on the open descriptor (readlink, small writes, chown, chmod, utimes, stat) are made
 * synchronously: each takes microseconds, less than the trip through libuv's thread pool that the async
 * API costs, and that pool's four threads are better spent on creating files and on fsync.
 */
export async function writeTempFile(target: TargetPath, node: RestoreNode, reader: ChunkReader | null, o: WriteTempOptions): Promise<TempFile> {
  const temp = tempSibling(target);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = await openFd(temp, flags, 0o600);
  let flushing: Promise<void> | null = null;
  let flushError: unknown = null;
  try {
    if (!fdIsAtNow(fd, temp)) throw new PlacementError(MOVED_AWAY);
    let written = 0;
    let flushedAt = 0;
    for (;;) {
      o.check();
      const data = reader ? await reader.read() : null;
      if (data === null) break;
      o.check();
      await writeFully(fd, data);
      written += data.length;
      o.onBytes(data.length);
      if (written - flushedAt >= EARLY_FLUSH_BYTES && flushing === null) {
        flushedAt = written;
        flushing = datasyncFd(fd).then(
          () => void (flushing = null),
          (error: unknown) => void ((flushError ??= error), (flushing = null)),
        );
      }
    }
    if (flushing !== null) await flushing;
    if (flushError !== null) throw flushError;
    if (written !== node.size) throw new PlacementError(`its chunks hold ${written} bytes but the backup recorded ${node.size}`);
    // chown first: it clears set-user-ID and set-group-ID bits that chmod then puts back.
    if (o.asRoot) fchownSync(fd, node.uid, node.gid);
    fchmodSync(fd, node.mode & PERMISSION_BITS);
    futimesSync(fd, new Date(), mtimeOf(node));
    const { dev, ino } = o.identity ? fstatSync(fd) : { dev: 0, ino: 0 };
    return { fd, temp, target, dev, ino };
  } catch (error) {
    reader?.close();
    // Never close a descriptor an fdatasync still uses: its number could be reused meanwhile.
    if (flushing !== null) await (flushing as Promise<void>);
    closeQuietly(fd);
    await removeQuietly(temp);
    throw error;
  }
}

/**
 * Second half: `sync` makes the file durable (fsync), and only then does it get its final name (rename
 * over whatever is there) — unless `keep` says the job ended meanwhile: then, like on any failure, the
 * temporary file is removed, the final name is untouched, and the answer is null.
 */
export async function commitTempFile(file: TempFile, sync: (fd: number) => Promise<void>, keep: () => boolean): Promise<PlacedFile | null> {
  try {
    await sync(file.fd);
  } catch (error) {
    await discardTempFile(file);
    throw error;
  }
  if (!keep()) {
    await discardTempFile(file);
    return null;
  }
  try {
    closeSync(file.fd);
  } catch (error) {
    await removeQuietly(file.temp);
    throw error;
  }
  try {
    renameSync(file.temp, file.target.abs);
  } catch (error) {
    await removeQuietly(file.temp);
    throw error;
  }
  return { abs: file.target.abs, dev: file.dev, ino: file.ino };
}

/** Gives up a written temporary file (the job is stopping): closed and removed, the final name untouched. */
export async function discardTempFile(file: TempFile): Promise<void> {
  closeQuietly(file.fd);
  await removeQuietly(file.temp);
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
