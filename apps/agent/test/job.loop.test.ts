import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentExitCode } from '@cloud-backup/domain';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentApiClient } from '../src/api/agent-api.client';
import { runCommand } from '../src/commands/run.command';
import { saveConfig } from '../src/config/agent-config.store';
import { runJobLoop, type JobLoopOptions } from '../src/jobs/job.loop';
import { backupJob } from './support/backup-fixtures';
import { closedPortUrl } from './support/fake-agent-server';
import { startFakeBackupServer, type FakeBackupServer } from './support/fake-backup-server';
import { startFakeRestoreServer } from './support/fake-restore-server';
import { BackupBuilder, itemsIn, restoreJob } from './support/restore-fixtures';
import { sampleMetadata } from './support/sample-metadata';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeBackupServer;
let root = '';
let dataDir = '';
beforeEach(async () => {
  server = await startFakeBackupServer();
  root = tempDir('loop-root-');
  dataDir = tempDir('loop-data-');
  writeFileSync(path.join(root, 'file.txt'), 'content');
});
afterEach(() => server.close());
afterAll(removeTempDirs);

const REMOVED = { status: 410, code: 'instance_removed', message: 'This instance was removed from the service; the agent stops.' };

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function startLoop(controller: AbortController, logs: string[], extra: Partial<JobLoopOptions> = {}) {
  return runJobLoop({
    client: createAgentApiClient(server.url),
    credential: server.credential,
    root,
    dataDir,
    logger: { info: (m) => logs.push(m) },
    signal: controller.signal,
    waitSeconds: 1,
    jobContext: { pseudoMountPoints: new Set() },
    ...extra,
  });
}

describe('runJobLoop', () => {
  it('runs jobs one after another, survives a failing one, and stops on abort', async () => {
    const controller = new AbortController();
    const logs: string[] = [];
    const loop = startLoop(controller, logs);
    const bad = backupJob({ sources: ['/..'] });
    const good = backupJob();
    server.jobs.push(bad, good);
    await until(() => logs.some((l) => l.includes(`Backup ${good.backupId} finished: completed`)));
    expect(server.backup(good.backupId).commit?.fileCount).toBe(1);
    expect(server.backup(bad.backupId).fail?.error).toMatch(/outside the agent's root/);
    controller.abort();
    expect(await loop).toEqual({ reason: 'stopped' });
  });

  it('ends with "removed" when the server refuses the credential', async () => {
    server.failJobPollsWith = REMOVED;
    expect(await startLoop(new AbortController(), [])).toEqual({ reason: 'removed', message: REMOVED.message });
  });

  it('ends with "removed" when the instance is removed in the middle of a job', async () => {
    const job = backupJob();
    server.onProgress = () => {
      server.failAllWith = REMOVED;
    };
    server.jobs.push(job);
    expect(await startLoop(new AbortController(), [])).toEqual({ reason: 'removed', message: REMOVED.message });
  });

  it('backs off while the server is unreachable', async () => {
    const controller = new AbortController();
    const sleeps: number[] = [];
    const outcome = await runJobLoop({
      client: createAgentApiClient(await closedPortUrl()),
      credential: 'x',
      root,
      dataDir,
      logger: { info: () => {} },
      signal: controller.signal,
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 7) controller.abort();
      },
    });
    expect(outcome).toEqual({ reason: 'stopped' });
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('stops and reports "Cancelled" when the server cancels the job; the post-command still runs', async () => {
    const marker = path.join(dataDir, 'post-ran');
    const job = backupJob({
      postCommand: { command: '/bin/sh', args: ['-c', `touch ${marker}`], workingDir: null, stopOnError: true, waitForFinish: true },
    });
    server.backup(job.backupId).cancel = true;
    server.jobs.push(job);
    const controller = new AbortController();
    const loop = startLoop(controller, []);
    await until(() => server.backup(job.backupId).fail !== null);
    controller.abort();
    await loop;
    const record = server.backup(job.backupId);
    expect(record.fail?.error).toBe('Cancelled');
    expect(record.commit).toBeNull();
    expect(record.log.some((l) => l.step === 'post-command')).toBe(true);
  });
});

describe('runJobLoop with restore jobs', () => {
  it('runs a restore job by its kind and goes on taking jobs', async () => {
    const restoreServer = await startFakeRestoreServer();
    try {
      const b = new BackupBuilder(restoreServer);
      const job = restoreJob(restoreServer, itemsIn('/restored', [b.file('back.txt', 'restored by the loop')]));
      // The schema lets a '..' name through (it is a plain string there); the job refuses it.
      const refused = restoreJob(restoreServer, itemsIn('/', [{ ...b.file('x', 'x'), name: '..' }]));
      restoreServer.jobs.push(refused, job);
      const controller = new AbortController();
      const logs: string[] = [];
      const loop = runJobLoop({
        client: createAgentApiClient(restoreServer.url),
        credential: restoreServer.credential,
        root,
        dataDir,
        logger: { info: (m) => logs.push(m) },
        signal: controller.signal,
        waitSeconds: 1,
      });
      await until(() => logs.some((l) => l.startsWith(`Restore ${job.operationId} finished`)));
      controller.abort();
      expect(await loop).toEqual({ reason: 'stopped' });
      expect(readFileSync(path.join(root, 'restored/back.txt'), 'utf8')).toBe('restored by the loop');
      expect(logs).toContain(`Restore ${job.operationId} finished: 1 files, 0 folders, 0 skipped, 0 failed`);
      expect(restoreServer.restore(refused.operationId).fail?.error).toMatch(/^restore: nothing could be restored: 1 entries failed, first \/\.\.: refused/);
    } finally {
      await restoreServer.close();
    }
  });
});

describe('runJobLoop with restore jobs: removal', () => {
  it('ends with "removed" when the instance is removed in the middle of a restore', async () => {
    const restoreServer = await startFakeRestoreServer();
    try {
      const b = new BackupBuilder(restoreServer, 1024);
      restoreServer.jobs.push(restoreJob(restoreServer, itemsIn('/', [b.file('a.bin', Buffer.alloc(50_000, 3))])));
      restoreServer.beforeChunks = () => {
        restoreServer.failAllWith = REMOVED;
      };
      const outcome = await runJobLoop({
        client: createAgentApiClient(restoreServer.url),
        credential: restoreServer.credential,
        root,
        dataDir,
        logger: { info: () => {} },
        signal: new AbortController().signal,
        waitSeconds: 1,
        jobContext: { retry: { delaysMs: [], sleep: async () => {} } },
      });
      expect(outcome).toEqual({ reason: 'removed', message: REMOVED.message });
    } finally {
      await restoreServer.close();
    }
  });
});

describe('runCommand with jobs', () => {
  function registered(): string {
    saveConfig(dataDir, {
      serverUrl: server.url,
      instanceId: 'ins_abc',
      folderId: 'default',
      kind: 'vm',
      name: 'vm-01',
      credential: server.credential,
      root,
      heartbeatIntervalSeconds: 30,
      registeredAt: new Date().toISOString(),
    });
    return dataDir;
  }

  it('takes jobs beside its heartbeats and exits 5 when job polling says the instance is gone', async () => {
    const job = backupJob();
    server.jobs.push(job);
    server.onCommit = () => {
      server.failJobPollsWith = REMOVED;
    };
    const out: string[] = [];
    const code = await runCommand(
      { dataDir: registered() },
      { stdout: (t) => out.push(t), stderr: (t) => out.push(t) },
      { collectMetadata: async () => sampleMetadata(), jobs: { waitSeconds: 1, jobContext: { pseudoMountPoints: new Set() } } },
    );
    expect(code).toBe(AgentExitCode.instanceRemoved);
    expect(server.backup(job.backupId).commit?.fileCount).toBe(1);
    expect(out.join('')).toContain(REMOVED.message);
  });
});
