import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportEntryError, ExportSizeMismatchError, type ExportEntry } from './export-entry.js';
import { dir, file, run, sampleEntries, symlink, T, writeArchive } from './export-fixtures.js';
import { paxRecord, splitUstarPath, tarHeader } from './tar-header.js';
import { tarStream } from './tar-stream.js';

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe('tarStream', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'engine-tar-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes an archive GNU tar extracts exactly: bytes, modes, mtimes, owners, links, long and Unicode names', async () => {
    const { entries, contents } = sampleEntries();
    const archive = join(tmp, 'sample.tar');
    await writeArchive(tarStream(entries), archive);
    const bytes = await readFile(archive);
    expect(bytes.length % 512).toBe(0);
    expect(bytes.subarray(-1024).every((b) => b === 0)).toBe(true);

    const out = join(tmp, 'sample');
    await run('mkdir', ['-p', out]);
    await run('tar', ['-x', '-p', '--numeric-owner', '-f', archive, '-C', out]);
    for (const [path, data] of contents) expect((await readFile(join(out, path))).equals(data), path).toBe(true);
    for (const entry of entries) {
      const stat = await lstat(join(out, entry.path));
      expect(stat.mode & 0o7777, entry.path).toBe(entry.type === 'symlink' ? stat.mode & 0o7777 : entry.mode);
      expect(stat.isDirectory() || stat.isFile() || stat.isSymbolicLink()).toBe(true);
      expect(entry.type === 'dir' ? stat.isDirectory() : entry.type === 'file' ? stat.isFile() : stat.isSymbolicLink(), entry.path).toBe(true);
      if (entry.type === 'symlink') expect(await readlink(join(out, entry.path))).toBe(entry.target);
      else expect(Math.floor(stat.mtimeMs / 1000), entry.path).toBe(Math.floor(entry.mtimeMs / 1000));
    }

    // The listing shows owners (PAX uid/gid over 7 octal digits) and sizes.
    const listing = await run('tar', ['-tv', '--numeric-owner', '-f', archive]);
    expect(listing).toMatch(/-rwxr-xr-x 3000000\/2500000 +18 .* bin\/run\.sh/);
    expect(listing).toMatch(/-rw------- 1000\/1000 +100000 .* docs\/random\.bin/);
    expect(listing).toContain(`docs/long-link -> ../${'t'.repeat(150)}/target`);
  });

  it('is read the same by Python tarfile (a second, independent reader)', async () => {
    const { entries, contents } = sampleEntries();
    const archive = join(tmp, 'python.tar');
    await writeArchive(tarStream(entries), archive);
    const script = [
      'import tarfile, json, sys, hashlib',
      'out = []',
      'with tarfile.open(sys.argv[1]) as t:',
      '  for m in t.getmembers():',
      '    data = t.extractfile(m).read() if m.isfile() else b""',
      '    out.append([m.name, m.type.decode(), m.mode, m.mtime, m.uid, m.size, m.linkname, hashlib.sha256(data).hexdigest()])',
      'print(json.dumps(out))',
    ].join('\n');
    const members = JSON.parse(await run('python3', ['-c', script, archive])) as [string, string, number, number, number, number, string, string][];
    expect(members.map((m) => m[0])).toEqual(entries.map((e) => e.path));
    for (const [name, type, mode, mtime, uid, size, linkname] of members) {
      const entry = entries.find((e) => e.path === name)!;
      expect([type, mode, mtime, uid, size, linkname]).toEqual([
        { file: '0', dir: '5', symlink: '2' }[entry.type],
        entry.mode,
        Math.floor(entry.mtimeMs / 1000),
        entry.uid,
        entry.type === 'file' ? entry.size : 0,
        entry.target ?? '',
      ]);
    }
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    for (const [path, data] of contents) expect(members.find((m) => m[0] === path)![7]).toBe(sha(data));
  });

  it('carries mtimes before 1970 and sub-second fractions only through PAX when needed', async () => {
    const old = file('old.txt', Buffer.from('old'), { mtimeMs: -86_400_250 });
    const header = Buffer.from(tarHeader(old, 'old.txt'));
    expect(header.toString('latin1')).toContain(' mtime=-86400.25\n');
    const archive = join(tmp, 'old.tar');
    await writeArchive(tarStream([old]), archive);
    const out = join(tmp, 'old');
    await run('mkdir', ['-p', out]);
    await run('tar', ['-x', '-f', archive, '-C', out]);
    expect((await lstat(join(out, 'old.txt'))).mtimeMs).toBe(-86_400_250);
    // An ordinary entry has no PAX header: one 512-byte block.
    expect(tarHeader(file('a', Buffer.from('x'), { mtimeMs: T + 0.5 }), 'a').length).toBe(512);
  });

  it('refuses content longer or shorter than the declared size instead of writing a corrupt archive', async () => {
    const longer = { ...file('a.txt', Buffer.from('12345')), size: 4 };
    const emitted: Uint8Array[] = [];
    const consume = async (entries: ExportEntry[]) => {
      for await (const part of tarStream(entries)) emitted.push(part);
    };
    await expect(consume([longer])).rejects.toThrow(ExportSizeMismatchError);
    // Nothing past the declared size was emitted, and the end-of-archive blocks never were.
    expect(emitted.reduce((n, p) => n + p.length, 0)).toBeLessThanOrEqual(512 + 4);
    await expect(consume([{ ...file('b.txt', Buffer.from('123')), size: 10 }])).rejects.toThrow(/shorter than its size 10 \(3 bytes\)/);
    await expect(consume([{ ...file('c.txt', Buffer.from('')), size: 1, content: undefined }])).rejects.toThrow(ExportEntryError);
  });

  it('refuses paths that would extract outside the target directory', async () => {
    for (const path of ['../escape', '/absolute', 'a/../../b', 'a//b', './a', '', 'a/.', 'nul\0byte']) {
      await expect(collect(tarStream([file(path, Buffer.from('x'))])), JSON.stringify(path)).rejects.toThrow(ExportEntryError);
    }
    await expect(collect(tarStream([{ ...symlink('l', 'x'), target: undefined }]))).rejects.toThrow(/symlink without target/);
    await expect(collect(tarStream([{ ...dir('d'), mode: -1 }]))).rejects.toThrow(/mode/);
    // A directory path may carry its trailing slash.
    expect((await collect(tarStream([dir('d/')]))).toString('latin1', 0, 2)).toBe('d/');
  });

  it('opens one content source at a time, when its entry is reached', async () => {
    const events: string[] = [];
    const lazy = (path: string): ExportEntry => ({
      ...file(path, Buffer.alloc(40_000)),
      content: async function* () {
        events.push(`open ${path}`);
        yield Buffer.alloc(20_000); // big enough to pass through uncopied
        yield Buffer.alloc(20_000);
        events.push(`done ${path}`);
      },
    });
    const stream = tarStream([lazy('one'), lazy('two')]);
    expect(events).toEqual([]);
    await stream.next(); // the first header, flushed when the first content chunk arrives
    expect(events).toEqual(['open one']);
    await collect(stream);
    expect(events).toEqual(['open one', 'done one', 'open two', 'done two']);
  });
});

describe('tar headers', () => {
  it('splits long ASCII paths into prefix and name, and leaves the rest to PAX', () => {
    expect(splitUstarPath('short')).toEqual({ name: 'short', prefix: '' });
    const long = `${'p'.repeat(150)}/${'n'.repeat(99)}`;
    expect(splitUstarPath(long)).toEqual({ prefix: 'p'.repeat(150), name: 'n'.repeat(99) });
    expect(splitUstarPath(`${'p'.repeat(156)}/n`)).toBeNull(); // prefix too long
    expect(splitUstarPath(`p/${'n'.repeat(101)}`)).toBeNull(); // name too long
    expect(splitUstarPath('ü')).toBeNull(); // not ASCII
    expect(splitUstarPath(`${'d'.repeat(100)}/`)).toBeNull(); // a directory's slash cannot be the split
  });

  it('writes PAX records whose length counts its own digits', () => {
    for (const valueLength of [1, 88, 89, 90, 91, 92, 93, 94, 95, 96, 985, 986, 995]) {
      const record = paxRecord('path', 'v'.repeat(valueLength));
      const declared = Number(record.slice(0, record.indexOf(' ')));
      expect(Buffer.byteLength(record), `value length ${valueLength}`).toBe(declared);
    }
    expect(paxRecord('path', 'ü')).toBe('11 path=ü\n'); // counts bytes: ü is two
  });

  it('moves sizes of 8 GiB and more into PAX (unit test of the 9 GiB case)', () => {
    const size = 9 * 1024 ** 3;
    const header = Buffer.from(tarHeader(file('huge.bin', Buffer.alloc(0), { size }), 'huge.bin'));
    expect(header.length).toBe(3 * 512);
    expect(header.toString('latin1', 156, 157)).toBe('x');
    expect(header.toString('latin1', 512, 1024)).toMatch(new RegExp(`^\\d+ size=${size}\\n`));
    const main = header.subarray(1024);
    expect(main.toString('latin1', 0, 8)).toBe('huge.bin');
    expect(main.toString('latin1', 124, 136)).toBe('00000000000\0');
    // Checksums of both headers are valid.
    for (const block of [header.subarray(0, 512), main]) {
      const stored = parseInt(block.toString('latin1', 148, 154), 8);
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
      expect(stored).toBe(sum);
    }
    // Just under the limit stays in ustar.
    const fits = Buffer.from(tarHeader(file('big.bin', Buffer.alloc(0), { size: 8 * 1024 ** 3 - 1 }), 'big.bin'));
    expect(fits.length).toBe(512);
    expect(fits.toString('latin1', 124, 136)).toBe('77777777777\0');
  });
});
