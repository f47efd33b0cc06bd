import { createHash } from 'node:crypto';
import { compressBlobAsync, type CompressionLevel } from '../compression/blob-compression.js';
import { ObjectNotFoundError, type ObjectStore } from '../store/object-store.js';
import { decodeTree, type TreeNode } from '../tree/tree-codec.js';
import { collectGarbage, type GcOptions, type GcResult } from './garbage-collector.js';
import { markReachable } from './mark-reachable.js';
import { checkBlob, PackCatalog } from './pack-catalog.js';
import { BLOB_ID, packKey, type BlobLocation, type BlobType, type PackRecord } from './pack-format.js';
import { BlobMismatchError, BlobNotFoundError, DamagedBlobError } from './repository-errors.js';
import { RwLock } from './rw-lock.js';

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
      const actual = createHash('sha256').update(blob.plain).digest('hex');
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
      // Compress in parallel on the thread pool: both cores work and the event loop stays free.
      const records: PackRecord[] = await Promise.all(
        [...fresh.values()].map(async (blob) => {
          const { codec, data } = await compressBlobAsync(blob.plain, level);
          return { id: blob.id, type: blob.type, codec, rawLength: blob.plain.length, data };
        }),
      );
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

  /** Loads and decodes a tree blob (for browsing, GC's mark and verify's impact report). */
  async readTree(id: string): Promise<TreeNode[]> {
    return decodeTree(await this.readBlob(id));
  }

  async gc(opts: GcOptions): Promise<GcResult> {
    return this.lock.withExclusive(() => collectGarbage(this.catalog, (id) => this.readTree(id), opts));
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
