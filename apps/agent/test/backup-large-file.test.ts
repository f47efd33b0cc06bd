import { closeSync, openSync, ftruncateSync, utimesSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { backupJob, listBackup, runJob } from './support/backup-fixtures';
import { startFakeBackupServer, type FakeBackupServer } from './support/fake-backup-server';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeBackupServer;
beforeEach(async () => {
  server = await startFakeBackupServer();
});
afterEach(() => server.close());
afterAll(removeTempDirs);

// 4.5 GiB, not 5: chunking + SHA-256 run at ~200 MiB/s here, and 5 GiB took 25-40 s. Past 4 GiB is what counts.
const SIZE = 4.5 * 1024 ** 3;
const MiB = 1024 * 1024;

it('backs up a 4.5 GiB sparse file with bounded memory, and notices it changed during the read', async () => {
  const root = tempDir('huge-root-');
  const file = path.join(root, 'huge.bin');
  const fd = openSync(file, 'w');
  ftruncateSync(fd, SIZE);
  // A marker past 4 GiB: offsets there must not wrap around.
  writeSync(fd, Buffer.from('end of a very large file'), 0, 24, SIZE - 1024);
  closeSync(fd);

  let touched = false;
  server.onProgress = (_id, progress) => {
    if (!touched && progress.phase === 'reading' && progress.bytesDone > 0) {
      touched = true;
      utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    }
  };
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const job = backupJob();
  const { outcome } = await runJob(server, job, { root, dataDir: tempDir('huge-data-') });
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  console.info(`4.5 GiB sparse file: ${seconds.toFixed(1)} s (${(SIZE / MiB / seconds).toFixed(0)} MiB/s), rss growth ${((peak - before) / MiB).toFixed(0)} MiB`);

  if (outcome.status === 'failed') throw new Error(outcome.error);
  expect(outcome.status).toBe('completed_with_warnings');
  const record = server.backup(job.backupId);
  expect(record.commit?.warnings).toEqual([{ path: '/huge.bin', message: expect.stringContaining('changed during backup') }]);
  expect(record.commit?.logicalBytes).toBe(SIZE);
  const node = (await listBackup(server, outcome.rootTreeId)).get('huge.bin');
  expect(node?.size).toBe(SIZE);
  const last = node?.content?.at(-1) ?? '';
  expect(server.blobs.get(last)?.data.includes('end of a very large file')).toBe(true);
  // Zeros dedupe to a handful of distinct chunks.
  expect(new Set(node?.content).size).toBeLessThan(10);
  expect(peak - before).toBeLessThan(300 * MiB);
  expect(record.progress.some((p) => p.phase === 'reading' && p.bytesPerSecond > 0 && p.etaSeconds !== null)).toBe(true);
}, 120_000);
