/**
 * ZIP record encoders (APPNOTE 6.3): stored entries, UTF-8 names, ZIP64 fields only where a value does not
 * fit 32 bits (or 16 bits for the entry count). All integers little-endian.
 */
export const U32_MAX = 0xffffffff;
export const U16_MAX = 0xffff;

const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION_PLAIN = 20; // 2.0: stored entries, directories
const VERSION_ZIP64 = 45; // 4.5: ZIP64
const HOST_UNIX = 3 << 8;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const MSDOS_DIRECTORY = 0x10;

export interface ZipEntryInfo {
  name: Buffer;
  type: 'file' | 'dir' | 'symlink';
  permissions: number;
  mtimeMs: number;
  /** The content follows the local header with sizes and CRC in a data descriptor (files). */
  streamed: boolean;
  /** Sizes need 64 bits: a ZIP64 extra in both headers and 8-byte sizes in the descriptor. */
  zip64: boolean;
  crc: number;
  size: number;
  offset: number;
}

export function localHeader(e: ZipEntryInfo): Buffer {
  const zip64Extra = e.zip64 ? zip64Field(e.streamed ? [0, 0] : [e.size, e.size]) : EMPTY; // streamed: sizes follow in the descriptor
  const extra = Buffer.concat([zip64Extra, timestampField(e.mtimeMs)]);
  const out = Buffer.alloc(30 + e.name.length + extra.length);
  const { time, date } = dosDateTime(e.mtimeMs);
  out.writeUInt32LE(0x04034b50, 0);
  out.writeUInt16LE(e.zip64 ? VERSION_ZIP64 : VERSION_PLAIN, 4);
  out.writeUInt16LE(FLAG_UTF8 | (e.streamed ? FLAG_DATA_DESCRIPTOR : 0), 6);
  out.writeUInt16LE(0, 8); // stored
  out.writeUInt16LE(time, 10);
  out.writeUInt16LE(date, 12);
  // With a data descriptor, CRC and sizes are zero here (APPNOTE 4.4.4); ZIP64 marks its sizes 0xFFFFFFFF.
  out.writeUInt32LE(e.streamed ? 0 : e.crc, 14);
  const size = e.zip64 ? U32_MAX : e.streamed ? 0 : e.size;
  out.writeUInt32LE(size, 18);
  out.writeUInt32LE(size, 22);
  out.writeUInt16LE(e.name.length, 26);
  out.writeUInt16LE(extra.length, 28);
  e.name.copy(out, 30);
  extra.copy(out, 30 + e.name.length);
  return out;
}

export function dataDescriptor(e: ZipEntryInfo): Buffer {
  const out = Buffer.alloc(e.zip64 ? 24 : 16);
  out.writeUInt32LE(0x08074b50, 0);
  out.writeUInt32LE(e.crc, 4);
  if (e.zip64) {
    writeU64(out, 8, e.size);
    writeU64(out, 16, e.size);
  } else {
    out.writeUInt32LE(e.size, 8);
    out.writeUInt32LE(e.size, 12);
  }
  return out;
}

export function centralRecord(e: ZipEntryInfo, offsetLimit: number): Buffer {
  const bigOffset = e.offset >= offsetLimit;
  const zip64Values = [...(e.zip64 ? [e.size, e.size] : []), ...(bigOffset ? [e.offset] : [])];
  const extra = Buffer.concat([zip64Values.length > 0 ? zip64Field(zip64Values) : EMPTY, timestampField(e.mtimeMs)]);
  const out = Buffer.alloc(46 + e.name.length + extra.length);
  const { time, date } = dosDateTime(e.mtimeMs);
  const version = e.zip64 || bigOffset ? VERSION_ZIP64 : VERSION_PLAIN;
  out.writeUInt32LE(0x02014b50, 0);
  out.writeUInt16LE(HOST_UNIX | version, 4);
  out.writeUInt16LE(version, 6);
  out.writeUInt16LE(FLAG_UTF8 | (e.streamed ? FLAG_DATA_DESCRIPTOR : 0), 8);
  out.writeUInt16LE(0, 10);
  out.writeUInt16LE(time, 12);
  out.writeUInt16LE(date, 14);
  out.writeUInt32LE(e.crc, 16);
  out.writeUInt32LE(e.zip64 ? U32_MAX : e.size, 20);
  out.writeUInt32LE(e.zip64 ? U32_MAX : e.size, 24);
  out.writeUInt16LE(e.name.length, 28);
  out.writeUInt16LE(extra.length, 30);
  // comment length, disk number start, internal attributes: 0
  const fileType = e.type === 'dir' ? S_IFDIR : e.type === 'symlink' ? S_IFLNK : S_IFREG;
  out.writeUInt32LE((fileType | e.permissions) * 0x10000 + (e.type === 'dir' ? MSDOS_DIRECTORY : 0), 38);
  out.writeUInt32LE(bigOffset ? U32_MAX : e.offset, 42);
  e.name.copy(out, 46);
  extra.copy(out, 46 + e.name.length);
  return out;
}

/** End of central directory, preceded by the ZIP64 end record and locator when any value overflows. */
export function endOfCentralDirectory(count: number, cdOffset: number, cdSize: number, limits: { offset: number; count: number }): Buffer {
  const zip64 = count >= limits.count || cdOffset >= limits.offset || cdSize >= limits.offset;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    writeU64(record, 4, 44); // size of the rest of this record
    record.writeUInt16LE(HOST_UNIX | VERSION_ZIP64, 12);
    record.writeUInt16LE(VERSION_ZIP64, 14);
    // disk numbers (16, 20): 0
    writeU64(record, 24, count);
    writeU64(record, 32, count);
    writeU64(record, 40, cdSize);
    writeU64(record, 48, cdOffset);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    writeU64(locator, 8, cdOffset + cdSize); // where the ZIP64 end record starts
    locator.writeUInt32LE(1, 16); // total disks
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? U16_MAX : count, 8);
  end.writeUInt16LE(zip64 ? U16_MAX : count, 10);
  end.writeUInt32LE(zip64 ? U32_MAX : cdSize, 12);
  end.writeUInt32LE(zip64 ? U32_MAX : cdOffset, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

const EMPTY = Buffer.alloc(0);

function zip64Field(values: number[]): Buffer {
  const out = Buffer.alloc(4 + 8 * values.length);
  out.writeUInt16LE(0x0001, 0);
  out.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => writeU64(out, 4 + 8 * i, v));
  return out;
}

/** Info-ZIP extended timestamp (0x5455): the exact UTC mtime in seconds, which DOS time cannot carry. */
function timestampField(mtimeMs: number): Buffer {
  const seconds = Math.floor(mtimeMs / 1000);
  if (seconds < -0x80000000 || seconds > 0x7fffffff) return EMPTY;
  const out = Buffer.alloc(9);
  out.writeUInt16LE(0x5455, 0);
  out.writeUInt16LE(5, 2);
  out.writeUInt8(1, 4); // mtime present
  out.writeInt32LE(seconds, 5);
  return out;
}

/** MS-DOS date and time in local time (what zip tools show), 2-second resolution, clamped to 1980-2107. */
export function dosDateTime(mtimeMs: number): { time: number; date: number } {
  const d = new Date(mtimeMs);
  const year = d.getFullYear();
  if (!(year >= 1980)) return { time: 0, date: (1 << 5) | 1 };
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function writeU64(out: Buffer, offset: number, value: number): void {
  out.writeUInt32LE(value % 0x100000000, offset);
  out.writeUInt32LE(Math.floor(value / 0x100000000), offset + 4);
}
