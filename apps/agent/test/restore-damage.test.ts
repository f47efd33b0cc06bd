import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeRestoreServer, type FakeRestoreServer } from './support/fake-restore-server';
import { BackupBuilder, itemsIn, listTree, restoreJob, runRestore, tempLeftovers } from './support/restore-fixtures';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeRestoreServer;
let b: BackupBuilder;
let root = '';
beforeEach(async () => {
  server = await startFakeRestoreServer();
  b = new BackupBuilder(server, 4096);
  root = tempDir('restore-damage-');
});
afterEach(() => server.close());
afterAll(removeTempDirs);

describe('restore job: chunks that cannot be trusted', () => {
  /** Three files; `bad` is a chunk that `a.bin` and `nested/c.bin` use, `b.bin` does not. */
  function backup() {
    const bad = randomBytes(4096);
    const aContent = Buffer.concat([randomBytes(4096), bad, randomBytes(100)]);
    const bContent = randomBytes(9000);
    const cContent = Buffer.concat([bad, randomBytes(50)]);
    const nodes = [b.file('a.bin', aContent), b.file('b.bin', bContent), b.dir('nested', [b.file('c.bin', cContent), b.file('d.txt', 'fine')])];
    const badId = nodes[0]?.content?.[1] ?? '';
    return { nodes, badId, bContent };
  }

  it('a damaged chunk fails exactly the files that use it, by path, and writes nothing for them', async () => {
    const { nodes, badId, bContent } = backup();
    server.damaged.set(badId, 'pack 3 fails its checksum');
    writeFileSync(path.join(root, 'a.bin'), 'the version on the target');
    const job = restoreJob(server, itemsIn('/', nodes));
    const { outcome } = await runRestore(server, job, root);
    if (outcome.status === 'failed') throw new Error(outcome.error);
    const reason = `chunk ${badId} is damaged on the server: pack 3 fails its checksum`;
    expect(outcome.summary.failed).toEqual([
      { path: '/a.bin', reason },
      { path: '/nested/c.bin', reason },
    ]);
    expect(outcome.summary).toMatchObject({ failedCount: 2, restoredFiles: 2 });
    // The existing file is untouched, the missing one never appears, the others are complete.
    expect(readFileSync(path.join(root, 'a.bin'), 'utf8')).toBe('the version on the target');
    expect(existsSync(path.join(root, 'nested/c.bin'))).toBe(false);
    expect(readFileSync(path.join(root, 'b.bin')).equals(bContent)).toBe(true);
    expect(readFileSync(path.join(root, 'nested/d.txt'), 'utf8')).toBe('fine');
    expect(tempLeftovers(root)).toEqual([]);
    const record = server.restore(job.operationId);
    expect(record.finish?.summary.failedCount).toBe(2);
    expect(record.log.some((l) => l.level === 'warning' && l.step === 'restore' && l.message.includes('/nested/c.bin'))).toBe(true);
  });

  it('refuses bytes that do not hash to their id (the server sent wrong data)', async () => {
    const { nodes, badId } = backup();
    server.corrupt.add(badId);
    const { outcome } = await runRestore(server, restoreJob(server, itemsIn('/', nodes)), root);
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(outcome.summary.failed.map((f) => f.path)).toEqual(['/a.bin', '/nested/c.bin']);
    expect(outcome.summary.failed[0]?.reason).toMatch(new RegExp(`^chunk ${badId} does not match its id: the server sent 4096 bytes hashing to [0-9a-f]{64}$`));
    expect(listTree(root)).toEqual(['b.bin', 'nested', 'nested/d.txt']);
  });

  it('a chunk the server leaves out of its answer fails its files too', async () => {
    const { nodes, badId } = backup();
    server.chunks.delete(badId);
    const { outcome } = await runRestore(server, restoreJob(server, itemsIn('/', nodes)), root);
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(outcome.summary.failedCount).toBe(2);
    expect(tempLeftovers(root)).toEqual([]);
  });

  it('a folder whose listing the server cannot read fails with everything under it; the rest is restored', async () => {
    const broken = b.dir('broken', [b.file('x', 'x')]);
    server.brokenTrees.set(broken.subtree ?? '', { status: 500, code: 'damaged_tree', message: 'tree blob is damaged' });
    const { outcome } = await runRestore(server, restoreJob(server, itemsIn('/', [broken, b.file('ok.txt', 'ok')])), root);
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(outcome.summary.failed).toEqual([{ path: '/broken', reason: expect.stringMatching(/^its listing could not be fetched: tree blob is damaged .*nothing under it was restored$/) }]);
    expect(outcome.summary.restoredFiles).toBe(1);
  });

  it('fails the restore as a whole when nothing at all could be restored', async () => {
    const file = b.file('only.bin', randomBytes(5000));
    server.damaged.set(file.content?.[0] ?? '', 'gone');
    const job = restoreJob(server, itemsIn('/', [file]));
    const { outcome } = await runRestore(server, job, root);
    expect(outcome).toEqual({ status: 'failed', error: expect.stringMatching(/^restore: nothing could be restored: 1 entries failed, first \/only\.bin: chunk [0-9a-f]{64} is damaged/) });
    expect(server.restore(job.operationId).fail?.error).toBe(outcome.status === 'failed' ? outcome.error : '');
    expect(listTree(root)).toEqual([]);
  });

  it('rides out a server that is briefly unavailable', async () => {
    server.unavailableFor = 2;
    const nodes = [b.dir('d', [b.file('x.bin', randomBytes(10_000))])];
    const { outcome, logs } = await runRestore(server, restoreJob(server, itemsIn('/', nodes)), root);
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(outcome.summary).toMatchObject({ restoredFiles: 1, failedCount: 0 });
    expect(logs.filter((l) => /failed \(attempt \d\): Restarting \(HTTP 503, unavailable\); retrying/.test(l))).toHaveLength(2);
  });

  it('fails the job, leaving no temporary file, when the server answers chunk requests with errors', async () => {
    server.beforeChunks = () => {
      server.failAllWith = { status: 500, code: 'internal_error', message: 'store offline' };
    };
    const contents = { a: randomBytes(20_000), b: randomBytes(20_000) };
    const job = restoreJob(server, itemsIn('/', [b.file('a', contents.a), b.file('b', contents.b)]));
    const { outcome } = await runRestore(server, job, root);
    expect(outcome).toEqual({ status: 'failed', error: 'restore: store offline (HTTP 500, internal_error)' });
    // The chunk answer in flight when the store went offline still arrives: a file it completed may be
    // restored whole before the failure. Nothing else is left: no partial file, no temporary file.
    const left = listTree(root);
    expect(left.every((name) => name === 'a' || name === 'b'), left.join(', ')).toBe(true);
    for (const name of left) expect(readFileSync(path.join(root, name)).equals(contents[name as 'a' | 'b'])).toBe(true);
    expect(tempLeftovers(root)).toEqual([]);
  });
});
