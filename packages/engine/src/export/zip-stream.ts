import { coalesce } from './coalesce.js';
import { crc32 } from './crc32.js';
import { checkedContent, checkEntry, PERMISSION_BITS, type ExportEntry } from './export-entry.js';
import { centralRecord, dataDescriptor, endOfCentralDirectory, localHeader, U16_MAX, U32_MAX, type ZipEntryInfo } from './zip-records.js';

/** Where ZIP64 starts; lowered only by tests, which cannot stream 4 GiB through every reader. */
export interface ZipLimits {
  /** An entry of this size or more gets ZIP64 sizes. */
  size: number;
  /** A local header at this offset or later, or a central directory past it, needs ZIP64. */
  offset: number;
  /** This many entries or more need the ZIP64 end record. */
  count: number;
}
const LIMITS: ZipLimits = { size: U32_MAX, offset: U32_MAX, count: U16_MAX };

/**
 * A ZIP of `entries`, stored (no compression: backups are mostly compressed media, and a download should
 * not cost the server's CPU), as a stream of byte chunks. Files are written with a data descriptor: the
 * CRC-32 is computed while the content streams and follows it. ZIP64 fields appear only when a size, an
 * offset or the entry count needs them. Directories end in '/'; symlinks are entries whose content is the
 * target and whose Unix mode (external attributes) is S_IFLNK, which Info-ZIP unzip restores as a link.
 *
 * Memory: content passes through; the central directory (~60 B + name per entry) is kept until the end.
 * Errors as for tarStream: the stream fails rather than emit a wrong archive.
 */
export function zipStream(entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>): AsyncGenerator<Uint8Array> {
  return zipStreamWithLimits(entries, LIMITS);
}

export function zipStreamWithLimits(entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>, limits: ZipLimits): AsyncGenerator<Uint8Array> {
  return coalesce(zipPieces(entries, limits));
}

async function* zipPieces(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  limits: ZipLimits,
): AsyncGenerator<Uint8Array> {
  const central = new PagedBytes();
  let offset = 0;
  let count = 0;
  for await (const entry of entries) {
    const name = Buffer.from(checkEntry(entry), 'utf8');
    if (name.length > U16_MAX) throw new RangeError(`path too long for ZIP: ${entry.path.slice(0, 80)}…`);
    const target = entry.type === 'symlink' ? Buffer.from(entry.target ?? '', 'utf8') : null;
    const size = entry.type === 'file' ? entry.size : (target?.length ?? 0);
    const info: ZipEntryInfo = {
      name,
      type: entry.type,
      permissions: entry.mode & PERMISSION_BITS,
      mtimeMs: entry.mtimeMs,
      streamed: entry.type === 'file',
      zip64: size >= limits.size,
      crc: target === null ? 0 : crc32(target),
      size,
      offset,
    };
    const header = localHeader(info);
    yield header;
    offset += header.length;
    if (entry.type === 'file') {
      let crc = 0;
      for await (const chunk of checkedContent(entry)) {
        crc = crc32(chunk, crc);
        yield chunk;
      }
      offset += size;
      info.crc = crc;
      const descriptor = dataDescriptor(info);
      yield descriptor;
      offset += descriptor.length;
    } else if (target !== null && target.length > 0) {
      yield target;
      offset += target.length;
    }
    central.append(centralRecord(info, limits.offset));
    count++;
  }
  const cdOffset = offset;
  yield* central.pages();
  yield endOfCentralDirectory(count, cdOffset, central.length, limits);
}

/**
 * Bytes appended into 1 MiB pages: one small Buffer per central record would cost ~100 B of object
 * overhead each, more than the record itself.
 */
class PagedBytes {
  length = 0;
  private readonly full: Uint8Array[] = [];
  private page = new Uint8Array(FIRST_PAGE); // most downloads are small
  private used = 0;

  append(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.used === this.page.length) {
        this.full.push(this.page);
        this.page = new Uint8Array(PAGE);
        this.used = 0;
      }
      const take = Math.min(bytes.length - at, this.page.length - this.used);
      this.page.set(bytes.subarray(at, at + take), this.used);
      this.used += take;
      at += take;
    }
    this.length += bytes.length;
  }

  *pages(): Generator<Uint8Array> {
    yield* this.full;
    if (this.used > 0) yield this.page.subarray(0, this.used);
  }
}
const FIRST_PAGE = 1 << 16;
const PAGE = 1 << 20;
