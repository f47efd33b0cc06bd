import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ChunkId } from '@cloud-backup/domain';

export const CachedFile = z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number(), content: z.array(ChunkId) });
export type CachedFile = z.infer<typeof CachedFile>;

/**
 * What the last committed backup of an archive read, per file: lets a fast incremental skip files whose
 * size and mtime did not change. Keys are root-relative paths (`/etc/passwd`); a name that is not UTF-8
 * is spelled NUL + base64 of its bytes.
 */
export const BackupCache = z.object({
  version: z.literal(1),
  backupId: z.string(),
  files: z.record(z.string(), CachedFile),
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
    const parsed = BackupCache.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
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
