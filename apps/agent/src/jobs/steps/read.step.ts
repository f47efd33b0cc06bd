import { closeSync, existsSync, fstatSync, openSync, readSync, realpathSync, constants, type Stats } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { MAX_MISSING_QUERY } from '@cloud-backup/domain';
import { DEFAULT_CHUNKING, chunkFile, chunkId } from '@cloud-backup/engine';
import type { CachedFile } from '../backup-cache.store';
import { errnoCode } from '../job-errors';
import type { StepLog } from '../job-log';
import type { ProgressReporter } from '../progress.reporter';
import type { BlobUploader } from './blob-uploader';
import { isInsideRoot } from './root-paths';
import type { ScanFile } from './scan.types';

export interface ReadOptions {
  root: string;
  files: readonly ScanFile[];
  /** The previous backup's files, when this is a fast incremental of that backup; null reads everything. */
  previous: ReadonlyMap<string, CachedFile> | null;
  uploader: BlobUploader;
  log: StepLog;
  progress: ProgressReporter;
}

export interface ReadStats {
  filesRead: number;
  filesReused: number;
  filesReadAgain: number;
  bytesRead: number;
}

// O_NONBLOCK: if a FIFO took the file's place since the scan, open must not hang waiting for a writer.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
// Linux: re-opening /proc/self/fd/N reads exactly the inode we opened and checked, whatever happens to
// the path meanwhile; it also gives the engine a string path for names that are not UTF-8.
const PROC_FD = existsSync('/proc/self/fd') ? '/proc/self/fd' : null;

// Files read at once: small files are bound by open/stat/close round trips through libuv's pool, and one
// reader chunks while another waits for the disk. From the page cache the gain is small (5000 × 4 KiB:
// 2.2–3.1 s with one reader, 2.3–2.5 s with four); on a real disk the waits are what dominates.
const READERS = 4;

/**
 * Files under the minimum chunk size (one chunk each) are read with synchronous calls: open, fstat, one
 * read, fstat, close. Through libuv's pool every call is a thread hop, a promise and a wake-up; for 200k
 * small files that overhead (0.1–0.5 ms a file on a busy 2-core machine, open and close the worst) was
 * most of the agent's CPU, while the synchronous calls cost a few µs each from the page cache. The event
 * loop gets a turn
 * at least every SYNC_SLICE_MS so uploads, progress and the heartbeat keep going.
 */
const SYNC_MAX_SIZE = DEFAULT_CHUNKING.minSize;
const SYNC_SLICE_MS = 10;

interface LinkGroupState {
  primary: ScanFile;
  followers: ScanFile[];
  /** Settles when the primary has been read or reused; followers wait for it. */
  done: Promise<void>;
}

class FileReader {
  readonly stats: ReadStats = { filesRead: 0, filesReused: 0, filesReadAgain: 0, bytesRead: 0 };
  private readonly groups = new Map<number, LinkGroupState>();
  private reused: ScanFile[] = [];
  private reusedIds = 0;
  /** Checks of reused ids under way: the server answers one while the readers go on (at most two). */
  private checks: Promise<void>[] = [];
  private next = 0;
  /** Set when one reader fails: the others stop after their current file. */
  private failure: unknown = null;

  constructor(private readonly o: ReadOptions) {}

  async run(): Promise<ReadStats> {
    // allSettled: the step must not end (and the job go on to fail or commit) while a reader still runs.
    await Promise.allSettled(Array.from({ length: READERS }, () => this.worker()));
    const checks = [...this.checks, this.checkReused()];
    // allSettled again: every check has ended (nothing reads on behind the step's back) before a throw.
    const failed = (await Promise.allSettled(checks)).find((r) => r.status === 'rejected');
    if (this.failure !== null) throw this.failure;
    if (failed) throw failed.reason;
    const { filesRead, filesReused, filesReadAgain, bytesRead } = this.stats;
    const again = filesReadAgain > 0 ? `; ${filesReadAgain} of those were read again because the server lacked their data` : '';
    this.o.log.info(`Read ${filesRead} files (${bytesRead} bytes); reused ${filesReused} unchanged files from the previous backup${again}`);
    return this.stats;
  }

  private async worker(): Promise<void> {
    const { counters } = this.o.progress;
    try {
      for (let file = this.o.files[this.next++]; file !== undefined && this.failure === null; file = this.o.files[this.next++]) {
        counters.currentPath = file.path;
        this.o.progress.tick();
        const scannedSize = file.stat.size;
        const counted = await this.handle(file);
        counters.filesDone++;
        // Progress counts the size the scan announced, whatever happened to the file since.
        counters.bytesDone += scannedSize - counted;
      }
    } catch (error) {
      this.failure ??= error;
    }
  }

  /** Returns the bytes already added to the progress while reading. */
  private async handle(file: ScanFile): Promise<number> {
    if (file.linkGroup === null) return this.handleOwn(file);
    const group = this.groups.get(file.linkGroup);
    if (group) {
      await group.done;
      if (!group.primary.omitted) {
        // Another name of an inode already handled: its content is stored once.
        copyContent(group.primary, file);
        group.followers.push(file);
        return 0;
      }
      return this.handleOwn(file);
    }
    let settle = () => {};
    const done = new Promise<void>((resolve) => (settle = resolve));
    this.groups.set(file.linkGroup, { primary: file, followers: [], done });
    try {
      return await this.handleOwn(file);
    } finally {
      settle();
    }
  }

  private async handleOwn(file: ScanFile): Promise<number> {
    const cached = this.o.previous?.get(file.key);
    const s = file.stat;
    if (cached && cached.size === s.size && cached.mtimeMs === s.mtimeMs && cached.ctimeMs === s.ctimeMs && cached.ino === s.ino) {
      file.content = cached.content;
      file.storedSize = cached.size;
      this.stats.filesReused++;
      this.reused.push(file);
      this.reusedIds += cached.content.length;
      if (this.reusedIds >= MAX_MISSING_QUERY) await this.startCheck();
      return 0;
    }
    if (cached) this.o.uploader.expect(cached.content);
    return this.read(file);
  }

  /** Hands the reused files gathered so far to a check of their own; waits while two are under way. */
  private async startCheck(): Promise<void> {
    while (this.checks.length >= 2) await Promise.race(this.checks);
    const check: Promise<void> = this.checkReused().finally(() => {
      const at = this.checks.indexOf(check);
      if (at >= 0) this.checks.splice(at, 1);
    });
    // A failure is also found by run(), which awaits every check still listed; this one ends the readers.
    check.catch((error: unknown) => {
      this.failure ??= error;
    });
    this.checks.push(check);
  }

  /** Reused ids come from a local file: the server may have lost them since (GC, a restored server). */
  private async checkReused(): Promise<void> {
    const batch = this.reused;
    this.reused = [];
    this.reusedIds = 0;
    if (batch.length === 0) return;
    const lacking = await this.o.uploader.lacking(batch.flatMap((f) => f.content ?? []));
    if (lacking.size === 0) return;
    for (const file of batch) {
      if (!file.content?.some((id) => lacking.has(id))) continue;
      this.stats.filesReadAgain++;
      // Already counted as done when it was reused.
      this.o.progress.counters.bytesDone -= await this.read(file);
      const group = file.linkGroup === null ? undefined : this.groups.get(file.linkGroup);
      if (group?.primary === file) for (const follower of group.followers) copyContent(file, follower);
    }
  }

  private omit(file: ScanFile, message: string): void {
    file.omitted = true;
    file.content = null;
    this.o.log.warn(file.path, message);
  }

  /** Reads, chunks and queues one file; returns the bytes it added to the progress. */
  private async read(file: ScanFile): Promise<number> {
    if (file.stat.size < SYNC_MAX_SIZE) {
      const counted = await this.readSmallSync(file);
      if (counted !== null) return counted;
    }
    return this.readAsync(file);
  }

  private sliceStart = performance.now();

  /** Lets the event loop run (uploads, progress, heartbeat) once synchronous reads have held it long enough. */
  private async yieldNow(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }

  private openError(file: ScanFile, error: unknown): void {
    const code = errnoCode(error);
    if (code === null) throw error;
    if (code === 'ENOENT') this.omit(file, 'vanished during the backup; not backed up');
    else if (code === 'ELOOP') this.omit(file, 'replaced by a symbolic link during the backup; not backed up');
    else this.omit(file, `cannot be read (${code}); not backed up`);
  }

  /**
   * The small-file path: same checks as readOpen (O_NOFOLLOW, regular file, same inode or a folder still
   * inside the root, size and mtime compared after the read), synchronous calls. One read of the size
   * fstat reported: a file that grows meanwhile is stored as read and flagged changed by the second fstat.
   * Null (nothing done) when the file is no longer small: the caller chunks it the normal way.
   */
  private async readSmallSync(file: ScanFile): Promise<number | null> {
    if (performance.now() - this.sliceStart >= SYNC_SLICE_MS) await this.yieldNow();
    let fd: number;
    try {
      fd = openSync(file.abs, OPEN_FLAGS);
    } catch (error) {
      this.openError(file, error);
      return 0;
    }
    let chunk: Buffer | null = null;
    let before: Stats;
    let after: Stats;
    try {
      before = fstatSync(fd);
      if (!before.isFile()) {
        this.omit(file, 'is no longer a regular file; not backed up');
        return 0;
      }
      if ((before.dev !== file.stat.dev || before.ino !== file.stat.ino) && !this.parentInsideRootSync(file)) {
        this.omit(file, 'was moved outside the root during the backup; not backed up');
        return 0;
      }
      if (before.size >= SYNC_MAX_SIZE) return null;
      if (before.size > 0) {
        // Exactly sized and not from the shared pool: the blob waits in an upload batch without copies.
        const buffer = Buffer.allocUnsafeSlow(before.size);
        let filled = 0;
        while (filled < buffer.length) {
          const n = readSync(fd, buffer, filled, buffer.length - filled, filled);
          if (n === 0) break;
          filled += n;
        }
        if (filled > 0) chunk = filled === buffer.length ? buffer : buffer.subarray(0, filled);
      }
      after = fstatSync(fd);
    } catch (error) {
      const code = errnoCode(error);
      if (code === null) throw error;
      this.omit(file, `read failed (${code}); not backed up`);
      return 0;
    } finally {
      closeSync(fd);
    }
    const content: string[] = [];
    const stored = chunk?.byteLength ?? 0;
    if (chunk !== null) {
      const id = chunkId(chunk);
      content.push(id);
      this.o.progress.counters.bytesDone += stored;
      await this.o.uploader.add({ id, type: 'data', data: chunk });
      this.o.progress.tick();
    }
    this.finishRead(file, before, after, content, stored);
    return stored;
  }

  private finishRead(file: ScanFile, before: Stats, after: Stats, content: string[], stored: number): void {
    file.stat = { ...file.stat, ...metadata(before) };
    file.content = content;
    file.storedSize = stored;
    this.stats.filesRead++;
    this.stats.bytesRead += stored;
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || stored !== before.size) {
      file.changed = true;
      this.o.log.warn(file.path, 'changed during backup; the stored copy may mix old and new content');
    }
  }

  private parentInsideRootSync(file: ScanFile): boolean {
    let parent: Buffer;
    try {
      parent = realpathSync(parentOf(file.abs), { encoding: 'buffer' });
    } catch {
      return false;
    }
    return isInsideRoot(this.o.root, parent.toString('utf8'));
  }

  private async readAsync(file: ScanFile): Promise<number> {
    let handle: FileHandle;
    try {
      handle = await open(file.abs, OPEN_FLAGS);
    } catch (error) {
      this.openError(file, error);
      return 0;
    }
    const counted = { bytes: 0 };
    try {
      await this.readOpen(file, handle, counted);
    } catch (error) {
      const code = errnoCode(error);
      if (code === null) throw error;
      this.omit(file, `read failed (${code}); not backed up`);
    } finally {
      await handle.close();
    }
    return counted.bytes;
  }

  private async readOpen(file: ScanFile, handle: FileHandle, counted: { bytes: number }): Promise<void> {
    const before = await handle.stat();
    if (!before.isFile()) return this.omit(file, 'is no longer a regular file; not backed up');
    if ((before.dev !== file.stat.dev || before.ino !== file.stat.ino) && !(await this.parentInsideRoot(file))) {
      return this.omit(file, 'was moved outside the root during the backup; not backed up');
    }
    const content: string[] = [];
    let stored = 0;
    const { counters } = this.o.progress;
    const source = PROC_FD ? `${PROC_FD}/${handle.fd}` : file.abs.toString();
    const small = before.size < DEFAULT_CHUNKING.minSize ? await readSmall(handle, before.size) : null;
    for await (const chunk of small ?? chunkFile(source)) {
      const id = chunkId(chunk);
      content.push(id);
      stored += chunk.byteLength;
      counters.bytesDone += chunk.byteLength;
      counted.bytes += chunk.byteLength;
      await this.o.uploader.add({ id, type: 'data', data: chunk });
      this.o.progress.tick();
    }
    const after = await handle.stat();
    this.finishRead(file, before, after, content, stored);
  }

  /** A replaced inode (atomic save by rename) is fine as long as its folder still resolves inside the root. */
  private async parentInsideRoot(file: ScanFile): Promise<boolean> {
    const parent = await realpath(parentOf(file.abs), { encoding: 'buffer' }).catch(() => null);
    return parent !== null && isInsideRoot(this.o.root, parent.toString('utf8'));
  }
}

/**
 * A file shorter than the minimum chunk size is exactly one chunk (no cut can fall before the minimum),
 * so it is read into a buffer of its own size instead of through chunkFile, which reopens the file and
 * reads into a fresh 4 MiB buffer (5000 × 4 KiB files: 2.4 s through chunkFile, 1.5 s this way).
 * Null when the file grew past what was expected, so the caller chunks it the normal way.
 */
async function readSmall(handle: FileHandle, size: number): Promise<Buffer[] | null> {
  const buffer = Buffer.allocUnsafe(size + 1);
  let filled = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    if (filled === buffer.length) return null;
  }
  return filled === 0 ? [] : [buffer.subarray(0, filled)];
}

function parentOf(abs: Buffer): Buffer {
  return abs.subarray(0, Math.max(abs.lastIndexOf(0x2f), 1));
}

function metadata(s: Stats) {
  return { mode: s.mode, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, uid: s.uid, gid: s.gid, size: s.size, dev: s.dev, ino: s.ino };
}

function copyContent(from: ScanFile, to: ScanFile): void {
  to.content = from.content;
  to.storedSize = from.storedSize;
  to.omitted = from.omitted;
  to.changed = from.changed;
}

/**
 * For each file: reuse the previous backup's chunk ids when size, mtime, ctime and inode match (fast
 * incremental), otherwise chunk and hash it and queue unknown chunks for upload. A file that vanishes, cannot be
 * read or changes meanwhile is a warning; the backup goes on.
 */
export function readFiles(o: ReadOptions): Promise<ReadStats> {
  return new FileReader(o).run();
}
