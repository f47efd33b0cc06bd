import { createHash, hash } from 'node:crypto';

/**
 * Content-defined chunking with a gear rolling hash and FastCDC's normalized chunking.
 *
 * Sizes follow restic's proven 512 KiB / 1 MiB / 8 MiB: chunks big enough that the per-chunk costs
 * (index entry, SHA-256 setup, one request to ask "missing?") stay negligible, small enough that a 1 %
 * change in a large file re-uploads only ~1 MiB around each edit. See README.md for measurements.
 */
export const DEFAULT_CHUNKING: { minSize: number; avgSize: number; maxSize: number } = Object.freeze({
  minSize: 512 * 1024,
  avgSize: 1024 * 1024,
  maxSize: 8 * 1024 * 1024,
});

export type ChunkingOptions = typeof DEFAULT_CHUNKING;

/**
 * 256 pseudo-random 32-bit words derived from SHA-256 of a fixed label, so every agent and server version
 * cuts identical boundaries forever (changing the table would silently break dedup between versions).
 * Stored as an Int32Array (same bits as a Uint32Array) so every value in the hot loop is an int32 and V8
 * never has to box a Uint32 above 2^31 as a double; measured no slower than a Uint32Array here.
 */
export const GEAR: Int32Array = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i += 8) {
    const digest = createHash('sha256').update(`cloud-backup gear table v1 ${i}`).digest();
    for (let j = 0; j < 8; j++) table[i + j] = digest.readInt32LE(j * 4);
  }
  return table;
})();

/** Hash state when `scanGear` returns (a module variable instead of an allocated result object). */
let scanHash = 0;

/**
 * The hot loop, kept as a small top-level function so V8 optimizes it early and monomorphically: one table
 * load, a shift, an add and a test per byte, no allocation. Returns the index just past the cut, or -1.
 */
function scanGear(data: Uint8Array, p: number, end: number, h: number, mask: number): number {
  const gear = GEAR;
  while (p < end) {
    h = ((h << 1) + gear[data[p++]!]!) | 0;
    if ((h & mask) === 0) {
      scanHash = h;
      return p;
    }
  }
  scanHash = h;
  return -1;
}

/**
 * When the pieces are consecutive regions of one ArrayBuffer (a reader filling a large window piece by piece,
 * as chunkFile does), the chunk is a single view over them: no copy, no fresh memory.
 */
function adjacentView(parts: readonly Buffer[]): Buffer | null {
  const first = parts[0]!;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.buffer !== first.buffer || part.byteOffset !== end) return null;
    end += part.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}

/** A mask of the `bits` highest bits: with `h << 1` the high bits carry the longest byte history (32 bytes). */
function highBitsMask(bits: number): number {
  return bits <= 0 ? 0 : (0xffffffff << (32 - bits)) | 0;
}

export function resolveChunking(opts?: Partial<ChunkingOptions>): ChunkingOptions {
  const o = { ...DEFAULT_CHUNKING, ...opts };
  const ok =
    Number.isInteger(o.minSize) && Number.isInteger(o.avgSize) && Number.isInteger(o.maxSize) &&
    o.minSize >= 64 && o.minSize < o.avgSize && o.avgSize < o.maxSize && o.maxSize <= 1 << 30;
  if (!ok) throw new RangeError(`invalid chunking sizes ${JSON.stringify(o)}: need 64 <= min < avg < max <= 1 GiB`);
  return o;
}

/**
 * Streaming chunker. Like a Node stream, it takes ownership of pushed buffers: it keeps views into `data`
 * until their chunk completes, and a returned chunk is a view into a pushed buffer when it lies inside one
 * (a copy only when it spans pushes). Do not modify a buffer after pushing it — push fresh buffers (as
 * fs streams and `chunkFile` do). Why: copying every chunk into fresh memory costs ~40 % of the throughput
 * measured here (1.0 vs 1.5 GiB/s), because fresh pages must be faulted in.
 */
export class Chunker {
  private readonly minSize: number;
  private readonly maxSize: number;
  /** Before this length the strict mask applies, after it the loose one (normalized chunking). */
  private readonly normalSize: number;
  private readonly maskStrict: number;
  private readonly maskLoose: number;
  private pending: Buffer[] = [];
  /** Bytes of the current (unfinished) chunk consumed so far; between pushes they are all in `pending`. */
  private length = 0;
  private hash = 0;

  constructor(opts?: Partial<ChunkingOptions>) {
    const o = resolveChunking(opts);
    this.minSize = o.minSize;
    this.maxSize = o.maxSize;
    const bits = Math.round(Math.log2(o.avgSize));
    // Strict mask (4x rarer) before the normal point, loose mask (4x likelier) after it: sizes cluster around
    // the average instead of spreading exponentially. The normal point sits a quarter below the average
    // because the loose mask adds ~avg/4 on average, which centres the mean chunk size on avgSize.
    this.maskStrict = highBitsMask(bits + 2);
    this.maskLoose = highBitsMask(bits - 2);
    this.normalSize = Math.max(this.minSize, o.avgSize - (2 ** (bits - 2)));
  }

  push(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const n = data.length;
    let p = 0;
    let start = 0; // where the current chunk's bytes begin inside `data`
    while (p < n) {
      const c = this.length;
      if (c < this.minSize) {
        // FastCDC skips hashing below the minimum: no cut can happen there anyway.
        const skip = Math.min(this.minSize - c, n - p);
        p += skip;
        this.length += skip;
        continue;
      }
      const strict = c < this.normalSize;
      const mask = strict ? this.maskStrict : this.maskLoose;
      const end = Math.min(p + ((strict ? this.normalSize : this.maxSize) - c), n);
      const i = scanGear(data, p, end, this.hash, mask);
      const cut = i >= 0;
      const stop = cut ? i : end;
      this.hash = scanHash;
      this.length += stop - p;
      p = stop;
      if (cut || this.length >= this.maxSize) {
        out.push(this.take(data.subarray(start, p)));
        start = p;
      }
    }
    if (start < n) this.pending.push(data.subarray(start, n));
    return out;
  }

  finish(): Buffer[] {
    if (this.length === 0) return [];
    return [this.take(Buffer.alloc(0))];
  }

  /** Completes the current chunk with `tail` (a view into the last pushed buffer) and resets the state. */
  private take(tail: Buffer): Buffer {
    const parts = tail.length > 0 ? [...this.pending, tail] : this.pending;
    const chunk = parts.length === 1 ? parts[0]! : (adjacentView(parts) ?? Buffer.concat(parts));
    this.pending = [];
    this.length = 0;
    this.hash = 0;
    return chunk;
  }
}

/** Chunk id: SHA-256 hex of the plain (uncompressed) content, so identical data dedupes across files and backups. */
export function chunkId(plain: Buffer): string {
  // One-shot: no Hash object per chunk (a third of the hashing time for 4 KiB chunks).
  return hash('sha256', plain, 'hex');
}
