import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Codec } from '../compression/blob-compression.js';

export type BlobType = 'data' | 'tree';

export interface BlobLocation {
  packId: string;
  offset: number;
  length: number;
  rawLength: number;
  codec: Codec;
  type: BlobType;
}

/** One blob inside a pack, as listed by its index file and its trailer. */
export interface PackEntry {
  id: string;
  type: BlobType;
  offset: number;
  length: number;
  rawLength: number;
  codec: Codec;
}

/** A blob ready to be packed: its stored (possibly compressed) bytes plus what is needed to decode them. */
export interface PackRecord {
  id: string;
  type: BlobType;
  codec: Codec;
  rawLength: number;
  data: Buffer;
}

export const BLOB_ID = /^[0-9a-f]{64}$/;
/** Ends every pack: packs identify themselves, so an index can be rebuilt from its pack alone. */
export const PACK_MAGIC = Buffer.from('CBPACK01', 'latin1');
const TRAILER_FOOTER = 4 + PACK_MAGIC.length;

export function packKey(packId: string): string {
  return `packs/${packId.slice(0, 2)}/${packId}`;
}

export function indexKey(packId: string): string {
  return `index/${packId}`;
}

const count = z.number().int().nonnegative();
const PackEntrySchema = z.strictObject({
  id: z.string().regex(BLOB_ID),
  type: z.enum(['data', 'tree']),
  offset: count,
  length: count,
  rawLength: count,
  codec: z.enum(['none', 'brotli']),
});
const IndexSchema = z.strictObject({ v: z.literal(1), blobs: z.array(PackEntrySchema) });

/** Index file = the pack's trailer, byte for byte: small JSON, easy to inspect and to rebuild. */
export function encodeIndex(entries: readonly PackEntry[]): Buffer {
  const blobs = entries.map((e) => ({
    id: e.id,
    type: e.type,
    offset: e.offset,
    length: e.length,
    rawLength: e.rawLength,
    codec: e.codec,
  }));
  return Buffer.from(JSON.stringify({ v: 1, blobs }), 'utf8');
}

/** Throws when the bytes are not a valid index, or (given `packSize`) an entry lies outside the blob area. */
export function decodeIndex(bytes: Buffer, packSize?: number): PackEntry[] {
  const { blobs } = IndexSchema.parse(JSON.parse(bytes.toString('utf8')));
  if (packSize !== undefined) {
    for (const e of blobs) {
      if (e.offset + e.length > packSize) throw new RangeError(`index entry ${e.id} lies outside its pack`);
    }
  }
  return blobs;
}

/**
 * Pack layout: the blobs' stored bytes back to back, then the trailer (the index JSON), its length as a
 * 32-bit little-endian number, and PACK_MAGIC. Pack id = SHA-256 of the whole file, so a pack's name
 * also checks its content.
 */
export function buildPack(records: readonly PackRecord[]): { packId: string; bytes: Buffer; entries: PackEntry[]; index: Buffer } {
  const entries: PackEntry[] = [];
  let offset = 0;
  for (const r of records) {
    entries.push({ id: r.id, type: r.type, offset, length: r.data.length, rawLength: r.rawLength, codec: r.codec });
    offset += r.data.length;
  }
  const index = encodeIndex(entries);
  const footer = Buffer.alloc(TRAILER_FOOTER);
  footer.writeUInt32LE(index.length, 0);
  PACK_MAGIC.copy(footer, 4);
  const bytes = Buffer.concat([...records.map((r) => r.data), index, footer]);
  const packId = createHash('sha256').update(bytes).digest('hex');
  return { packId, bytes, entries, index };
}

/** Reads the index a pack carries at its end (to rebuild a lost or damaged index file). */
export function readPackTrailer(pack: Buffer): PackEntry[] {
  if (pack.length < TRAILER_FOOTER || !pack.subarray(pack.length - PACK_MAGIC.length).equals(PACK_MAGIC)) {
    throw new RangeError('not a pack: magic missing');
  }
  const trailerLength = pack.readUInt32LE(pack.length - TRAILER_FOOTER);
  const start = pack.length - TRAILER_FOOTER - trailerLength;
  if (start < 0) throw new RangeError('not a pack: trailer longer than the file');
  return decodeIndex(pack.subarray(start, pack.length - TRAILER_FOOTER), start);
}
