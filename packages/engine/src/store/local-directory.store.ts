import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  assertValidKey,
  assertValidRange,
  ObjectNotFoundError,
  TEMP_PREFIX,
  type ObjectStore,
} from './object-store.js';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** fsync on a directory makes the entries created, renamed or removed in it durable. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Objects as files under a root directory, key segments as sub-directories. Crash safety of `put`: write a
 * temp file (reserved `.tmp-` prefix) in the target directory, fsync it, rename it over the key (atomic on
 * POSIX), fsync the directory. A crash leaves either the old object or the new one, plus at worst a temp
 * file that `list` ignores and `cleanupTemp` removes.
 */
export class LocalDirectoryStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    await this.ensureDirectory(dir);
    const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncDirectory(dir);
  }

  async get(key: string): Promise<Buffer> {
    const path = this.pathOf(key);
    try {
      return await readFile(path);
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Buffer> {
    const path = this.pathOf(key);
    assertValidRange(key, offset, length);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (offset + length > size) {
        throw new RangeError(`range ${offset}+${length} past the end of ${key} (${size} bytes)`);
      }
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0) throw new RangeError(`${key} shrank while reading`);
        done += bytesRead;
      }
      return buffer;
    } finally {
      await handle.close();
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async *list(prefix: string): AsyncGenerator<{ key: string; size: number }> {
    // Start at the deepest directory the prefix names fully; a prefix that is no valid key path matches nothing.
    const base = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    if (base !== '') {
      try {
        assertValidKey(base.slice(0, -1));
      } catch {
        return;
      }
    }
    yield* this.walk(base, (key) => key.startsWith(prefix), (dirKey) => dirKey.startsWith(prefix) || prefix.startsWith(dirKey));
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    // Durable removal matters to GC: an index must never outlive the pack it points to across a crash.
    await syncDirectory(dirname(path));
  }

  /**
   * Removes temp files left by puts that crashed. Call at start-up, before writes begin (or with an age
   * limit larger than any put can take), since a live put's temp file looks the same.
   */
  async cleanupTemp(olderThanMs = 0): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    const visit = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await visit(path);
        else if (entry.name.startsWith(TEMP_PREFIX)) {
          const info = await lstat(path).catch(() => null);
          if (info !== null && info.mtimeMs <= cutoff) {
            await unlink(path).catch((error: unknown) => {
              if (!isMissing(error)) throw error;
            });
            removed++;
          }
        }
      }
    };
    await visit(this.root);
    return removed;
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return join(this.root, ...key.split('/'));
  }

  /** mkdir -p, then fsync the parent of every directory it created so the new entries survive a crash. */
  private async ensureDirectory(dir: string): Promise<void> {
    const first = await mkdir(dir, { recursive: true });
    if (first === undefined) return;
    const created: string[] = [];
    for (let d = dir; d.length >= first.length; d = dirname(d)) created.push(d);
    for (const d of created) await syncDirectory(dirname(d));
  }

  private async *walk(
    dirKey: string,
    wantKey: (key: string) => boolean,
    wantDir: (dirKey: string) => boolean,
  ): AsyncGenerator<{ key: string; size: number }> {
    let entries;
    try {
      entries = await readdir(dirKey === '' ? this.root : join(this.root, ...dirKey.slice(0, -1).split('/')), {
        withFileTypes: true,
      });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX)) continue;
      const key = dirKey + entry.name;
      if (entry.isDirectory()) {
        if (wantDir(`${key}/`)) yield* this.walk(`${key}/`, wantKey, wantDir);
      } else if (entry.isFile() && wantKey(key)) {
        // An object deleted between readdir and lstat (GC running) is simply not listed.
        const info = await lstat(join(this.root, ...key.split('/'))).catch(() => null);
        if (info !== null && info.isFile()) yield { key, size: info.size };
      }
    }
  }
}
