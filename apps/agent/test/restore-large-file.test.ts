import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeRestoreServer, type FakeRestoreServer } from './support/fake-restore-server';
import { BACKUP_MTIME, BackupBuilder, itemsIn, restoreJob, runRestore, tempLeftovers } from './support/restore-fixtures';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeRestoreServer;
beforeEach(async () => {
  server = await startFakeRestoreServer();
});
afterEach(() => server.close());
afterAll(removeTempDirs);

const MiB = 1024 * 1024;
const CHUNKS = 300;
const ZEROS = Buffer.alloc(MiB);
const KEY = Buffer.alloc(16, 7);

/** 1 MiB of incompressible, reproducible bytes per index, made on demand (AES-CTR of zeros). */
function chunk(i: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(i, 0);
  return createCipheriv('aes-128-ctr', KEY, iv).update(ZEROS);
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const part of createReadStream(file)) hash.update(part as Buffer);
  return hash.digest('hex');
}

it('restores a 300 MB file in constant memory, streaming it in pipelined requests', async () => {
  const b = new BackupBuilder(server);
  const { node, sha256 } = b.generatedFile('large.bin', CHUNKS, chunk, { mode: 0o640 });
  const root = tempDir('restore-large-');
  const job = restoreJob(server, itemsIn('/', [node]));

  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const started = performance.now();
  const { outcome } = await runRestore(server, job, root);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  const record = server.restore(job.operationId);
  console.info(
    `300 MiB file: ${seconds.toFixed(1)} s (${(CHUNKS / seconds).toFixed(0)} MiB/s), rss growth ${((peak - before) / MiB).toFixed(0)} MiB, ` +
      `${record.chunkRequests.length} requests, up to ${record.maxConcurrentChunkRequests} at once`,
  );

  if (outcome.status === 'failed') throw new Error(outcome.error);
  expect(outcome.summary).toMatchObject({ restoredFiles: 1, restoredBytes: CHUNKS * MiB, failedCount: 0 });
  const file = path.join(root, 'large.bin');
  expect(statSync(file).size).toBe(CHUNKS * MiB);
  expect(statSync(file).mtimeMs).toBe(BACKUP_MTIME);
  expect(statSync(file).mode & 0o777).toBe(0o640);
  expect(await fileSha256(file)).toBe(sha256);
  expect(tempLeftovers(root)).toEqual([]);
  expect(peak - before).toBeLessThan(200 * MiB);
  // ~16 MiB per request, several in flight.
  expect(record.chunkRequests.length).toBeLessThanOrEqual(24);
  expect(record.maxConcurrentChunkRequests).toBeGreaterThanOrEqual(2);
  expect(record.progress.some((p) => p.phase === 'restoring' && p.bytesPerSecond > 0 && p.etaSeconds !== null)).toBe(true);
}, 120_000);
