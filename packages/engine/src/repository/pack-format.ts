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

/**
 * Index file = the pack's trailer, byte for byte. Binary (version 2): `CBIDX002`, then per blob the 32 id
 * bytes, one flag byte (bit 0 tree, bit 1 brotli) and offset, length, rawLength as unsigned LEB128 — ~42
 * bytes a blob instead of ~135 for the JSON of version 1, which is still read. The index is stored twice
 * (trailer and index file), so with 200k small files it was ~5 % of the repository.
 */
export const INDEX_MAGIC = Buffer.from('CBIDX002', 'latin1');
const FLAG_TREE = 1;
const FLAG_BROTLI = 2;

function writeVarint(out: Buffer, at: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    out[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[at++] = v;
  return at;
}

export function encodeIndex(entries: readonly PackEntry[]): Buffer {
  // 32 id + 1 flags + 3 varints of at most 8 bytes (numbers up to 2^53).
  const out = Buffer.allocUnsafe(INDEX_MAGIC.length + entries.length * (33 + 3 * 8));
  let at = INDEX_MAGIC.copy(out, 0);
  for (const e of entries) {
    if (!BLOB_ID.test(e.id)) throw new TypeError(`not a blob id: ${JSON.stringify(e.id)}`);
    at += out.write(e.id, at, 32, 'hex');
    out[at++] = (e.type === 'tree' ? FLAG_TREE : 0) | (e.codec === 'brotli' ? FLAG_BROTLI : 0);
    at = writeVarint(out, at, e.offset);
    at = writeVarint(out, at, e.length);
    at = writeVarint(out, at, e.rawLength);
  }
  return Buffer.from(out.subarray(0, at));
}

function decodeBinaryIndex(bytes: Buffer): PackEntry[] {
  const entries: PackEntry[] = [];
  let at = INDEX_MAGIC.length;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (at >= bytes.length) throw new RangeError('index truncated');
      const b = bytes[at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(value)) break;
        return value;
      }
      scale *= 0x80;
    }
    throw new RangeError('index number out of range');
  };
  while (at < bytes.length) {
    if (at + 33 > bytes.length) throw new RangeError('index truncated');
    const id = bytes.toString('hex', at, at + 32);
    const flags = bytes[at + 32]!;
    at += 33;
    if ((flags & ~(FLAG_TREE | FLAG_BROTLI)) !== 0) throw new RangeError(`unknown index flags ${flags}`);
    const offset = varint();
    const length = varint();
    const rawLength = varint();
    entries.push({ id, type: flags & FLAG_TREE ? 'tree' : 'data', offset, length, rawLength, codec: flags & FLAG_BROTLI ? 'brotli' : 'none' });
  }
  return entries;
}

/** Throws when the bytes are not a valid index, or (given `packSize`) an entry lies outside the blob area. */
export function decodeIndex(bytes: Buffer, packSize?: number): PackEntry[] {
  const blobs =
    bytes.length >= INDEX_MAGIC.length && bytes.subarray(0, INDEX_MAGIC.length).equals(INDEX_MAGIC)
      ? decodeBinaryIndex(bytes)
      : IndexSchema.parse(JSON.parse(bytes.toString('utf8'))).blobs;
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
