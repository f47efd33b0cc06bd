import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pseudoRandomBytes } from '../testing/test-data.js';
import type { ExportEntry } from './export-entry.js';
import { file, run, T, writeArchive } from './export-fixtures.js';
import { zipStream } from './zip-stream.js';

/**
 * Real ZIP64 archives: a 4 GiB + 1 file followed by a file past the 4 GiB offset (4.3 GB written to the temp
 * directory and re-read by both readers, ~30 s on this VM), and 70 000 entries (~20 s under load). They run
 * only with ENGINE_LARGE_TESTS=1; the lowered-limit test in zip-stream.test.ts covers the same records on
 * every run.
 */
describe.runIf(process.env.ENGINE_LARGE_TESTS === '1')('zipStream past 4 GiB', () => {
  it('writes ZIP64 sizes and offsets that Python and unzip verify', { timeout: 300_000 }, async () => {
    const block = pseudoRandomBytes(1 << 20, 12);
    const size = 4 * 1024 ** 3 + 1;
    const big: ExportEntry = {
      path: 'big.bin',
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
    const after: ExportEntry = { ...big, path: 'after.txt', size: 5, content: async function* () { yield Buffer.from('after'); } };
    const dir = await mkdtemp(join(tmpdir(), 'engine-zip-large-'));
    try {
      const archive = join(dir, 'large.zip');
      await writeArchive(zipStream([big, after]), archive);
      expect((await stat(archive)).size).toBeGreaterThan(size);
      expect(await run('python3', ['-m', 'zipfile', '-t', archive])).toContain('Done testing');
      const listing = await run('python3', ['-c', 'import zipfile,sys; print([(i.filename, i.file_size, i.header_offset) for i in zipfile.ZipFile(sys.argv[1]).infolist()])', archive]);
      expect(listing).toContain(`('big.bin', ${size}, 0)`);
      expect(listing).toMatch(/\('after\.txt', 5, 4294967\d{3}\)/);
      expect(await run('unzip', ['-t', archive])).toContain('No errors detected');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes the ZIP64 end record for more than 65 535 entries', { timeout: 120_000 }, async () => {
    const count = 70_000;
    const entries = Array.from({ length: count }, (_, i) => file(`many/file-${String(i).padStart(6, '0')}.txt`, Buffer.from(String(i))));
    const dir = await mkdtemp(join(tmpdir(), 'engine-zip-many-'));
    try {
      const archive = join(dir, 'many.zip');
      await writeArchive(zipStream(entries), archive);
      const script = 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); n=z.namelist(); print(len(n), n[0], n[-1], z.read(n[12345]).decode(), z.testzip())';
      expect((await run('python3', ['-c', script, archive])).trim()).toBe(`${count} many/file-000000.txt many/file-069999.txt 12345 None`);
      expect((await readFile(archive)).includes(Buffer.from('PK\x06\x06', 'latin1'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
