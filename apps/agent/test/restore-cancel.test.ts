import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
  b = new BackupBuilder(server, 256 * 1024);
  root = tempDir('restore-cancel-');
});
afterEach(() => server.close());
afterAll(removeTempDirs);

/** A small file restored first, then a 15 MiB one fetched a chunk per slow request: ~2.5 s in all. */
function slowRestore() {
  const big = b.file('big.bin', randomBytes(15 * 1024 * 1024));
  const job = restoreJob(server, [...itemsIn('/', [b.file('first.txt', 'first')]), ...itemsIn('/', [big])]);
  const extra = { restoreWriters: 1, restorePipeline: { requestBytes: 1, maxInFlight: 2 } };
  return { job, extra };
}

describe('restore job: stopping half way', () => {
  it('stops when the server cancels, reports "Cancelled" and leaves no partial file', async () => {
    const { job, extra } = slowRestore();
    let requests = 0;
    server.beforeChunks = async () => {
      if (++requests === 5) server.restore(job.operationId).cancel = true;
      await new Promise((r) => setTimeout(r, 80));
    };
    const { outcome } = await runRestore(server, job, root, extra);
    expect(outcome).toEqual({ status: 'failed', error: 'Cancelled' });
    // Noticed at the next report (about a second), not after the whole file (60 requests).
    expect(requests).toBeLessThan(40);
    const record = server.restore(job.operationId);
    expect(record.fail?.error).toBe('Cancelled');
    expect(record.finish).toBeNull();
    expect(existsSync(path.join(root, 'big.bin'))).toBe(false);
    expect(tempLeftovers(root)).toEqual([]);
    // What was complete before the cancel stays.
    expect(readFileSync(path.join(root, 'first.txt'), 'utf8')).toBe('first');
    expect(record.progress.some((p) => p.phase === 'restoring' && p.bytesDone > 0 && p.currentPath === '/big.bin')).toBe(true);
  });

  it('stops when the agent stops, and says so in one quick attempt', async () => {
    const { job, extra } = slowRestore();
    const controller = new AbortController();
    let requests = 0;
    server.beforeChunks = async () => {
      if (++requests === 5) controller.abort();
      await new Promise((r) => setTimeout(r, 50));
    };
    const { outcome } = await runRestore(server, job, root, { ...extra, signal: controller.signal });
    expect(outcome).toEqual({ status: 'failed', error: 'The agent stopped during the restore' });
    expect(server.restore(job.operationId).fail?.error).toBe('The agent stopped during the restore');
    expect(listTree(root)).toEqual(['first.txt']);
  });
});
