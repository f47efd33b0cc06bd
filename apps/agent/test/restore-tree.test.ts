import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeRestoreServer, type FakeRestoreServer } from './support/fake-restore-server';
import { BACKUP_MTIME, BackupBuilder, itemsIn, listTree, restoreJob, runRestore, tempLeftovers } from './support/restore-fixtures';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeRestoreServer;
let b: BackupBuilder;
let root = '';
beforeEach(async () => {
  server = await startFakeRestoreServer();
  b = new BackupBuilder(server, 4096);
  root = tempDir('restore-root-');
});
afterEach(() => server.close());
afterAll(removeTempDirs);

const INVALID_NAME = Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x62, 0x69, 0x6e]); // "bad\xff\xfe.bin"
const asRoot = process.getuid?.() === 0;

function completed(outcome: Awaited<ReturnType<typeof runRestore>>['outcome']) {
  if (outcome.status === 'failed') throw new Error(`restore failed: ${outcome.error}`);
  return outcome.summary;
}

describe('restore job: a whole tree', () => {
  it('restores nesting, links, empties, odd names and hard links with their mode, mtime and owner', async () => {
    const big = randomBytes(300 * 1024);
    const shared = randomBytes(20_000);
    const deepMtime = Date.UTC(2020, 0, 1, 0, 0, 0, 125);
    const tree = [
      b.dir('a', [b.dir('b', [b.dir('c', [b.file('deep.txt', 'deep', { mtimeMs: deepMtime })])]), b.file('top.txt', 'top')], { mode: 0o750 }),
      b.file('empty.txt', ''),
      b.dir('empty-dir', [], { mode: 0o700 }),
      b.file('big.bin', big, { mode: 0o600, uid: 1234, gid: 2345 }),
      b.file('script.sh', '#!/bin/sh\necho hi\n', { mode: 0o4755 }),
      b.symlink('link-inside', 'a/b'),
      b.symlink('link-outside', '/etc/passwd'),
      b.file('résumé 日本.txt', 'unicode'),
      b.file('line\nbreak.txt', 'newline'),
      b.file(' lead & trail ', 'spaces'),
      b.file('-rf', 'dash'),
      b.file('bad\ufffd\ufffd.bin', 'invalid utf-8', { rawName: INVALID_NAME.toString('base64') }),
      b.file('hard-1.bin', shared, { linkGroup: 7 }),
      b.dir('h', [b.file('hard-2.bin', shared, { linkGroup: 7 }), b.file('hard-3.bin', shared, { linkGroup: 7 })]),
    ];
    const job = restoreJob(server, itemsIn('/', tree));
    const { outcome, logs } = await runRestore(server, job, root);
    const summary = completed(outcome);

    expect(summary).toEqual({
      restoredFiles: 15,
      restoredDirs: 5,
      // Logical bytes: each name of a hard-linked file counts.
      restoredBytes: 4 + 3 + big.length + 18 + 7 + 7 + 6 + 4 + 13 + 3 * shared.length,
      skippedCount: 0,
      failedCount: 0,
      skipped: [],
      failed: [],
    });
    const at = (p: string) => path.join(root, p);
    expect(readFileSync(at('a/b/c/deep.txt'), 'utf8')).toBe('deep');
    expect(readFileSync(at('a/top.txt'), 'utf8')).toBe('top');
    expect(readFileSync(at('big.bin')).equals(big)).toBe(true);
    expect(statSync(at('empty.txt')).size).toBe(0);
    expect(listTree(at('empty-dir'))).toEqual([]);
    expect(readlinkSync(at('link-inside'))).toBe('a/b');
    expect(readlinkSync(at('link-outside'))).toBe('/etc/passwd');
    expect(readFileSync(at('résumé 日本.txt'), 'utf8')).toBe('unicode');
    expect(readFileSync(at('line\nbreak.txt'), 'utf8')).toBe('newline');
    expect(readFileSync(at(' lead & trail '), 'utf8')).toBe('spaces');
    expect(readFileSync(at('-rf'), 'utf8')).toBe('dash');
    expect(readFileSync(Buffer.concat([Buffer.from(`${root}/`), INVALID_NAME]), 'utf8')).toBe('invalid utf-8');

    // Modes (with set-user-ID), mtimes to the millisecond, and folders' mtimes after their content.
    expect(statSync(at('big.bin')).mode & 0o7777).toBe(0o600);
    expect(statSync(at('script.sh')).mode & 0o7777).toBe(0o4755);
    expect(statSync(at('a')).mode & 0o7777).toBe(0o750);
    expect(statSync(at('empty-dir')).mode & 0o7777).toBe(0o700);
    expect(statSync(at('a/b/c/deep.txt')).mtimeMs).toBe(deepMtime);
    for (const p of ['a', 'a/b', 'a/b/c', 'empty-dir', 'h', 'top.txt'.replace('top.txt', 'a/top.txt'), 'big.bin']) {
      expect(statSync(at(p)).mtimeMs, p).toBe(BACKUP_MTIME);
    }
    expect(lstatSync(at('link-outside')).mtimeMs).toBe(BACKUP_MTIME);
    if (asRoot) expect([statSync(at('big.bin')).uid, statSync(at('big.bin')).gid]).toEqual([1234, 2345]);

    // Hard links: one inode for the three names.
    const inode = statSync(at('hard-1.bin')).ino;
    expect(statSync(at('h/hard-2.bin')).ino).toBe(inode);
    expect(statSync(at('h/hard-3.bin')).ino).toBe(inode);
    expect(statSync(at('hard-1.bin')).nlink).toBe(3);
    expect(readFileSync(at('h/hard-3.bin')).equals(shared)).toBe(true);

    expect(tempLeftovers(root)).toEqual([]);
    const record = server.restore(job.operationId);
    expect(record.finish?.summary).toEqual(summary);
    const steps = new Set(record.log.map((l) => l.step));
    expect([...steps]).toEqual(expect.arrayContaining(['job', 'prepare', 'restore', 'finish']));
    expect(record.progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['preparing', 'restoring', 'finishing']));
    expect(logs.some((l) => l.includes('Fetched'))).toBe(true);
  });

  it('restores items into a custom folder, making the missing folders on the way', async () => {
    const job = restoreJob(server, itemsIn('/restored/here', [b.file('x.txt', 'x'), b.dir('d', [b.file('y.txt', 'y')])]));
    const summary = completed((await runRestore(server, job, root)).outcome);
    expect(summary.restoredFiles).toBe(2);
    expect(listTree(root)).toEqual(['restored', 'restored/here', 'restored/here/d', 'restored/here/d/y.txt', 'restored/here/x.txt']);
  });

  it('batches many small files into few chunk requests, several in flight at once', async () => {
    const files = Array.from({ length: 1500 }, (_, i) => b.file(`f${i}.txt`, `content of file ${i}\n`.repeat(1 + (i % 5))));
    server.beforeChunks = () => new Promise((r) => setTimeout(r, 20));
    const job = restoreJob(server, itemsIn('/', [b.dir('many', files)]));
    const summary = completed((await runRestore(server, job, root)).outcome);
    expect(summary.restoredFiles).toBe(1500);
    const record = server.restore(job.operationId);
    expect(record.chunkRequests.every((ids) => ids.length <= 256)).toBe(true);
    expect(record.chunkRequests.length).toBeLessThanOrEqual(12);
    expect(record.maxConcurrentChunkRequests).toBeGreaterThanOrEqual(2);
    expect(readFileSync(path.join(root, 'many/f1499.txt'), 'utf8')).toBe('content of file 1499\n'.repeat(5));
  }, 30_000);

  it('keeps requests full when the files are spread over many small folders', async () => {
    const dirs = Array.from({ length: 200 }, (_, d) => b.dir(`d${d}`, Array.from({ length: 5 }, (_, f) => b.file(`f${f}`, `${d}/${f}`))));
    // A server a few milliseconds away, as a real one is: requests fill up while others are answered.
    server.beforeChunks = () => new Promise((r) => setTimeout(r, 20));
    const job = restoreJob(server, itemsIn('/', [b.dir('tree', dirs)]));
    const summary = completed((await runRestore(server, job, root)).outcome);
    expect(summary).toMatchObject({ restoredFiles: 1000, restoredDirs: 201 });
    const record = server.restore(job.operationId);
    // Tens of files per request even though the walk keeps waiting for folder listings.
    expect(record.chunkRequests.length).toBeLessThanOrEqual(100);
    expect(record.treeRequests).toHaveLength(201);
    expect(readFileSync(path.join(root, 'tree/d199/f4'), 'utf8')).toBe('199/4');
  }, 30_000);

  it('fetches a chunk shared by several files once', async () => {
    const same = randomBytes(4096);
    const job = restoreJob(server, itemsIn('/', [b.file('one', same), b.file('two', same), b.file('three', same)]));
    completed((await runRestore(server, job, root)).outcome);
    const ids = server.restore(job.operationId).chunkRequests.flat();
    expect(ids).toHaveLength(1);
    expect(readFileSync(path.join(root, 'three')).equals(same)).toBe(true);
  });
});

describe('restore job: what is already on the target', () => {
  const OLD = Date.UTC(2001, 0, 1);
  const NEW = Date.UTC(2030, 0, 1);

  function existing(): void {
    writeFileSync(path.join(root, 'older.txt'), 'target old');
    utimesSync(path.join(root, 'older.txt'), new Date(OLD), new Date(OLD));
    writeFileSync(path.join(root, 'newer.txt'), 'target new');
    utimesSync(path.join(root, 'newer.txt'), new Date(NEW), new Date(NEW));
    writeFileSync(path.join(root, 'same.txt'), 'target same');
    utimesSync(path.join(root, 'same.txt'), new Date(BACKUP_MTIME), new Date(BACKUP_MTIME));
    mkdirSync(path.join(root, 'dir'));
    writeFileSync(path.join(root, 'dir/kept.txt'), 'only on the target');
  }

  const backup = () => [
    b.file('older.txt', 'backup'),
    b.file('newer.txt', 'backup'),
    b.file('same.txt', 'backup'),
    b.file('fresh.txt', 'backup'),
    b.dir('dir', [b.file('inner.txt', 'backup')]),
  ];
  const read = (p: string) => readFileSync(path.join(root, p), 'utf8');

  it("'all' replaces every file and merges into folders", async () => {
    existing();
    const summary = completed((await runRestore(server, restoreJob(server, itemsIn('/', backup()), 'all'), root)).outcome);
    expect(['older.txt', 'newer.txt', 'same.txt', 'fresh.txt', 'dir/inner.txt'].map(read)).toEqual(Array(5).fill('backup'));
    expect(read('dir/kept.txt')).toBe('only on the target');
    expect(summary).toMatchObject({ restoredFiles: 5, restoredDirs: 1, skippedCount: 0 });
  });

  it("'older' replaces only files older than the backup's", async () => {
    existing();
    const summary = completed((await runRestore(server, restoreJob(server, itemsIn('/', backup()), 'older'), root)).outcome);
    expect(read('older.txt')).toBe('backup');
    expect(read('newer.txt')).toBe('target new');
    expect(read('same.txt')).toBe('target same');
    expect(read('fresh.txt')).toBe('backup');
    expect(summary.skipped).toEqual([
      { path: '/newer.txt', reason: 'newer or same on the target' },
      { path: '/same.txt', reason: 'newer or same on the target' },
    ]);
    expect(summary).toMatchObject({ restoredFiles: 3, skippedCount: 2, failedCount: 0 });
  });

  it("'none' skips every file that exists", async () => {
    existing();
    const summary = completed((await runRestore(server, restoreJob(server, itemsIn('/', backup()), 'none'), root)).outcome);
    expect(['older.txt', 'newer.txt', 'same.txt'].map(read)).toEqual(['target old', 'target new', 'target same']);
    expect(read('fresh.txt')).toBe('backup');
    expect(read('dir/inner.txt')).toBe('backup');
    expect(summary.skippedCount).toBe(3);
    expect(summary.skipped.every((s) => s.reason === 'exists on the target')).toBe(true);
    // A merged folder keeps its own mode and times under 'none'.
    expect(summary.restoredDirs).toBe(1);
  });

  it('never puts a file in place of a folder, nor a folder in place of a file', async () => {
    mkdirSync(path.join(root, 'was-dir'));
    writeFileSync(path.join(root, 'was-dir/precious'), 'keep');
    writeFileSync(path.join(root, 'was-file'), 'keep too');
    const job = restoreJob(server, itemsIn('/', [b.file('was-dir', 'file'), b.dir('was-file', [b.file('x', 'x')]), b.file('ok', 'ok')]), 'all');
    const summary = completed((await runRestore(server, job, root)).outcome);
    expect(readFileSync(path.join(root, 'was-dir/precious'), 'utf8')).toBe('keep');
    expect(readFileSync(path.join(root, 'was-file'), 'utf8')).toBe('keep too');
    expect(summary.failed).toEqual([
      { path: '/was-dir', reason: 'a folder with this name is on the target; it is not replaced by a file' },
      { path: '/was-file', reason: expect.stringMatching(/^a file with this name is on the target.*nothing under it was restored$/) },
    ]);
    expect(summary.restoredFiles).toBe(1);
  });
});
