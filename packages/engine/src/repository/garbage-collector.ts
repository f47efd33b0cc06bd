import type { TreeNode } from '../tree/tree-codec.js';
import { markReachable } from './mark-reachable.js';
import { checkBlob, type PackCatalog } from './pack-catalog.js';
import { packKey, type PackRecord } from './pack-format.js';

export interface GcOptions {
  /** Tree ids of every committed backup that is kept. */
  roots: readonly string[];
  /**
   * Blob ids a running, uncommitted backup depends on: the ones it uploaded AND the ones it was told
   * already exist (it will reference them without uploading). Kept whatever the roots say.
   */
  protect?: ReadonlySet<string>;
  /** Packs whose live bytes are below this share of their size are rewritten. Default 0.5. */
  rewriteThreshold?: number;
}

export interface GcResult {
  deletedPacks: number;
  rewrittenPacks: number;
  /** Pack bytes removed minus pack bytes written by rewrites. */
  freedBytes: number;
  /** Stored bytes of the live (reachable or protected) blobs after the GC. */
  liveBytes: number;
}

/** Rewritten blobs are regrouped into packs of about this size (big enough for cheap listing, small enough to read whole). */
const REWRITE_PACK_BYTES = 32 * 1024 * 1024;

/**
 * Mark and sweep. Must run with the repository's exclusive lock held (no pack writes meanwhile).
 * Safety rules:
 *  - liveness comes from a complete mark: any root or subtree that cannot be read aborts the GC;
 *  - a pack without index file (crashed write) holds nothing anyone was told exists: deleted;
 *  - a pack is deleted only when none of its canonical blob copies is live (index file first);
 *  - a mostly-dead pack is rewritten: its live blobs are re-checked, written to a new pack whose pack and
 *    index are durable before the old index and pack are deleted; a pack with a damaged live blob is left
 *    alone so damage is reported by verify instead of being copied.
 */
export async function collectGarbage(
  catalog: PackCatalog,
  loadTree: (id: string) => Promise<TreeNode[]>,
  opts: GcOptions,
): Promise<GcResult> {
  const threshold = opts.rewriteThreshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`rewriteThreshold must be within 0..1, got ${threshold}`);
  const live = await markReachable(opts.roots, loadTree, false);
  for (const id of opts.protect ?? []) live.add(id);

  let freedBytes = 0;
  let deletedPacks = 0;
  let rewrittenPacks = 0;

  for (const [packId, size] of [...catalog.orphans]) {
    await catalog.removeOrphan(packId);
    freedBytes += size;
    deletedPacks++;
  }

  const dead: string[] = [];
  const sparse: string[] = [];
  for (const [packId, info] of catalog.packs) {
    let liveLength = 0;
    let liveCount = 0;
    for (const e of info.entries) {
      if (live.has(e.id) && catalog.isCanonical(packId, e.id)) {
        liveLength += e.length;
        liveCount++;
      }
    }
    if (liveCount === 0) dead.push(packId);
    else if (info.size > 0 && liveLength / info.size < threshold) sparse.push(packId);
  }

  for (const packId of dead) {
    freedBytes += catalog.packs.get(packId)?.size ?? 0;
    await catalog.removePack(packId);
    deletedPacks++;
  }

  let batch: PackRecord[] = [];
  let batchBytes = 0;
  let replaced: string[] = [];
  const flush = async () => {
    let written: { packId: string; size: number } | null = null;
    if (batch.length > 0) {
      written = await catalog.writePack(batch);
      freedBytes -= written.size;
    }
    for (const old of replaced) {
      if (old === written?.packId) {
        // Same content, same id: the "new" pack is the old file rewritten in place; deleting it would lose data.
        freedBytes += written.size;
        continue;
      }
      freedBytes += catalog.packs.get(old)?.size ?? 0;
      await catalog.removePack(old);
      rewrittenPacks++;
    }
    batch = [];
    batchBytes = 0;
    replaced = [];
  };
  for (const packId of sparse) {
    const records = await liveRecords(catalog, packId, live);
    if (records === null) continue;
    batch.push(...records);
    for (const r of records) batchBytes += r.data.length;
    replaced.push(packId);
    // Flush only between packs so an old pack is deleted after all of its live blobs are durable elsewhere.
    if (batchBytes >= REWRITE_PACK_BYTES) await flush();
  }
  await flush();

  let liveBytes = 0;
  for (const id of live) liveBytes += catalog.index.get(id)?.length ?? 0;
  return { deletedPacks, rewrittenPacks, freedBytes, liveBytes };
}

/** The live canonical blobs of a pack, verified and copied out; null when the pack is missing or one is damaged. */
async function liveRecords(catalog: PackCatalog, packId: string, live: ReadonlySet<string>): Promise<PackRecord[] | null> {
  const info = catalog.packs.get(packId);
  if (info === undefined) return null;
  let bytes: Buffer;
  try {
    bytes = await catalog.store.get(packKey(packId));
  } catch {
    return null;
  }
  const records: PackRecord[] = [];
  for (const e of info.entries) {
    if (!live.has(e.id) || !catalog.isCanonical(packId, e.id)) continue;
    if (e.offset + e.length > bytes.length) return null;
    const stored = bytes.subarray(e.offset, e.offset + e.length);
    if ('damage' in checkBlob(e, stored)) return null;
    // Copy: the new pack must not keep the whole old pack buffer alive.
    records.push({ id: e.id, type: e.type, codec: e.codec, rawLength: e.rawLength, data: Buffer.from(stored) });
  }
  return records;
}
