import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pseudoRandomBytes } from '../testing/test-data.js';
import { Chunker, chunkId, DEFAULT_CHUNKING, GEAR, type ChunkingOptions } from './chunker.js';

function chunkAll(data: Buffer, opts?: Partial<ChunkingOptions>, pieceSize = 4 * 1024 * 1024): Buffer[] {
  const chunker = new Chunker(opts);
  const out: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += pieceSize) out.push(...chunker.push(data.subarray(offset, offset + pieceSize)));
  out.push(...chunker.finish());
  return out;
}

const ids = (chunks: Buffer[]) => chunks.map(chunkId);
const SMALL = { minSize: 2048, avgSize: 8192, maxSize: 65536 };

describe('Chunker', () => {
  const data = pseudoRandomBytes(48 * 1024 * 1024, 11);
  const defaultChunks = chunkAll(data);

  it('uses restic-like defaults', () => {
    expect(DEFAULT_CHUNKING).toEqual({ minSize: 512 * 1024, avgSize: 1024 * 1024, maxSize: 8 * 1024 * 1024 });
  });

  it('reassembles to the input exactly', () => {
    expect(Buffer.concat(defaultChunks).equals(data)).toBe(true);
  });

  it('cuts the same boundaries whatever the push sizes (content-defined, not read-defined)', () => {
    const reference = ids(defaultChunks);
    expect(ids(chunkAll(data, undefined, 1_000_003))).toEqual(reference);
    expect(ids(chunkAll(data, undefined, 64 * 1024 * 1024))).toEqual(reference);
    const small = data.subarray(0, 2 * 1024 * 1024);
    expect(ids(chunkAll(small, SMALL, 7))).toEqual(ids(chunkAll(small, SMALL, 1 << 20)));
  });

  it('is deterministic across instances and fixed across versions', () => {
    expect(ids(chunkAll(data))).toEqual(ids(defaultChunks));
    // Pin the boundaries of this input: a change to the gear table or masks would break dedup with
    // everything already stored, so it must be a deliberate, visible decision.
    const sizes = chunkAll(pseudoRandomBytes(4 * 1024 * 1024, 5)).map((c) => c.length);
    const digest = createHash('sha256').update(sizes.join(',')).digest('hex').slice(0, 16);
    expect({ count: sizes.length, digest }).toMatchInlineSnapshot(`
      {
        "count": 5,
        "digest": "5c37bc64fb88dc66",
      }
    `);
  });

  it('shifts only the first chunk or two when bytes are inserted at the start', () => {
    const before = ids(defaultChunks);
    const shifted = ids(chunkAll(Buffer.concat([Buffer.from('a few inserted bytes'), data])));
    const kept = shifted.filter((id) => before.includes(id)).length;
    expect(before.length).toBeGreaterThan(30);
    expect(kept).toBeGreaterThanOrEqual(before.length - 2);
    // And an insertion in the middle disturbs only the chunks around it.
    const middle = 24 * 1024 * 1024;
    const edited = ids(chunkAll(Buffer.concat([data.subarray(0, middle), Buffer.from('edit'), data.subarray(middle)])));
    expect(edited.filter((id) => !before.includes(id)).length).toBeLessThanOrEqual(2);
  });

  it('respects min and max sizes (only the last chunk may be short)', () => {
    for (const chunks of [defaultChunks, chunkAll(data.subarray(0, 4 * 1024 * 1024), SMALL)]) {
      const opts = chunks === defaultChunks ? DEFAULT_CHUNKING : SMALL;
      chunks.slice(0, -1).forEach((c) => {
        expect(c.length).toBeGreaterThanOrEqual(opts.minSize);
        expect(c.length).toBeLessThanOrEqual(opts.maxSize);
      });
      expect(chunks.at(-1)!.length).toBeLessThanOrEqual(opts.maxSize);
    }
    // A constant run settles the hash on -GEAR[b]; pick a byte whose settled hash never matches a mask,
    // so the data has no cut point at all and must be cut at exactly maxSize.
    const settlesOff = (b: number) => (-GEAR[b]! & (0xffffffff << (32 - 15))) !== 0 && (-GEAR[b]! & (0xffffffff << (32 - 11))) !== 0;
    const b = [...Array(256).keys()].find(settlesOff)!;
    const flat = chunkAll(Buffer.alloc(200_000, b), SMALL);
    expect(flat.map((c) => c.length)).toEqual([65536, 65536, 65536, 200_000 - 3 * 65536]);
  });

  it('averages near the target size on random data', () => {
    const mean = (chunks: Buffer[]) => chunks.reduce((sum, c) => sum + c.length, 0) / chunks.length;
    const avgDefault = mean(defaultChunks.slice(0, -1));
    expect(avgDefault).toBeGreaterThan(0.85 * DEFAULT_CHUNKING.avgSize);
    expect(avgDefault).toBeLessThan(1.15 * DEFAULT_CHUNKING.avgSize);
    const small = chunkAll(data.subarray(0, 16 * 1024 * 1024), SMALL);
    expect(small.length).toBeGreaterThan(1000);
    const avgSmall = mean(small.slice(0, -1));
    expect(avgSmall).toBeGreaterThan(0.9 * SMALL.avgSize);
    expect(avgSmall).toBeLessThan(1.1 * SMALL.avgSize);
  });

  it('handles empty input and a stream shorter than the minimum', () => {
    expect(chunkAll(Buffer.alloc(0))).toEqual([]);
    const tiny = chunkAll(Buffer.from('tiny file'));
    expect(tiny.map((c) => c.toString())).toEqual(['tiny file']);
    const chunker = new Chunker();
    expect(chunker.push(Buffer.alloc(0))).toEqual([]);
    expect(chunker.finish()).toEqual([]);
  });

  it('refuses inconsistent sizes', () => {
    expect(() => new Chunker({ minSize: 1024, avgSize: 512, maxSize: 4096 })).toThrow(RangeError);
    expect(() => new Chunker({ maxSize: 1024 })).toThrow(RangeError);
  });

  it('chunkId is the SHA-256 hex of the plain bytes', () => {
    expect(chunkId(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
