import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.js';

async function* from(pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* pieces;
}

describe('coalesce', () => {
  it('gathers small pieces, passes big ones through as the same object, and keeps every byte in order', async () => {
    const big = new Uint8Array(50).fill(9);
    const quarter = new Uint8Array(4).fill(7); // size / 4 counts as big
    const pieces = [Uint8Array.of(1, 2), Uint8Array.of(3), big, Uint8Array.of(4, 5, 6), quarter, Uint8Array.of(8), ...Array.from({ length: 8 }, () => Uint8Array.of(1, 2, 3))];
    const out: Uint8Array[] = [];
    for await (const chunk of coalesce(from(pieces), 16)) out.push(chunk);
    expect(out.map((c) => c.length)).toEqual([3, 50, 3, 4, 16, 9]);
    expect(out[1]).toBe(big);
    expect(out[3]).toBe(quarter);
    expect(Buffer.concat(out)).toEqual(Buffer.concat(pieces));
  });

  it('never writes into a buffer it has already yielded', async () => {
    const out: Uint8Array[] = [];
    for await (const chunk of coalesce(from(Array.from({ length: 10 }, (_, i) => new Uint8Array(3).fill(i))), 8)) out.push(chunk);
    expect(Array.from(Buffer.concat(out))).toEqual(Array.from({ length: 30 }, (_, k) => Math.floor(k / 3)));
  });
});
