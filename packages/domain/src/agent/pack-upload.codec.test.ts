import { describe, expect, it } from 'vitest';
import { decodePackUpload, encodePackUpload, PackUploadFormatError } from './pack-upload.codec';

const id = (c: string) => c.repeat(64);

describe('pack upload codec', () => {
  it('round-trips blobs of any length, including empty ones', () => {
    const blobs = [
      { id: id('a'), type: 'data' as const, data: new Uint8Array([1, 2, 3]) },
      { id: id('b'), type: 'tree' as const, data: new Uint8Array() },
      { id: id('c'), type: 'data' as const, data: new Uint8Array(100_000).fill(7) },
    ];
    const decoded = decodePackUpload(encodePackUpload(blobs));
    expect(decoded.map((b) => [b.id, b.type, b.data.length])).toEqual([
      [id('a'), 'data', 3],
      [id('b'), 'tree', 0],
      [id('c'), 'data', 100_000],
    ]);
    expect([...decoded[0]!.data]).toEqual([1, 2, 3]);
  });

  it('refuses bad magic, truncation, lies about lengths and trailing bytes', () => {
    const good = encodePackUpload([{ id: id('a'), type: 'data', data: new Uint8Array([1, 2, 3]) }]);
    const bad = [new Uint8Array([1, 2, 3]), good.subarray(0, good.length - 1), new Uint8Array([...good, 9])];
    for (const b of bad) expect(() => decodePackUpload(b)).toThrow(PackUploadFormatError);
    const wrongId = encodePackUpload([{ id: 'nothex', type: 'data', data: new Uint8Array() }]);
    expect(() => decodePackUpload(wrongId)).toThrow(/Bad blob id/);
  });
});
