import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { DIR, FILE, SYMLINK, TREE_ID_BYTES, type CatalogData, type NamePool } from './catalog-data.js';

/**
 * The catalog file, little-endian:
 *
 *   0   8  magic "CBCATLOG"
 *   8   4  u32 format version (1)
 *   12  4  u32 header length H
 *   16  H  header JSON: name encodings, section table { name: [offset, byteLength] }, CRC-32 of the body
 *   …      sections, each at an 8-aligned offset (so a reader may also view them in place), zero padding between
 *
 * Numeric sections are the typed-array columns byte for byte, so loading is a copy, not a parse (1 M
 * entries load in a few hundred milliseconds, most of it decoding the names). Names and
 * their lower-cased search keys are one string each: latin1 when every character fits a byte, else UTF-16LE
 * (which also keeps lone surrogates exact), with an offsets section each. Symlink targets and raw names
 * are JSON. A new layout gets a new version number; readers refuse versions they do not know and
 * the server simply rebuilds the catalog from the trees.
 */
export const CATALOG_MAGIC = 'CBCATLOG';
export const CATALOG_FORMAT_VERSION = 1;
const U32_MAX = 0xffffffff;

export class CatalogFormatError extends Error {
  constructor(message: string) {
    super(`catalog file: ${message}`);
    this.name = 'CatalogFormatError';
  }
}

const NUMERIC = ['parent', 'type', 'size', 'mtime', 'mode', 'uid', 'gid', 'treePos', 'nameSlot', 'extra', 'children', 'childStart', 'childCount', 'fileCount', 'treeIds', 'fingerprints'] as const;
const POOLS = ['names', 'lowerNames'] as const;
type NumericSection = (typeof NUMERIC)[number];

const count = z.number().int().nonnegative();
const HeaderSchema = z.strictObject({
  rootTreeId: z.string().regex(/^[0-9a-f]{64}$/),
  /** Per name pool: latin1 when every character fits a byte, else UTF-16LE. */
  encodings: z.strictObject({ names: z.enum(['latin1', 'utf16le']), lowerNames: z.enum(['latin1', 'utf16le']) }),
  /** zlib's CRC-32 of everything after the header: native (~4 GB/s), and a cache file needs damage detection, not a MAC. */
  crc32: count,
  sections: z.record(z.string(), z.tuple([count, count])),
});
type Header = z.infer<typeof HeaderSchema>;

interface Section {
  name: string;
  length: number;
  write: (out: Buffer, at: number) => void;
}

export function encodeCatalog(data: CatalogData): Buffer {
  const bytes = (name: string, view: ArrayBufferView): Section => {
    const source = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    return { name, length: source.length, write: (out, at) => out.set(source, at) };
  };
  // Everything is written straight into the one output buffer: fresh memory is what costs on big catalogs.
  const sections: Section[] = NUMERIC.map((name) => bytes(name, data[name]));
  const encodings = { names: encodingOf(data.names), lowerNames: encodingOf(data.lowerNames) };
  for (const pool of POOLS) {
    const { text, offsets } = data[pool];
    const encoding = encodings[pool];
    sections.push(bytes(`${pool}.offsets`, offsets));
    sections.push({ name: pool, length: text.length * (encoding === 'latin1' ? 1 : 2), write: (out, at) => void out.write(text, at, encoding) });
  }
  sections.push(bytes('targets', Buffer.from(JSON.stringify(data.targets), 'utf8')));
  sections.push(bytes('rawNames', Buffer.from(JSON.stringify([...data.rawNames]), 'utf8')));

  const layout: Record<string, [number, number]> = {};
  let bodySize = 0;
  for (const { name, length } of sections) {
    layout[name] = [bodySize, length];
    bodySize = align8(bodySize + length);
  }
  // Offsets in the header are from the start of the file, so the header's length depends on them: reserve
  // room measured with offsets from 0 plus 16 bytes per section (an offset grows by fewer digits than that)
  // and pad the JSON with spaces, which JSON allows.
  const headerJson = (base: number, checksum: number): Buffer => {
    const table: Record<string, [number, number]> = {};
    for (const [name, [offset, length]] of Object.entries(layout)) table[name] = [base + offset, length];
    const header: Header = { rootTreeId: data.rootTreeId, encodings, crc32: checksum, sections: table };
    return Buffer.from(JSON.stringify(header), 'utf8');
  };
  const base = align8(16 + headerJson(0, U32_MAX).length + 16 * sections.length);
  const out = Buffer.allocUnsafeSlow(base + bodySize);
  for (const { name, length, write } of sections) {
    const at = base + layout[name]![0];
    write(out, at);
    out.fill(0, at + length, align8(at + length));
  }
  const json = headerJson(base, crc32(out.subarray(base)));
  out.write(CATALOG_MAGIC, 0, 'latin1');
  out.writeUInt32LE(CATALOG_FORMAT_VERSION, 8);
  out.writeUInt32LE(base - 16, 12);
  json.copy(out, 16);
  out.fill(0x20, 16 + json.length, base);
  return out;
}

export function decodeCatalog(buf: Buffer): CatalogData {
  if (endianness() !== 'LE') throw new CatalogFormatError('big-endian hosts are not supported');
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== CATALOG_MAGIC) throw new CatalogFormatError('not a catalog');
  const version = buf.readUInt32LE(8);
  if (version !== CATALOG_FORMAT_VERSION) throw new CatalogFormatError(`unsupported version ${version}`);
  const headerEnd = 16 + buf.readUInt32LE(12);
  if (headerEnd > buf.length) throw new CatalogFormatError('truncated header');
  let header: Header;
  try {
    header = HeaderSchema.parse(JSON.parse(buf.toString('utf8', 16, headerEnd)));
  } catch (cause) {
    throw new CatalogFormatError(`bad header (${(cause as Error).message})`);
  }
  if (crc32(buf.subarray(headerEnd)) !== header.crc32) throw new CatalogFormatError('checksum mismatch');

  const section = (name: string, unit: number): Buffer => {
    const where = header.sections[name];
    if (where === undefined) throw new CatalogFormatError(`missing section ${name}`);
    const [offset, length] = where;
    if (offset < headerEnd || offset + length > buf.length || length % unit !== 0) throw new CatalogFormatError(`bad section ${name}`);
    return buf.subarray(offset, offset + length);
  };
  // Columns are copied out of the file buffer rather than viewed in place: a copy is aligned whatever the
  // buffer's offset, the caller keeps its buffer, and the name sections (decoded into strings below) are
  // not held twice — ~80 B an entry less for a two-byte name pool, for a ~60 MB memcpy per 1 M entries.
  const copy = (name: string, unit: number): ArrayBuffer => {
    const bytes = section(name, unit);
    const out = new Uint8Array(bytes.length);
    out.set(bytes);
    return out.buffer;
  };
  const u32 = (name: string) => new Uint32Array(copy(name, 4));
  const f64 = (name: NumericSection) => new Float64Array(copy(name, 8));
  const u8 = (name: NumericSection) => new Uint8Array(copy(name, 1));
  const text = (name: string) => section(name, 1).toString('utf8');
  const pool = (name: (typeof POOLS)[number]): NamePool => {
    const encoding = header.encodings[name];
    return { text: section(name, encoding === 'latin1' ? 1 : 2).toString(encoding), offsets: u32(`${name}.offsets`) };
  };

  const data: CatalogData = {
    rootTreeId: header.rootTreeId,
    parent: new Int32Array(copy('parent', 4)),
    type: u8('type'),
    size: f64('size'),
    mtime: f64('mtime'),
    mode: u32('mode'),
    uid: u32('uid'),
    gid: u32('gid'),
    treePos: u32('treePos'),
    nameSlot: u32('nameSlot'),
    extra: u32('extra'),
    children: u32('children'),
    childStart: u32('childStart'),
    childCount: u32('childCount'),
    fileCount: u32('fileCount'),
    treeIds: u8('treeIds'),
    fingerprints: u32('fingerprints'),
    names: pool('names'),
    lowerNames: pool('lowerNames'),
    targets: parseJson(text('targets'), z.array(z.string())),
    rawNames: new Map(parseJson(text('rawNames'), z.array(z.tuple([count, z.string()])))),
  };
  checkStructure(data);
  return data;
}

function parseJson<T>(json: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(json));
  } catch (cause) {
    throw new CatalogFormatError(`bad section (${(cause as Error).message})`);
  }
}

/**
 * The checksum catches damage; this catches a writer bug, so that no query can ever index out of bounds
 * (typed arrays would quietly return undefined). O(entries), a few milliseconds for 1 M.
 */
function checkStructure(d: CatalogData): void {
  const n = d.parent.length;
  const dirs = d.childStart.length;
  const slots = d.names.offsets.length - 1;
  const fail = (what: string) => {
    throw new CatalogFormatError(`inconsistent ${what}`);
  };
  const perEntry = [d.type, d.size, d.mtime, d.mode, d.uid, d.gid, d.treePos, d.nameSlot, d.extra];
  if (n < 1 || perEntry.some((c) => c.length !== n) || d.children.length !== n - 1) fail('column lengths');
  if (d.childCount.length !== dirs || d.fileCount.length !== dirs || d.treeIds.length !== dirs * TREE_ID_BYTES) fail('directory columns');
  if (d.fingerprints.length % 2 !== 0 || slots < 0) fail('tables');
  const limits = [dirs, d.fingerprints.length / 2, d.targets.length];
  if (d.parent[0] !== -1 || d.type[0] !== DIR) fail('root');
  for (let i = 0; i < n; i++) {
    const code = d.type[i]!;
    if (code !== DIR && code !== FILE && code !== SYMLINK) fail('type');
    if (d.extra[i]! >= limits[code]!) fail('slot');
    if (d.nameSlot[i]! >= slots) fail('name slot');
    if (i === 0) continue;
    const p = d.parent[i]!;
    if (p < 0 || p >= i || d.type[p] !== DIR) fail('parent');
  }
  for (let s = 0; s < dirs; s++) if (d.childStart[s]! + d.childCount[s]! > d.children.length) fail('children range');
  for (let k = 0; k < d.children.length; k++) if (d.children[k]! < 1 || d.children[k]! >= n) fail('child');
  for (const { text, offsets } of [d.names, d.lowerNames]) {
    if (offsets.length !== slots + 1 || offsets[0] !== 0 || offsets[slots] !== text.length) fail('name pool');
    for (let s = 0; s < slots; s++) if (offsets[s]! >= offsets[s + 1]!) fail('name offsets');
  }
  for (const [index] of d.rawNames) if (index >= n) fail('raw names');
}

function encodingOf(pool: NamePool): 'latin1' | 'utf16le' {
  return /[^\x00-\xff]/.test(pool.text) ? 'utf16le' : 'latin1';
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
