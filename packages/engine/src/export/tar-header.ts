import { PERMISSION_BITS, type ExportEntry } from './export-entry.js';

/**
 * POSIX ustar headers, with a PAX extended header ('x') in front when a field does not fit ustar: a path
 * longer than the 155 + 100 split allows or not ASCII, a link target over 100 bytes or not ASCII, a size of
 * 8 GiB or more (11 octal digits), ids over 7 octal digits, an mtime before 1970 or past 2242. The ustar
 * fields then hold an ASCII stand-in that PAX-aware readers (GNU tar, bsdtar, Python) ignore.
 */
export const BLOCK = 512;

const TYPE_FLAG = { file: '0', dir: '5', symlink: '2' } as const;
const MAX_OCTAL_11 = 0o77777777777; // size and mtime fields
const MAX_OCTAL_7 = 0o7777777; // uid and gid fields

/** The header block(s) of one entry; `storedPath` comes from checkEntry (directories end with '/'). */
export function tarHeader(entry: ExportEntry, storedPath: string): Uint8Array {
  const pax: [string, string][] = [];
  const split = splitUstarPath(storedPath);
  if (split === null) pax.push(['path', storedPath]);
  const target = entry.type === 'symlink' ? (entry.target ?? '') : '';
  const targetFits = isAscii(target) && target.length <= 100;
  if (!targetFits) pax.push(['linkpath', target]);
  const size = entry.type === 'file' ? entry.size : 0;
  if (size > MAX_OCTAL_11) pax.push(['size', String(size)]);
  for (const key of ['uid', 'gid'] as const) if (entry[key] > MAX_OCTAL_7) pax.push([key, String(entry[key])]);
  const seconds = Math.floor(entry.mtimeMs / 1000);
  const mtimeFits = seconds >= 0 && seconds <= MAX_OCTAL_11;
  if (!mtimeFits) pax.push(['mtime', paxTime(entry.mtimeMs)]);

  const main = ustarBlock({
    name: split?.name ?? asciiStandIn(storedPath, 100),
    prefix: split?.prefix ?? '',
    mode: entry.mode & PERMISSION_BITS,
    uid: entry.uid > MAX_OCTAL_7 ? 0 : entry.uid,
    gid: entry.gid > MAX_OCTAL_7 ? 0 : entry.gid,
    size: size > MAX_OCTAL_11 ? 0 : size,
    mtime: mtimeFits ? seconds : 0,
    type: TYPE_FLAG[entry.type],
    linkname: targetFits ? target : asciiStandIn(target, 100),
  });
  if (pax.length === 0) return main;

  const records = Buffer.from(pax.map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
  const paxHeader = ustarBlock({
    name: asciiStandIn(`PaxHeaders/${storedPath.replace(/\/$/, '').split('/').pop()}`, 100),
    prefix: '',
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: mtimeFits ? seconds : 0,
    type: 'x',
    linkname: '',
  });
  const out = new Uint8Array(BLOCK + padded(records.length) + BLOCK);
  out.set(paxHeader, 0);
  out.set(records, BLOCK);
  out.set(main, BLOCK + padded(records.length));
  return out;
}

/** Bytes of zero padding after `size` bytes of content. */
export function paddingAfter(size: number): number {
  return padded(size) - size;
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** "<length> <key>=<value>\n", where the length counts the whole record, its own digits included. */
export function paxRecord(key: string, value: string): string {
  const rest = Buffer.byteLength(` ${key}=${value}\n`, 'utf8');
  const digits = String(rest).length;
  let length = rest + digits;
  if (String(length).length > digits) length = rest + String(length).length; // 98 + 2 = 100 needs 3 digits
  return `${length} ${key}=${value}\n`;
}

function paxTime(ms: number): string {
  // Exact decimal seconds (PAX allows a fraction and a sign).
  const abs = Math.abs(ms);
  let whole = Math.floor(abs / 1000);
  let nanos = Math.round((abs - whole * 1000) * 1e6);
  if (nanos >= 1e9) {
    whole += 1;
    nanos -= 1e9;
  }
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${ms < 0 ? '-' : ''}${whole}${fraction}`;
}

/** ustar's name (≤ 100 bytes) and prefix (≤ 155 bytes, split at a '/'), or null when the path needs PAX. */
export function splitUstarPath(path: string): { name: string; prefix: string } | null {
  if (!isAscii(path)) return null;
  if (path.length <= 100) return { name: path, prefix: '' };
  // The name part keeps a directory's trailing '/', so search for the split before it.
  for (let cut = path.indexOf('/'); cut !== -1 && cut < path.length - 1; cut = path.indexOf('/', cut + 1)) {
    if (cut <= 155 && path.length - cut - 1 <= 100) return { prefix: path.slice(0, cut), name: path.slice(cut + 1) };
  }
  return null;
}

function isAscii(text: string): boolean {
  return /^[\x01-\x7f]*$/.test(text);
}

/** What a reader without PAX support sees: non-ASCII replaced, the end of the path kept. */
function asciiStandIn(text: string, max: number): string {
  const ascii = text.replace(/[^\x01-\x7f]/gu, '_');
  return ascii.length <= max ? ascii : ascii.slice(ascii.length - max);
}

interface UstarFields {
  name: string;
  prefix: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  type: string;
  linkname: string;
}

function ustarBlock(f: UstarFields): Uint8Array {
  const block = Buffer.alloc(BLOCK);
  block.write(f.name, 0, 100, 'latin1');
  octal(block, 100, 8, f.mode);
  octal(block, 108, 8, f.uid);
  octal(block, 116, 8, f.gid);
  octal(block, 124, 12, f.size);
  octal(block, 136, 12, f.mtime);
  block.write(f.type, 156, 1, 'latin1');
  block.write(f.linkname, 157, 100, 'latin1');
  block.write('ustar\x0000', 257, 8, 'latin1');
  block.write(f.prefix, 345, 155, 'latin1');
  // The checksum is the byte sum with its own field read as eight spaces.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

function octal(block: Buffer, offset: number, width: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new RangeError(`${value} does not fit a ${width}-byte tar field`);
  block.write(`${digits.padStart(width - 1, '0')}\0`, offset, width, 'latin1');
}
