import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pseudoRandomBytes } from '../testing/test-data.js';
import { crc32 } from './crc32.js';

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('is the same in one piece or continued over pieces of any length', () => {
    const data = pseudoRandomBytes(100_003, 9);
    const whole = crc32(data);
    for (const step of [1, 7, 8, 9, 4096, 65_537]) {
      let crc = 0;
      for (let at = 0; at < data.length; at += step) crc = crc32(data.subarray(at, at + step), crc);
      expect(crc, `step ${step}`).toBe(whole);
    }
    // Node ≥ 20.15 ships zlib.crc32: an independent implementation to compare with.
    const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    if (native !== undefined) expect(whole).toBe(native(data));
  });
});
