import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ChunkId } from '@cloud-backup/domain';

export const CachedFile = z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number(), content: z.array(ChunkId) });
export type CachedFile = z.infer<typeof CachedFile>;
/** A folder's tree id and the fingerprint of what it was encoded from (tree.step.ts). */
export const CachedDir = z.object({ fp: z.string(), tree: ChunkId });
export type CachedDir = z.infer<typeof CachedDir>;

/**
 * What the last committed backup of an archive read, per file: lets a fast incremental skip files whose
 * size and mtime did not change. Keys are root-relative paths (`/etc/passwd`); a name that is not UTF-8
 * is spelled NUL + base64 of its bytes.
 */
export const BackupCache = z.object({
  version: z.literal(1),
  backupId: z.string(),
  files: z.record(z.string(), CachedFile),
  /** Per folder key; absent in caches of older agents (their folders are then all encoded). */
  dirs: z.record(z.string(), CachedDir).optional(),
});
export type BackupCache = z.infer<typeof BackupCache>;

export function cachePath(dataDir: string, archiveId: string): string {
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
    return checkCache(JSON.parse(text));
  } catch {
    return null;
  }
}

const CHUNK_ID = /^[0-9a-f]{64}$/;

/**
 * The same checks as the BackupCache schema, by hand: zod took ~10 µs an entry, seconds for a cache of
 * 220k files, on every fast incremental. Anything unexpected rejects the whole cache.
 */
function checkCache(value: unknown): BackupCache | null {
  if (typeof value !== 'object' || value === null) return null;
  const { version, backupId, files } = value as Record<string, unknown>;
  if (version !== 1 || typeof backupId !== 'string' || typeof files !== 'object' || files === null || Array.isArray(files)) return null;
  for (const entry of Object.values(files as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) return null;
    const { size, mtimeMs, content } = entry as Record<string, unknown>;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || typeof mtimeMs !== 'number' || !Number.isFinite(mtimeMs)) return null;
    if (!Array.isArray(content)) return null;
    for (const id of content) if (typeof id !== 'string' || !CHUNK_ID.test(id)) return null;
  }
  const { dirs } = value as Record<string, unknown>;
  if (dirs === undefined) return { version: 1, backupId, files: files as Record<string, CachedFile> };
  if (typeof dirs !== 'object' || dirs === null || Array.isArray(dirs)) return null;
  for (const entry of Object.values(dirs as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) return null;
    const { fp, tree } = entry as Record<string, unknown>;
    if (typeof fp !== 'string' || typeof tree !== 'string' || !CHUNK_ID.test(tree)) return null;
  }
  return { version: 1, backupId, files: files as Record<string, CachedFile>, dirs: dirs as Record<string, CachedDir> };
}

/** Temp file, fsync, rename: a crash leaves the old cache or the new one, never half of one. */
export async function saveCache(dataDir: string, archiveId: string, cache: BackupCache): Promise<void> {
  const target = cachePath(dataDir, archiveId);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(cache));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, target);
}
