import { describe, expect, it } from 'vitest';
import { sortPositionsByKey } from './radix-sort.js';

describe('sortPositionsByKey', () => {
  it('orders like a stable comparator sort, negatives, zeros, fractions and huge values included', () => {
    let x = 7;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const pool = [0, -0, 1, -1, 0.5, -0.25, 2 ** 53 - 1, -(2 ** 52), 1_700_000_000_123.25, 1e-300, -1e-300, 4096, 4096];
    for (const n of [0, 1, 2, 17, 1000, 30_000]) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = next() % 3 === 0 ? pool[next() % pool.length]! : (next() % 2000) - 1000 + (next() % 4) / 4;
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
      expect(Array.from(sortPositionsByKey(keys)), `n=${n}`).toEqual(expected);
    }
  });

  it('keeps position order when every key is equal (all passes skipped)', () => {
    expect(Array.from(sortPositionsByKey(new Float64Array([5, 5, 5, 5])))).toEqual([0, 1, 2, 3]);
  });
});
