import { hash } from 'node:crypto';
import { decompressBlob } from '../compression/blob-compression.js';
import type { ObjectStore } from '../store/object-store.js';
import {
  buildPack,
  decodeIndex,
  encodeIndex,
  indexKey,
  packKey,
  readPackTrailer,
  type BlobLocation,
  type PackEntry,
  type PackRecord,
} from './pack-format.js';

const PACK_KEY = /^packs\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const INDEX_KEY = /^index\/([0-9a-f]{64})$/;
/** Index files are small; reading many at once hides per-file latency (a remote store especially). */
const LOAD_CONCURRENCY = 16;

export interface PackInfo {
  size: number;
  entries: PackEntry[];
}

/** Decodes and re-hashes one stored blob; returns the plain bytes or why they are damaged. */
export function checkBlob(entry: PackEntry, stored: Buffer): { plain: Buffer } | { damage: string } {
  let plain: Buffer;
  try {
    plain = decompressBlob(entry.codec, stored, entry.rawLength);
  } catch (error) {
    return { damage: `cannot decode: ${(error as Error).message}` };
  }
  const actual = hash('sha256', plain, 'hex');
  return actual === entry.id ? { plain } : { damage: `content hashes to ${actual}` };
}

/**
 * The in-memory view of a repository's packs and index, and the only code that writes or removes them,
 * so the ordering rules live in one place:
 *   write: pack durable → index durable → in-memory index (an entry exists only for durable data);
 *   remove: index file → pack file → in-memory index (a crash in between leaves an orphan pack, never an
 *   index pointing at nothing).
 */
export class PackCatalog {
  readonly index = new Map<string, BlobLocation>();
  readonly packs = new Map<string, PackInfo>();
  /** Pack files present in the store without an index file (a crash between the two writes). */
  readonly orphans = new Map<string, number>();
  /** Packs whose index file and trailer are both unreadable: never deleted, verify reports their blobs. */
  readonly unreadable = new Set<string>();

  constructor(readonly store: ObjectStore) {}

  async load(): Promise<void> {
    const packSizes = new Map<string, number>();
    for await (const { key, size } of this.store.list('packs/')) {
      const m = PACK_KEY.exec(key);
      if (m !== null && m[2]!.startsWith(m[1]!)) packSizes.set(m[2]!, size);
    }
    const indexed: string[] = [];
    for await (const { key } of this.store.list('index/')) {
      const m = INDEX_KEY.exec(key);
      if (m !== null) indexed.push(m[1]!);
    }
    indexed.sort(); // deterministic choice of the canonical copy when a blob sits in two packs
    const loaded = new Array<PackEntry[] | null>(indexed.length);
    let next = 0;
    const worker = async () => {
      while (next < indexed.length) {
        const i = next++;
        loaded[i] = await this.readIndex(indexed[i]!, packSizes.get(indexed[i]!));
      }
    };
    await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
    indexed.forEach((packId, i) => {
      const entries = loaded[i];
      if (entries === null || entries === undefined) this.unreadable.add(packId);
      // An index whose pack is gone is kept: its blobs must show up as damaged, not silently vanish.
      else this.register(packId, packSizes.get(packId) ?? 0, entries, false);
    });
    for (const [packId, size] of packSizes) {
      if (!this.packs.has(packId) && !this.unreadable.has(packId)) this.orphans.set(packId, size);
    }
  }

  /** The index file, or else the pack's own trailer (rewriting the index file from it); null if neither reads. */
  private async readIndex(packId: string, packSize: number | undefined): Promise<PackEntry[] | null> {
    try {
      return decodeIndex(await this.store.get(indexKey(packId)), packSize);
    } catch {
      if (packSize === undefined) return null;
      try {
        const entries = readPackTrailer(await this.store.get(packKey(packId)));
        await this.store.put(indexKey(packId), encodeIndex(entries));
        return entries;
      } catch {
        return null;
      }
    }
  }

  /** Adds a durable pack to the in-memory index; `canonical` makes its copies the ones readers use. */
  private register(packId: string, size: number, entries: PackEntry[], canonical: boolean): void {
    this.packs.set(packId, { size, entries });
    for (const e of entries) {
      if (canonical || !this.index.has(e.id)) {
        this.index.set(e.id, { packId, offset: e.offset, length: e.length, rawLength: e.rawLength, codec: e.codec, type: e.type });
      }
    }
  }

  /** Writes one pack then its index, both durable, then points the in-memory index at the new copies. */
  async writePack(records: readonly PackRecord[]): Promise<{ packId: string; size: number }> {
    const { packId, bytes, entries, index } = buildPack(records);
    await this.store.put(packKey(packId), bytes);
    await this.store.put(indexKey(packId), index);
    this.orphans.delete(packId);
    this.register(packId, bytes.length, entries, true);
    return { packId, size: bytes.length };
  }

  /** Deletes a pack (index file first) and forgets the blob copies it held. */
  async removePack(packId: string): Promise<void> {
    await this.store.delete(indexKey(packId));
    await this.store.delete(packKey(packId));
    const info = this.packs.get(packId);
    this.packs.delete(packId);
    this.orphans.delete(packId);
    for (const e of info?.entries ?? []) {
      if (this.index.get(e.id)?.packId === packId) this.index.delete(e.id);
    }
  }

  async removeOrphan(packId: string): Promise<void> {
    await this.store.delete(packKey(packId));
    this.orphans.delete(packId);
  }

  /** True when this pack holds the copy of the blob that readers use (a blob may sit in two packs). */
  isCanonical(packId: string, blobId: string): boolean {
    return this.index.get(blobId)?.packId === packId;
  }

  totalBytes(): number {
    let total = 0;
    for (const { size } of this.packs.values()) total += size;
    return total;
  }
}
