import { writeFileSync } from 'node:fs';
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
