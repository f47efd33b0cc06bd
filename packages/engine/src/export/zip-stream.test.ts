import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import { ExportEntryError, ExportSizeMismatchError, type ExportEntry } from './export-entry.js';
import { file, run, sampleEntries, writeArchive } from './export-fixtures.js';
import { zipStream, zipStreamWithLimits } from './zip-stream.js';

interface PyEntry {
  name: string;
  size: number;
  crc: number;
  mode: number;
  dos: number;
  date_time: number[];
  flags: number;
  extras: number[];
  sha: string;
  create_system: number;
}

/** Python's zipfile: testzip (every CRC), then every member's metadata, central extras and content hash. */
async function inspect(archive: string): Promise<{ bad: string | null; entries: PyEntry[] }> {
  const script = [
    'import zipfile, json, sys, hashlib',
    'z = zipfile.ZipFile(sys.argv[1])',
    'out = {"bad": z.testzip(), "entries": []}',
    'for i in z.infolist():',
    '  e, k, extras = i.extra, 0, []',
    '  while k + 4 <= len(e):',
    '    extras.append(int.from_bytes(e[k:k+2], "little")); k += 4 + int.from_bytes(e[k+2:k+4], "little")',
    '  out["entries"].append({"name": i.filename, "size": i.file_size, "crc": i.CRC, "mode": i.external_attr >> 16,',
    '    "dos": i.external_attr & 0xffff, "date_time": list(i.date_time), "flags": i.flag_bits, "extras": extras,',
    '    "sha": hashlib.sha256(z.read(i)).hexdigest(), "create_system": i.create_system})',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(await run('python3', ['-c', script, archive])) as { bad: string | null; entries: PyEntry[] };
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const TYPE_BITS = { file: 0o100000, dir: 0o040000, symlink: 0o120000 } as const;

function expectedDosTime(mtimeMs: number): number[] {
  const d = new Date(mtimeMs);
  if (d.getFullYear() < 1980) return [1980, 1, 1, 0, 0, 0];
  return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds() - (d.getSeconds() % 2)];
}

describe('zipStream', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'engine-zip-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  async function checkWithPython(entries: ExportEntry[], contents: Map<string, Buffer>, archive: string, zip64: 'never' | 'some') {
    expect(await run('python3', ['-m', 'zipfile', '-t', archive])).toContain('Done testing');
    const { bad, entries: found } = await inspect(archive);
    expect(bad).toBeNull();
    expect(found.map((e) => e.name)).toEqual(entries.map((e) => (e.type === 'dir' ? `${e.path}/` : e.path)));
    for (const entry of entries) {
      const py = found.find((f) => f.name === (entry.type === 'dir' ? `${entry.path}/` : entry.path))!;
      const data = entry.type === 'symlink' ? Buffer.from(entry.target!) : (contents.get(entry.path) ?? Buffer.alloc(0));
      expect(py, entry.path).toMatchObject({ size: data.length, crc: crc32(data), sha: sha(data), mode: TYPE_BITS[entry.type] | entry.mode, create_system: 3 });
      expect(py.dos, entry.path).toBe(entry.type === 'dir' ? 0x10 : 0);
      expect(py.flags & 0x800, 'UTF-8 flag').toBe(0x800);
      expect(py.flags & 0x8, 'data descriptor').toBe(entry.type === 'file' ? 0x8 : 0);
      expect(py.date_time, entry.path).toEqual(expectedDosTime(entry.mtimeMs));
      expect(py.extras).toContain(0x5455);
      if (zip64 === 'never') expect(py.extras).not.toContain(0x0001);
    }
    return found;
  }

  it('writes a ZIP that Python reads back exactly: CRCs, sizes, modes, times, UTF-8 names, no ZIP64', async () => {
    const { entries, contents } = sampleEntries();
    const archive = join(tmp, 'sample.zip');
    await writeArchive(zipStream(entries), archive);
    await checkWithPython(entries, contents, archive, 'never');
    const bytes = await readFile(archive);
    expect(bytes.includes(Buffer.from('PK\x06\x06', 'latin1'))).toBe(false); // no ZIP64 end record
  });

  // npm test installs Info-ZIP unzip when it is missing (scripts/test.mjs).
  it('extracts with Info-ZIP unzip: bytes, permissions, mtimes and real symlinks', async () => {
    const { entries, contents } = sampleEntries();
    const archive = join(tmp, 'unzip.zip');
    await writeArchive(zipStream(entries), archive);
    expect(await run('unzip', ['-t', archive])).toContain('No errors detected');
    const out = join(tmp, 'unzip');
    await run('unzip', ['-q', archive, '-d', out]);
    // unzip drops control characters from names when it extracts (new\nline.txt becomes newline.txt).
    const plain = (path: string) => !/[\x00-\x1f]/.test(path);
    for (const [path, data] of contents) if (plain(path)) expect((await readFile(join(out, path))).equals(data), path).toBe(true);
    expect((await readFile(join(out, 'odd names/newline.txt'))).toString()).toBe('newline');
    for (const entry of entries.filter((e) => plain(e.path))) {
      const stat = await lstat(join(out, entry.path));
      if (entry.type === 'symlink') {
        expect(stat.isSymbolicLink(), entry.path).toBe(true);
        expect(await readlink(join(out, entry.path))).toBe(entry.target);
        continue;
      }
      expect(entry.type === 'dir' ? stat.isDirectory() : stat.isFile(), entry.path).toBe(true);
      expect(stat.mode & 0o777, entry.path).toBe(entry.mode & 0o777);
      // The extended-timestamp field carries the exact second (DOS time has two-second steps).
      if (entry.type === 'file') expect(Math.floor(stat.mtimeMs / 1000), entry.path).toBe(Math.floor(entry.mtimeMs / 1000));
    }
  });

  it('writes ZIP64 sizes, offsets and end records exactly where the values overflow (lowered limits)', async () => {
    const { entries, contents } = sampleEntries();
    const archive = join(tmp, 'zip64.zip');
    // Entries of 100 bytes or more, offsets past 1000 and 5+ entries count as "overflowing".
    await writeArchive(zipStreamWithLimits(entries, { size: 100, offset: 1000, count: 5 }), archive);
    const found = await checkWithPython(entries, contents, archive, 'some');
    const random = found.find((f) => f.name === 'docs/random.bin')!;
    expect(random.extras).toContain(0x0001);
    expect(found.find((f) => f.name === 'docs/')!.extras).not.toContain(0x0001); // offset 0, size 0
    expect(found.at(-1)!.extras).toContain(0x0001); // far past offset 1000
    expect((await readFile(archive)).includes(Buffer.from('PK\x06\x06', 'latin1'))).toBe(true);
    expect(await run('unzip', ['-t', archive])).toContain('No errors detected');
  });

  it('keeps a central directory of many entries (over several pages) intact', async () => {
    const count = 6_000; // ~1.5 MB of central directory: past the 64 KiB first page and a 1 MiB page
    const long = 'n'.repeat(200);
    const entries = Array.from({ length: count }, (_, i) => file(`many/${long}-${String(i).padStart(5, '0')}`, Buffer.from(String(i))));
    const archive = join(tmp, 'many.zip');
    await writeArchive(zipStream(entries), archive);
    const script = 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); n=z.namelist(); print(len(n), n[-1][-5:], z.read(n[4321]).decode(), z.testzip())';
    expect((await run('python3', ['-c', script, archive])).trim()).toBe(`${count} 05999 4321 None`);
  });

  it('refuses content of the wrong size and unsafe paths', async () => {
    const drain = async (stream: AsyncIterable<Uint8Array>) => {
      for await (const _ of stream);
    };
    await expect(drain(zipStream([{ ...file('a', Buffer.from('12345')), size: 4 }]))).rejects.toThrow(ExportSizeMismatchError);
    await expect(drain(zipStream([{ ...file('a', Buffer.from('1')), size: 2 }]))).rejects.toThrow(ExportSizeMismatchError);
    await expect(drain(zipStream([file('../a', Buffer.from('1'))]))).rejects.toThrow(ExportEntryError);
  });

  it('writes an empty archive', async () => {
    const archive = join(tmp, 'empty.zip');
    await writeArchive(zipStream([]), archive);
    expect((await readFile(archive)).length).toBe(22);
    expect((await inspect(archive)).entries).toEqual([]);
  });
});
