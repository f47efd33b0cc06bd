import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** What the last backup read of one file: it is reused while size, mtime, ctime and inode all match. */
export interface CachedFile {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  content: string[];
}

/** A folder's tree id and the fingerprint of what it was encoded from (tree.step.ts). */
export interface CachedDir {
  fp: string;
  tree: string;
}

/**
 * What the last committed backup of an archive read, per file and per folder: lets a fast incremental skip
 * files whose stat did not change and folders whose tree input did not. Keys are root-relative paths
 * (`/etc/passwd`); a name that is not UTF-8 is spelled NUL + base64 of its bytes.
 */
export interface BackupCache {
  backupId: string;
  files: Map<string, CachedFile>;
  dirs: Map<string, CachedDir>;
}

/**
 * The file (docs/decisions/013-incremental-speed.md): a header line, the backup id, then one line per
 * entry with tab-separated fields and the key last —
 *   `f <size> <mtimeMs> <ctimeMs> <ino> <chunk ids, comma-separated> <key>` and `d <fp> <tree id> <key>`.
 * A key is written as it is (it always starts with `/`) unless it holds a newline or a backslash; then as a
 * JSON string (starting with `"`). Tabs inside a key need no escape: the key is the rest of the line.
 * One JSON document of 220k entries took seconds to parse, check and write on every fast incremental.
 */
const HEADER = 'cloud-backup agent cache 2';

export function cachePath(dataDir: string, archiveId: string): string {
  return path.join(dataDir, 'cache', `${archiveId}.cache`);
}

/** Where agents before the line format kept the cache: removed once the new one is written. */
function legacyCachePath(dataDir: string, archiveId: string): string {
  return path.join(dataDir, 'cache', `${archiveId}.json`);
}

/** The cache, or null when there is none or it cannot be trusted (a bad cache only costs a full read). */
export async function loadCache(dataDir: string, archiveId: string): Promise<BackupCache | null> {
  let text: string;
  try {
    text = await readFile(cachePath(dataDir, archiveId), 'utf8');
  } catch {
    return null;
  }
  try {
    return parseCache(text);
  } catch {
    return null;
  }
}

const IDS = /^(?:[0-9a-f]{64}(?:,[0-9a-f]{64})*)?$/;
const CHUNK_ID = /^[0-9a-f]{64}$/;

function number(text: string): number {
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) throw new Error('bad number');
  return n;
}

function parseKey(text: string): string {
  const key = text.startsWith('"') ? (JSON.parse(text) as unknown) : text;
  if (typeof key !== 'string' || !key.startsWith('/')) throw new Error('bad key');
  return key;
}

/** Parses and checks the whole file; anything unexpected rejects it (throws). */
export function parseCache(text: string): BackupCache {
  let at = text.indexOf('\n');
  const second = at < 0 ? -1 : text.indexOf('\n', at + 1);
  if (at < 0 || second < 0 || text.slice(0, at) !== HEADER || !text.endsWith('\n')) throw new Error('not a cache');
  const backupId = text.slice(at + 1, second);
  const files = new Map<string, CachedFile>();
  const dirs = new Map<string, CachedDir>();
  at = second + 1;
  let end = 0;
  // Field boundaries by indexOf: no array per line, no split of the whole text.
  const field = (from: number): number => {
    const tab = text.indexOf('\t', from);
    if (tab < 0 || tab > end) throw new Error('short line');
    return tab;
  };
  while (at < text.length) {
    end = text.indexOf('\n', at);
    const kind = text.slice(at, at + 2);
    if (kind === 'f\t') {
      const t1 = field(at + 2);
      const t2 = field(t1 + 1);
      const t3 = field(t2 + 1);
      const t4 = field(t3 + 1);
      const t5 = field(t4 + 1);
      const size = number(text.slice(at + 2, t1));
      if (!Number.isInteger(size) || size < 0) throw new Error('bad size');
      const ids = text.slice(t4 + 1, t5);
      if (!IDS.test(ids)) throw new Error('bad chunk ids');
      files.set(parseKey(text.slice(t5 + 1, end)), {
        size,
        mtimeMs: number(text.slice(t1 + 1, t2)),
        ctimeMs: number(text.slice(t2 + 1, t3)),
        ino: number(text.slice(t3 + 1, t4)),
        content: ids === '' ? [] : ids.split(','),
      });
    } else if (kind === 'd\t') {
      const t1 = field(at + 2);
      const t2 = field(t1 + 1);
      const tree = text.slice(t1 + 1, t2);
      if (!CHUNK_ID.test(tree)) throw new Error('bad tree id');
      dirs.set(parseKey(text.slice(t2 + 1, end)), { fp: text.slice(at + 2, t1), tree });
    } else {
      throw new Error('bad line');
    }
    at = end + 1;
  }
  return { backupId, files, dirs };
}

function keyText(key: string): string {
  return key.includes('\n') || key.includes('\\') ? JSON.stringify(key) : key;
}

export function formatCache(cache: BackupCache): string {
  const parts: string[] = [`${HEADER}\n${cache.backupId}\n`];
  for (const [key, f] of cache.files) parts.push(`f\t${f.size}\t${f.mtimeMs}\t${f.ctimeMs}\t${f.ino}\t${f.content.join(',')}\t${keyText(key)}\n`);
  for (const [key, d] of cache.dirs) parts.push(`d\t${d.fp}\t${d.tree}\t${keyText(key)}\n`);
  return parts.join('');
}

/** Temp file, fsync, rename: a crash leaves the old cache or the new one, never half of one. */
export async function saveCache(dataDir: string, archiveId: string, cache: BackupCache): Promise<void> {
  const target = cachePath(dataDir, archiveId);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(formatCache(cache));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, target);
  await rm(legacyCachePath(dataDir, archiveId), { force: true });
}
