import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

export type CompressionLevel = 'off' | 'normal' | 'high' | 'max';
/** 'none' = stored raw. Node 20 has no zstd; brotli at low qualities is the fastest good codec it ships. */
export type Codec = 'none' | 'brotli';

/**
 * Brotli quality per policy level, chosen by measurement (README.md): q1 is about as fast as hashing and
 * compresses like zstd -1; q4 gains ~8 % for a third of the speed; q5 is the last step worth its cost
 * (q7/q9 shrink < 2 % more at 2–10x the time).
 */
export const BROTLI_QUALITY: Readonly<Record<Exclude<CompressionLevel, 'off'>, number>> = Object.freeze({
  normal: 1,
  high: 4,
  max: 5,
});

/** Smaller blobs are not worth a codec frame (trees of a few entries, tails of files). */
const MIN_COMPRESSIBLE = 64;
const SAMPLE_SIZE = 32 * 1024;

const brotliCompressAsync = promisify(brotliCompress);

function brotliOptions(quality: number, size: number) {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}

/**
 * Cheap pre-check so incompressible chunks (media, archives, encrypted files) cost almost nothing at any
 * level: q1 on three 32 KiB samples (start, middle, end). Only when no sample shrinks is the chunk
 * declared incompressible; a chunk with any compressible region is compressed in full.
 */
function looksIncompressible(plain: Buffer): boolean {
  if (plain.length <= SAMPLE_SIZE * 4) return false;
  const starts = [0, (plain.length - SAMPLE_SIZE) >> 1, plain.length - SAMPLE_SIZE];
  return starts.every((start) => {
    const sample = plain.subarray(start, start + SAMPLE_SIZE);
    return !worthIt(SAMPLE_SIZE, brotliCompressSync(sample, brotliOptions(1, SAMPLE_SIZE)).length);
  });
}

/**
 * Keep compressed data only when it saves at least 1/64 (~1.6 %): below that, readers would pay brotli's
 * decode time for nothing. This also stores raw whenever compression does not shrink at all.
 */
function worthIt(rawLength: number, compressedLength: number): boolean {
  return compressedLength <= rawLength - Math.max(1, rawLength >> 6);
}

function plan(plain: Buffer, level: CompressionLevel): number | null {
  if (level === 'off' || plain.length < MIN_COMPRESSIBLE) return null;
  const quality = BROTLI_QUALITY[level];
  if (quality === undefined) throw new RangeError(`unknown compression level ${String(level)}`);
  return looksIncompressible(plain) ? null : quality;
}

export function compressBlob(plain: Buffer, level: CompressionLevel): { codec: Codec; data: Buffer } {
  const quality = plan(plain, level);
  if (quality === null) return { codec: 'none', data: plain };
  const data = brotliCompressSync(plain, brotliOptions(quality, plain.length));
  return worthIt(plain.length, data.length) ? { codec: 'brotli', data } : { codec: 'none', data: plain };
}

/**
 * Same result as compressBlob, but the brotli work runs on libuv's thread pool: the server compresses a
 * pack's blobs in parallel on both cores and its event loop stays responsive.
 */
export async function compressBlobAsync(plain: Buffer, level: CompressionLevel): Promise<{ codec: Codec; data: Buffer }> {
  const quality = plan(plain, level);
  if (quality === null) return { codec: 'none', data: plain };
  const data = await brotliCompressAsync(plain, brotliOptions(quality, plain.length));
  return worthIt(plain.length, data.length) ? { codec: 'brotli', data } : { codec: 'none', data: plain };
}

/** Throws when the data is corrupt or does not decode to exactly `rawLength` bytes. */
export function decompressBlob(codec: Codec, data: Buffer, rawLength: number): Buffer {
  let plain: Buffer;
  if (codec === 'none') plain = data;
  else if (codec === 'brotli') {
    // maxOutputLength bounds the work and memory a corrupt or hostile frame can cause.
    plain = brotliDecompressSync(data, { maxOutputLength: Math.max(rawLength, 1) });
  } else throw new RangeError(`unknown codec ${String(codec)}`);
  if (plain.length !== rawLength) {
    throw new RangeError(`blob decoded to ${plain.length} bytes, expected ${rawLength}`);
  }
  return plain;
}
