import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackupJob } from '@cloud-backup/domain';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachePath, loadCache } from '../src/jobs/backup-cache.store';
import { backupJob, contentOf, listBackup, runJob } from './support/backup-fixtures';
import { startFakeBackupServer, type FakeBackupServer } from './support/fake-backup-server';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeBackupServer;
let root = '';
let dataDir = '';
beforeEach(async () => {
  server = await startFakeBackupServer();
  root = tempDir('incr-root-');
  dataDir = tempDir('incr-data-');
  mkdirSync(path.join(root, 'docs/deep'), { recursive: true });
  writeFileSync(path.join(root, 'big-1.bin'), randomBytes(5 * 1024 * 1024));
  writeFileSync(path.join(root, 'docs/big-2.bin'), randomBytes(3 * 1024 * 1024));
  for (let i = 0; i < 50; i++) writeFileSync(path.join(root, `docs/deep/small-${i}.txt`), `small file ${i}\n`);
});
afterEach(() => server.close());
afterAll(removeTempDirs);

async function backUp(overrides: Partial<BackupJob>) {
  const job = backupJob(overrides);
  const run = await runJob(server, job, { root, dataDir });
  if (run.outcome.status === 'failed') throw new Error(run.outcome.error);
  const record = server.backup(job.backupId);
  const dataBytes = record.uploadedBlobs.filter((b) => b.type === 'data').reduce((n, b) => n + b.length, 0);
  return { job, run, record, rootTreeId: run.outcome.rootTreeId, dataBytes, readLine: run.logs.find((l) => l.includes('[read] Read ')) ?? '' };
}

describe('incremental backups', () => {
  it('reuses unchanged files without reading them, reads changed ones, and stores only new data', async () => {
    const full = await backUp({ type: 'full' });
    expect(full.dataBytes).toBeGreaterThan(8 * 1024 * 1024);
    const cache = (await loadCache(dataDir, 'arc_test'))!;
    expect(cache.backupId).toBe(full.job.backupId);
    expect(cache.files.size).toBe(52);
    expect(cache.files.get('/big-1.bin')).toMatchObject({ size: 5 * 1024 * 1024, content: expect.any(Array) });
    expect(cache.dirs.get('/docs/deep')?.tree).toMatch(/^[0-9a-f]{64}$/);

    const same = await backUp({ type: 'incremental', previousBackupId: full.job.backupId });
    expect(same.readLine).toContain('Read 0 files (0 bytes); reused 52 unchanged files');
    expect(same.dataBytes).toBe(0);
    expect(same.record.uploadedBlobs.filter((b) => b.type === 'tree')).toEqual([]);
    expect(same.rootTreeId).toBe(full.rootTreeId);

    appendFileSync(path.join(root, 'docs/deep/small-7.txt'), 'one more line\n');
    const changed = await backUp({ type: 'incremental', previousBackupId: same.job.backupId });
    expect(changed.readLine).toContain('Read 1 files');
    expect(changed.dataBytes).toBe('small file 7\none more line\n'.length);
    const nodes = await listBackup(server, changed.rootTreeId);
    expect(contentOf(server, nodes.get('docs/deep/small-7.txt')).toString()).toBe('small file 7\none more line\n');
    // Only the folders on the changed file's path are new trees.
    expect(changed.record.uploadedBlobs.filter((b) => b.type === 'tree')).toHaveLength(3);
  });

  it('reads a reused file again when the server lost its data', async () => {
    const full = await backUp({ type: 'full' });
    const nodes = await listBackup(server, full.rootTreeId);
    const lost = nodes.get('docs/big-2.bin')?.content?.[0] ?? '';
    server.blobs.delete(lost);
    const next = await backUp({ type: 'incremental', previousBackupId: full.job.backupId });
    expect(next.readLine).toContain('1 of those were read again');
    expect(next.record.uploadedBlobs.filter((b) => b.type === 'data').map((b) => b.id)).toEqual([lost]);
    expect(server.blobs.has(lost)).toBe(true);
  });

  it('checks reused ids in several queries under way at once and reads again what any of them lacks', async () => {
    for (let d = 0; d < 21; d++) {
      mkdirSync(path.join(root, `many/${d}`), { recursive: true });
      for (let i = 0; i < 500; i++) writeFileSync(path.join(root, `many/${d}/${i}`), `file ${d}/${i}`);
    }
    const full = await backUp({ type: 'full' });
    const nodes = await listBackup(server, full.rootTreeId);
    const lost = ['many/0/1', 'many/10/250', 'many/20/499'].map((p) => nodes.get(p)?.content?.[0] ?? '');
    for (const id of lost) server.blobs.delete(id);
    const next = await backUp({ type: 'incremental', previousBackupId: full.job.backupId });
    expect(next.readLine).toContain('reused 10552 unchanged files');
    expect(next.readLine).toContain('3 of those were read again');
    expect(next.record.uploadedBlobs.map((b) => b.id).sort()).toEqual([...lost].sort());
    expect(next.rootTreeId).toBe(full.rootTreeId);
  }, 60_000);

  it('compares by content without fast backup, with a stale cache, and for full backups', async () => {
    const full = await backUp({ type: 'full' });
    const slow = await backUp({ type: 'incremental', fastBackup: false, previousBackupId: full.job.backupId });
    expect(slow.readLine).toContain('Read 52 files');
    expect(slow.dataBytes).toBe(0);
    const stale = await backUp({ type: 'incremental', previousBackupId: 'bkp_unknown' });
    expect(stale.readLine).toContain('Read 52 files');
    expect(stale.run.logs.some((l) => l.includes('No local record of the previous backup bkp_unknown'))).toBe(true);
    const again = await backUp({ type: 'full', previousBackupId: stale.job.backupId });
    expect(again.readLine).toContain('Read 52 files');
    expect(again.dataBytes).toBe(0);
  });

  it('gives the tree a full read would give after a change of mode, a rename, a deletion and new entries', async () => {
    // A folder whose name is not UTF-8 and spells '////' in base64, with a file of such a name inside.
    const odd = Buffer.concat([Buffer.from(root), Buffer.from([0x2f, 0xff, 0xff, 0xff])]);
    const oddFile = Buffer.concat([odd, Buffer.from([0x2f, 0xfb, 0xff, 0xbf])]);
    mkdirSync(odd);
    writeFileSync(oddFile, 'not utf-8');
    const fixedTime = path.join(root, 'docs/deep/small-5.txt');
    utimesSync(fixedTime, 1_600_000_000, 1_600_000_000);
    const full = await backUp({ type: 'full' });
    const same = await backUp({ type: 'incremental', previousBackupId: full.job.backupId });
    expect(same.rootTreeId).toBe(full.rootTreeId);
    expect(same.record.uploadedBlobs).toEqual([]);

    const steps: (() => void)[] = [
      () => {
        // Same size, the old mtime put back (as `touch -r` or a restore tool does): only the ctime tells.
        writeFileSync(fixedTime, 'SMALL FILE 5\n');
        utimesSync(fixedTime, 1_600_000_000, 1_600_000_000);
      },
      () => chmodSync(path.join(root, 'docs/deep/small-3.txt'), 0o600),
      () => appendFileSync(oddFile, ', really'),
      () => renameSync(path.join(root, 'docs/deep'), path.join(root, 'docs/deeper')),
      () => rmSync(path.join(root, 'docs/deeper/small-9.txt')),
      () => writeFileSync(path.join(root, 'docs/deeper/new.txt'), 'new'),
      () => symlinkSync('small-1.txt', path.join(root, 'docs/deeper/link')),
    ];
    let previous = same;
    for (const change of steps) {
      change();
      const next = await backUp({ type: 'incremental', previousBackupId: previous.job.backupId });
      const reference = await backUp({ type: 'incremental', fastBackup: false, previousBackupId: previous.job.backupId });
      expect(next.rootTreeId).not.toBe(previous.rootTreeId);
      expect(next.rootTreeId).toBe(reference.rootTreeId);
      previous = await backUp({ type: 'incremental', previousBackupId: reference.job.backupId });
      expect(previous.rootTreeId).toBe(reference.rootTreeId);
    }
  });

  it('does not write the cache when the backup fails', async () => {
    const job = backupJob({ sources: ['/../outside'] });
    const run = await runJob(server, job, { root, dataDir });
    expect(run.outcome.status).toBe('failed');
    expect(existsSync(cachePath(dataDir, 'arc_test'))).toBe(false);
  });
});
