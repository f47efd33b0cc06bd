import { hash } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { compressBlob, compressBlobAsync, type CompressionLevel } from '../compression/blob-compression.js';
import { ObjectNotFoundError, type ObjectStore } from '../store/object-store.js';
import { decodeTree, type TreeNode } from '../tree/tree-codec.js';
import { collectGarbage, type GcOptions, type GcResult } from './garbage-collector.js';
import { markReachable } from './mark-reachable.js';
import { checkBlob, PackCatalog } from './pack-catalog.js';
import { BLOB_ID, packKey, type BlobLocation, type BlobType, type PackRecord } from './pack-format.js';
import { BlobMismatchError, BlobNotFoundError, DamagedBlobError } from './repository-errors.js';
import { RwLock } from './rw-lock.js';

/** Blobs below this are compressed inline in writePack (see there), in slices of at most SYNC_SLICE_MS. */
const SYNC_COMPRESS_MAX = 16 * 1024;
const SYNC_SLICE_MS = 20;

/** readBlobs: blobs of one pack this close together share one read (the bytes between are read and dropped). */
const BATCH_READ_GAP = 64 * 1024;
/** readBlobs: the most one read covers. */
const BATCH_READ_SPAN = 1024 * 1024;
/** readBlobs: reads running at once. */
const BATCH_READS = 4;
/** lackingBelow: trees remembered as complete before the memo starts over (a few MiB of ids). */
const COMPLETE_TREES_MAX = 500_000;
/** lackingBelow: trees read at once. */
const LACKING_READ_SLICE = 512;

/**
 * checkBlob for readBlobs: the same checks, but brotli decodes into one buffer of the blob's size (one
 * byte more, to see an overlong frame) instead of 16 KiB pieces joined afterwards. Returns the damage.
 */
function decodeExact(id: string, loc: BlobLocation, stored: Buffer): Buffer | string {
  let plain: Buffer;
  if (loc.codec === 'none') plain = stored;
  else if (loc.codec === 'brotli') {
    try {
      plain = brotliDecompressSync(stored, { chunkSize: Math.max(64, loc.rawLength + 1), maxOutputLength: loc.rawLength + 1 });
    } catch (error) {
      return `cannot decode: ${(error as Error).message}`;
    }
  } else return `cannot decode: unknown codec ${String(loc.codec)}`;
  if (plain.length !== loc.rawLength) return `cannot decode: blob decoded to ${plain.length} bytes, expected ${loc.rawLength}`;
  const actual = hash('sha256', plain, 'hex');
  return actual === id ? plain : `content hashes to ${actual}`;
}

export interface VerifyResult {
  checkedBlobs: number;
  checkedBytes: number;
  damaged: { blobId: string; packId: string }[];
}

/**
 * One deduplicating repository (one per folder): blobs (file chunks and trees) in pack files, an index
 * from blob id to its place in a pack, all kept in an ObjectStore. The whole index lives in memory.
 * Single-process: one Repository instance per store at a time (GC relies on seeing every in-flight write).
 */
export class Repository {
  private readonly lock = new RwLock();
  /**
   * Trees whose whole closure (subtrees and chunks) lackingBelow found stored. Only GC removes blobs, so
   * the memo holds until the next GC, which empties it; `gcRuns` keeps a walk that overlapped a GC from
   * adding to it.
   */
  private readonly completeTrees = new Set<string>();
  private gcRuns = 0;

  private constructor(private readonly catalog: PackCatalog) {}

  /** Loads every index file; a pack whose index file is damaged gets it rebuilt from the pack's trailer. */
  static async open(store: ObjectStore): Promise<Repository> {
    const catalog = new PackCatalog(store);
    await catalog.load();
    return new Repository(catalog);
  }

  has(id: string): boolean {
    return this.catalog.index.has(id);
  }

  /** The ids not stored yet, each once, in their first order. */
  missing(ids: readonly string[]): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (!this.catalog.index.has(id)) out.push(id);
    }
    return out;
  }

  /** Every stored blob id (a restarted server protects them all for the backups it lets agents resume). */
  blobIds(): string[] {
    return [...this.catalog.index.keys()];
  }

  location(id: string): BlobLocation | undefined {
    const loc = this.catalog.index.get(id);
    return loc === undefined ? undefined : { ...loc };
  }

  /**
   * Stores the blobs not present yet as ONE pack. Every blob is checked before anything is written: its
   * content must hash to its id (BlobMismatchError) and a 'tree' blob must decode as a tree (TypeError), so
   * a bad uploader can neither poison dedup nor make GC's mark fail. `storedBytes` is the new pack's size.
   */
  async writePack(
    blobs: readonly { id: string; type: BlobType; plain: Buffer }[],
    level: CompressionLevel,
  ): Promise<{ packId: string | null; storedBlobs: number; storedBytes: number }> {
    for (const blob of blobs) {
      if (!BLOB_ID.test(blob.id)) throw new TypeError(`not a blob id: ${JSON.stringify(blob.id)}`);
      if (blob.type !== 'data' && blob.type !== 'tree') throw new TypeError(`unknown blob type ${String(blob.type)}`);
      const actual = hash('sha256', blob.plain, 'hex');
      if (actual !== blob.id) throw new BlobMismatchError(blob.id, actual);
      if (blob.type === 'tree') {
        try {
          decodeTree(blob.plain);
        } catch (error) {
          throw new TypeError(`blob ${blob.id} is declared a tree but does not decode: ${(error as Error).message}`);
        }
      }
    }
    return this.lock.withShared(async () => {
      const fresh = new Map<string, { id: string; type: BlobType; plain: Buffer }>();
      for (const blob of blobs) if (!this.catalog.index.has(blob.id) && !fresh.has(blob.id)) fresh.set(blob.id, blob);
      if (fresh.size === 0) return { packId: null, storedBlobs: 0, storedBytes: 0 };
      // Big blobs compress in parallel on the thread pool (both cores work); small ones (200k small files)
      // inline meanwhile, since for them the async path's stream machinery, callbacks and promises cost
      // more than the compression itself. The event loop gets a turn every SYNC_SLICE_MS.
      const list = [...fresh.values()];
      const records = new Array<PackRecord>(list.length);
      const onPool: Promise<void>[] = [];
      list.forEach((blob, i) => {
        if (blob.plain.length < SYNC_COMPRESS_MAX) return;
        const done = compressBlobAsync(blob.plain, level).then(({ codec, data }) => {
          records[i] = { id: blob.id, type: blob.type, codec, rawLength: blob.plain.length, data };
        });
        done.catch(() => undefined); // awaited below; must not count as unhandled while the loop yields
        onPool.push(done);
      });
      let sliceStart = performance.now();
      for (let i = 0; i < list.length; i++) {
        const blob = list[i]!;
        if (blob.plain.length >= SYNC_COMPRESS_MAX) continue;
        if (performance.now() - sliceStart >= SYNC_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        const { codec, data } = compressBlob(blob.plain, level);
        records[i] = { id: blob.id, type: blob.type, codec, rawLength: blob.plain.length, data };
      }
      await Promise.all(onPool);
      const { packId, size } = await this.catalog.writePack(records);
      return { packId, storedBlobs: records.length, storedBytes: size };
    });
  }

  /** The plain content, re-hashed: never returns wrong bytes (DamagedBlobError), BlobNotFoundError if unknown. */
  async readBlob(id: string): Promise<Buffer> {
    for (let attempt = 0; ; attempt++) {
      const loc = this.catalog.index.get(id);
      if (loc === undefined) throw new BlobNotFoundError(id);
      let stored: Buffer;
      try {
        stored = await this.catalog.store.getRange(packKey(loc.packId), loc.offset, loc.length);
      } catch (error) {
        if (!(error instanceof ObjectNotFoundError) && !(error instanceof RangeError)) throw error;
        // A GC rewrite may have moved the blob between the lookup and the read: follow it.
        const now = this.catalog.index.get(id);
        if (now === undefined) throw new BlobNotFoundError(id);
        if (now.packId !== loc.packId && attempt < 3) continue;
        throw new DamagedBlobError(id, loc.packId, error instanceof ObjectNotFoundError ? 'pack file missing' : error.message);
      }
      const result = checkBlob({ id, ...loc }, stored);
      if ('damage' in result) throw new DamagedBlobError(id, loc.packId, result.damage);
      return result.plain;
    }
  }

  /**
   * Many blobs at once (restores): the same checks as readBlob, but the blobs of one pack are read in a
   * few ranged reads (sorted by offset; near neighbours share a read) instead of one read per blob, and
   * each is decoded straight into a buffer of its size. Answers every distinct id: its plain bytes, or the
   * BlobNotFoundError / DamagedBlobError that readBlob would throw. Other errors (store unusable) throw.
   * A blob stored uncompressed is a view into its read, so keep the answers only as long as needed.
   */
  async readBlobs(ids: readonly string[]): Promise<Map<string, Buffer | BlobNotFoundError | DamagedBlobError>> {
    const out = new Map<string, Buffer | BlobNotFoundError | DamagedBlobError>();
    const byPack = new Map<string, { id: string; loc: BlobLocation }[]>();
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const loc = this.catalog.index.get(id);
      if (loc === undefined) {
        out.set(id, new BlobNotFoundError(id));
        continue;
      }
      const list = byPack.get(loc.packId);
      if (list) list.push({ id, loc });
      else byPack.set(loc.packId, [{ id, loc }]);
    }
    const spans: { packId: string; start: number; end: number; blobs: { id: string; loc: BlobLocation }[] }[] = [];
    for (const [packId, blobs] of byPack) {
      blobs.sort((a, b) => a.loc.offset - b.loc.offset);
      let span: (typeof spans)[number] | null = null;
      for (const blob of blobs) {
        const { offset, length } = blob.loc;
        if (span !== null && offset - span.end <= BATCH_READ_GAP && offset + length - span.start <= BATCH_READ_SPAN) {
          span.blobs.push(blob);
          span.end = Math.max(span.end, offset + length);
        } else {
          span = { packId, start: offset, end: offset + length, blobs: [blob] };
          spans.push(span);
        }
      }
    }
    const readSpan = async (span: (typeof spans)[number]): Promise<void> => {
      let stored: Buffer;
      try {
        stored = await this.catalog.store.getRange(packKey(span.packId), span.start, span.end - span.start);
      } catch (error) {
        if (!(error instanceof ObjectNotFoundError) && !(error instanceof RangeError)) throw error;
        // Moved by a GC rewrite meanwhile, or really damaged: readBlob follows a move or names the damage.
        for (const { id } of span.blobs) out.set(id, await this.readBlobOrError(id));
        return;
      }
      for (const { id, loc } of span.blobs) {
        const result = decodeExact(id, loc, stored.subarray(loc.offset - span.start, loc.offset - span.start + loc.length));
        out.set(id, typeof result === 'string' ? new DamagedBlobError(id, loc.packId, result) : result);
      }
    };
    let next = 0;
    const reader = async () => {
      while (next < spans.length) await readSpan(spans[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_READS, spans.length) }, reader));
    return out;
  }

  private async readBlobOrError(id: string): Promise<Buffer | BlobNotFoundError | DamagedBlobError> {
    try {
      return await this.readBlob(id);
    } catch (error) {
      if (error instanceof BlobNotFoundError || error instanceof DamagedBlobError) return error;
      throw error;
    }
  }

  /** Loads and decodes a tree blob (for browsing, GC's mark and verify's impact report). */
  async readTree(id: string): Promise<TreeNode[]> {
    return decodeTree(await this.readBlob(id));
  }

  async gc(opts: GcOptions): Promise<GcResult> {
    return this.lock.withExclusive(async () => {
      this.gcRuns++;
      this.completeTrees.clear();
      try {
        return await collectGarbage(this.catalog, (id) => this.readTree(id), opts);
      } finally {
        this.gcRuns++;
        this.completeTrees.clear();
      }
    });
  }

  /**
   * Up to `limit` ids under the tree `rootId` (itself, subtrees, chunks) that are not stored; empty when
   * the backup is whole. Walks level by level with batched reads, and skips trees an earlier walk found
   * complete since the last GC: a backup that shares most folders with the previous one costs what changed.
   * Stored trees are parsed without the zod decode: writePack checked them and the read re-hashes them.
   */
  async lackingBelow(rootId: string, limit = 5): Promise<string[]> {
    const run = this.gcRuns;
    const lacking: string[] = [];
    const seen = new Set<string>();
    let level = [rootId];
    while (level.length > 0 && lacking.length < limit) {
      const stored: string[] = [];
      for (const id of level) {
        if (seen.has(id) || this.completeTrees.has(id)) continue;
        seen.add(id);
        if (this.catalog.index.has(id)) stored.push(id);
        else if (lacking.length < limit) lacking.push(id);
      }
      const next: string[] = [];
      // Slices bound what is held at once (a level of a million-file backup can be thousands of trees).
      for (let i = 0; i < stored.length; i += LACKING_READ_SLICE) {
        for (const [id, blob] of await this.readBlobs(stored.slice(i, i + LACKING_READ_SLICE))) {
          if (blob instanceof BlobNotFoundError) {
            if (lacking.length < limit) lacking.push(id);
            continue;
          }
          if (blob instanceof Error) throw blob;
          const { nodes } = JSON.parse(blob.toString('utf8')) as { nodes: { content?: unknown; subtree?: unknown }[] };
          for (const node of nodes) {
            if (Array.isArray(node.content)) {
              for (const chunk of node.content as string[]) if (!this.catalog.index.has(chunk) && lacking.length < limit) lacking.push(chunk);
            }
            if (typeof node.subtree === 'string') next.push(node.subtree);
          }
        }
      }
      level = next;
    }
    if (lacking.length === 0 && run === this.gcRuns) {
      if (this.completeTrees.size + seen.size > COMPLETE_TREES_MAX) this.completeTrees.clear();
      for (const id of seen) this.completeTrees.add(id);
    }
    return lacking;
  }

  /**
   * Reads every pack whole and re-checks every blob in it. Damage is reported for the copies readers use
   * (a stale duplicate copy is garbage that nothing reads). A missing pack file damages all its blobs.
   */
  async verify(onProgress?: (checkedBytes: number, totalBytes: number) => void): Promise<VerifyResult> {
    return this.lock.withShared(async () => {
      const packs = [...this.catalog.packs].sort(([a], [b]) => (a < b ? -1 : 1));
      const totalBytes = packs.reduce((sum, [, info]) => sum + info.size, 0);
      const damaged: { blobId: string; packId: string }[] = [];
      let checkedBlobs = 0;
      let checkedBytes = 0;
      const fetch = (packId: string) => {
        const bytes = this.catalog.store.get(packKey(packId)).catch((error: unknown) => {
          if (error instanceof ObjectNotFoundError) return null;
          throw error;
        });
        bytes.catch(() => undefined); // a prefetch may fail after we stop; it is awaited when used
        return bytes;
      };
      // Read the next pack while checking this one: disk and CPU overlap.
      let pending = packs.length > 0 ? fetch(packs[0]![0]) : null;
      for (let i = 0; i < packs.length; i++) {
        const [packId, info] = packs[i]!;
        const bytes = await pending!;
        pending = i + 1 < packs.length ? fetch(packs[i + 1]![0]) : null;
        for (const e of info.entries) {
          checkedBlobs++;
          const stored = bytes !== null && e.offset + e.length <= bytes.length ? bytes.subarray(e.offset, e.offset + e.length) : null;
          const ok = stored !== null && !('damage' in checkBlob(e, stored));
          if (!ok && this.catalog.isCanonical(packId, e.id)) damaged.push({ blobId: e.id, packId });
        }
        checkedBytes += info.size;
        onProgress?.(checkedBytes, totalBytes);
      }
      return { checkedBlobs, checkedBytes, damaged };
    });
  }

  /** Stored (compressed) bytes of the distinct blobs reachable from the roots; unreadable subtrees count as 0. */
  async reachableBytes(roots: readonly string[]): Promise<number> {
    const ids = await markReachable(roots, (id) => this.readTree(id), true);
    let total = 0;
    for (const id of ids) total += this.catalog.index.get(id)?.length ?? 0;
    return total;
  }

  /** Bytes of all indexed packs (crashed writes' orphan packs are not counted; GC removes them). */
  totalBytes(): number {
    return this.catalog.totalBytes();
  }
}
