import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backupJob, runJob } from './support/backup-fixtures';
import { startFakeBackupServer, type FakeBackupServer } from './support/fake-backup-server';
import { removeTempDirs, tempDir } from './support/temp-dirs';

// Root reads every file whatever its mode, so under root the refusal the kernel would give any other user
// is produced at the open call instead; as a normal user the real chmod does it.
const isRoot = process.getuid?.() === 0;
// Small files are opened with openSync (read.step.ts), larger ones through fs/promises: both refuse.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    openSync: (...args: Parameters<typeof real.openSync>) => {
      let target = String(args[0]);
      try {
        target = real.realpathSync(target);
      } catch {
        /* as given */
      }
      if (process.getuid?.() === 0 && target.endsWith(`${path.sep}secret`)) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${target}'`), { code: 'EACCES' });
      }
      return real.openSync(...args);
    },
  };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const target = await real.realpath(String(args[0])).catch(() => String(args[0]));
      if (process.getuid?.() === 0 && target.endsWith(`${path.sep}secret`)) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${target}'`), { code: 'EACCES' });
      }
      return real.open(...args);
    },
  };
});

let server: FakeBackupServer;
let root = '';
let dataDir = '';
beforeEach(async () => {
  server = await startFakeBackupServer();
  root = tempDir('backup-root-');
  dataDir = tempDir('backup-data-');
});
afterEach(() => server.close());
afterAll(removeTempDirs);

describe(`unreadable files (${isRoot ? 'refusal injected at open: running as root' : 'real chmod 000'})`, () => {
  it('reports an unreadable file and backs up the rest', async () => {
    writeFileSync(path.join(root, 'secret'), 'no');
    writeFileSync(path.join(root, 'open'), 'yes');
    chmodSync(path.join(root, 'secret'), 0);
    const job = backupJob();
    const { outcome } = await runJob(server, job, { root, dataDir });
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(outcome.status).toBe('completed_with_warnings');
    expect(server.backup(job.backupId).commit?.warnings).toEqual([{ path: '/secret', message: expect.stringContaining('EACCES') }]);
    expect(server.backup(job.backupId).commit?.fileCount).toBe(1);
  });
});
