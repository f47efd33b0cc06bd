import { describe, expect, it } from 'vitest';
import { pseudoRandomBytes } from '../testing/test-data.js';
import type { ExportEntry } from './export-entry.js';
import { dir, run, T } from './export-fixtures.js';
import { tarStream } from './tar-stream.js';

const GiB = 1024 ** 3;

/** `size` bytes generated on the fly by repeating one 1 MiB buffer: nothing big is ever held. */
function generated(path: string, size: number): ExportEntry {
  const block = pseudoRandomBytes(1 << 20, 11);
  return {
    path,
    type: 'file',
    mode: 0o644,
    mtimeMs: T,
    uid: 0,
    gid: 0,
    size,
    content: async function* () {
      for (let left = size; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
    },
  };
}

describe('tarStream with a large file', () => {
  // 9 GiB (~6 s here): past 8 GiB the size only fits a PAX record, so this checks that path with GNU tar too.
  it('streams 9 GiB through tar -t in constant memory, its size in a PAX header', async () => {
    const size = 9 * GiB + 12_345; // not a block multiple: the padding must be right for tar to find the next header
    const before = process.memoryUsage().rss;
    let peak = before;
    const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
    try {
      const listing = await run('tar', ['-tv', '-f', '-'], tarStream([dir('big'), generated('big/data.bin', size), generated('big/after.txt', 3)]));
      expect(listing).toMatch(new RegExp(`${size} .* big/data\\.bin`));
      expect(listing).toMatch(/ 3 .* big\/after\.txt/);
    } finally {
      clearInterval(watch);
    }
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  });
});
