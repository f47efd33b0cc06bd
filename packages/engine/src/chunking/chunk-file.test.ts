import { appendFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudoRandomBytes } from '../testing/test-data.js';
import { chunkFile } from './chunk-file.js';
import { Chunker, chunkId, DEFAULT_CHUNKING } from './chunker.js';

describe('chunkFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engine-chunk-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields exactly what a Chunker yields on the same bytes', async () => {
    // Not a multiple of the 4 MiB read size, so the last read is short.
    const data = pseudoRandomBytes(21 * 1024 * 1024 + 12345, 3);
    const path = join(dir, 'random.bin');
    await writeFile(path, data);
    const fromFile: string[] = [];
    for await (const chunk of chunkFile(path)) fromFile.push(chunkId(chunk));
    const chunker = new Chunker();
    const direct = [...chunker.push(data), ...chunker.finish()].map(chunkId);
    expect(fromFile).toEqual(direct);
    expect(fromFile.length).toBeGreaterThan(10);
  });

  it('yields nothing for an empty file and one chunk for a small one', async () => {
    await writeFile(join(dir, 'empty'), '');
    await writeFile(join(dir, 'small'), 'small content');
    const all = async (p: string) => {
      const out: Buffer[] = [];
      for await (const c of chunkFile(join(dir, p))) out.push(c);
      return out;
    };
    expect(await all('empty')).toEqual([]);
    expect((await all('small')).map(String)).toEqual(['small content']);
  });

  it('does not pin a large read window behind the chunks of a small file', async () => {
    await writeFile(join(dir, 'hundred'), Buffer.alloc(100, 1));
    await writeFile(join(dir, 'medium'), pseudoRandomBytes(300_000, 4));
    for (const [name, size] of [['hundred', 100], ['medium', 300_000]] as const) {
      const chunks: Buffer[] = [];
      for await (const c of chunkFile(join(dir, name))) chunks.push(c);
      expect(chunks.map((c) => c.length)).toEqual([size]);
      expect(chunks[0]!.buffer.byteLength).toBeLessThanOrEqual(Math.max(size + 1, 8192));
    }
  });

  it('reads a file that grows after it was opened, past the size seen at open', async () => {
    const path = join(dir, 'growing');
    const first = pseudoRandomBytes(20 * 1024 * 1024, 5);
    const more = pseudoRandomBytes(200_000, 6);
    await writeFile(path, first);
    const chunks: Buffer[] = [];
    let grown = false;
    // The first chunks come out of the first 4 MiB read; the generator is suspended (at most one read ahead)
    // while the file grows, long before it reaches the old end.
    for await (const chunk of chunkFile(path)) {
      chunks.push(chunk);
      if (!grown) {
        grown = true;
        await appendFile(path, more);
      }
    }
    expect(Buffer.concat(chunks).equals(Buffer.concat([first, more]))).toBe(true);
  });

  it('closes the file cleanly when the consumer stops early (a read may be in flight)', async () => {
    const path = join(dir, 'early-stop.bin');
    await writeFile(path, pseudoRandomBytes(12 * 1024 * 1024, 8));
    let seen = 0;
    for await (const chunk of chunkFile(path)) {
      seen += chunk.length;
      break;
    }
    expect(seen).toBeGreaterThan(0);
    await rm(path); // would fail on some systems, and leak a descriptor everywhere, if the handle stayed open
  });

  it('rejects a missing file', async () => {
    const gen = chunkFile(join(dir, 'nope'));
    await expect(gen.next()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  // SLOW (the engine's slowest test: ~10 s on an idle machine, up to ~50 s when other work loads the CPUs):
  // 5 GiB of zeros are really read, chunked and hashed, and a fresh sparse file's holes must first be
  // zero-filled into the page cache by the kernel. Hence its own timeout.
  it('[slow] streams a sparse 5 GiB file in constant memory; zero chunks dedupe to very few ids', async () => {
    const size = 5 * 1024 ** 3 + 4097; // past 4 GiB and not aligned, to exercise 64-bit positions and the tail
    const path = join(dir, 'sparse.bin');
    await writeFile(path, '');
    await truncate(path, size);
    const ids = new Set<string>();
    let total = 0;
    let count = 0;
    let peak = 0;
    const baseline = process.memoryUsage().arrayBuffers;
    for await (const chunk of chunkFile(path)) {
      expect(chunk.length).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxSize);
      total += chunk.length;
      count++;
      ids.add(chunkId(chunk));
      if (count % 16 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
    }
    expect(total).toBe(size);
    expect(count).toBeGreaterThan(600);
    expect(ids.size).toBeLessThanOrEqual(3);
    // Buffers awaiting GC are counted too, so the bound is loose; a non-streaming reader would need 5 GiB.
    expect(peak).toBeLessThan(512 * 1024 * 1024);
  }, 240_000);
});
