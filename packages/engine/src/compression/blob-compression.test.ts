import { describe, expect, it } from 'vitest';
import { compressibleBytes, pseudoRandomBytes } from '../testing/test-data.js';
import { BROTLI_QUALITY, compressBlob, compressBlobAsync, decompressBlob, type CompressionLevel } from './blob-compression.js';

const LEVELS: CompressionLevel[] = ['off', 'normal', 'high', 'max'];

describe('blob compression', () => {
  const text = compressibleBytes(1024 * 1024, 4);
  const random = pseudoRandomBytes(1024 * 1024, 4);

  it.each(LEVELS)('round-trips compressible data at level %s', async (level) => {
    const sync = compressBlob(text, level);
    expect(decompressBlob(sync.codec, sync.data, text.length).equals(text)).toBe(true);
    const async = await compressBlobAsync(text, level);
    expect(async.codec).toBe(sync.codec);
    expect(decompressBlob(async.codec, async.data, text.length).equals(text)).toBe(true);
    if (level === 'off') expect(sync.codec).toBe('none');
    else {
      expect(sync.codec).toBe('brotli');
      expect(sync.data.length).toBeLessThan(text.length / 3);
    }
  });

  it('compresses harder at higher levels', () => {
    const sizes = (['normal', 'high', 'max'] as const).map((level) => compressBlob(text, level).data.length);
    expect(sizes[1]!).toBeLessThanOrEqual(sizes[0]!);
    expect(sizes[2]!).toBeLessThanOrEqual(sizes[1]!);
    expect(BROTLI_QUALITY).toEqual({ normal: 1, high: 4, max: 5 });
  });

  it.each(LEVELS)('stores incompressible data raw at level %s', async (level) => {
    const { codec, data } = compressBlob(random, level);
    expect(codec).toBe('none');
    expect(data.equals(random)).toBe(true);
    expect((await compressBlobAsync(random, level)).codec).toBe('none');
  });

  it('stores raw when the saving is negligible, and tiny blobs raw', () => {
    // 1 MiB random with a small compressible run: brotli shrinks it by well under 1/64.
    const mostlyRandom = Buffer.concat([pseudoRandomBytes(1024 * 1024 - 4096, 8), Buffer.alloc(4096)]);
    expect(compressBlob(mostlyRandom, 'normal').codec).toBe('none');
    expect(compressBlob(Buffer.from('tiny'), 'max').codec).toBe('none');
    expect(compressBlob(Buffer.alloc(0), 'normal')).toEqual({ codec: 'none', data: Buffer.alloc(0) });
  });

  it('compresses a chunk that is random except in its middle (the sampling does not miss it)', () => {
    const mixed = Buffer.concat([pseudoRandomBytes(256 * 1024, 9), compressibleBytes(1024 * 1024, 9), pseudoRandomBytes(256 * 1024, 10)]);
    const { codec, data } = compressBlob(mixed, 'high');
    expect(codec).toBe('brotli');
    expect(decompressBlob(codec, data, mixed.length).equals(mixed)).toBe(true);
  });

  it('refuses wrong lengths and unknown codecs', () => {
    const { data } = compressBlob(text, 'normal');
    const flipped = Buffer.from(data);
    flipped[flipped.length >> 1]! ^= 0xff;
    // Brotli has no checksum: a flip may decode to other bytes, which is why the repository re-hashes.
    let decoded: Buffer | null = null;
    try {
      decoded = decompressBlob('brotli', flipped, text.length);
    } catch {
      decoded = null;
    }
    expect(decoded === null || !decoded.equals(text)).toBe(true);
    expect(() => decompressBlob('brotli', data, text.length - 1)).toThrow();
    expect(() => decompressBlob('brotli', data, text.length + 1)).toThrow(RangeError);
    expect(() => decompressBlob('none', random, random.length + 1)).toThrow(RangeError);
    expect(() => decompressBlob('zstd' as never, data, text.length)).toThrow(RangeError);
  });
});
