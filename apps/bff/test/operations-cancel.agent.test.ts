import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type StartedServer } from '../src/server';
import { ADMIN_PASSWORD } from './harness';
import { ApiSession, connectInstance, ensureAgentBundle, runAgent, until } from './support/stack-process';

// Cancel with the real agent process: a running backup stops where it is and nothing of it is committed.
let server: StartedServer;
let dir: string;
let api: ApiSession;
const children: ChildProcess[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  ensureAgentBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'cb-cancel-'));
  server = await startServer({ ...loadConfig({ DATA_DIR: path.join(dir, 'server') }), port: 0, heartbeatIntervalSeconds: 1 }, { adminPassword: ADMIN_PASSWORD, hostname: '127.0.0.1' });
  api = await new ApiSession(server.url).signIn();
  await api.call('POST', '/api/v1/folders/default/activation', { createDefaultPolicies: true });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cancel with the real agent', () => {
  it('stops a running backup (its pre-command is killed), ends it abandoned, and the agent goes on to the next job', async () => {
    const root = path.join(dir, 'root');
    mkdirSync(root);
    writeFileSync(path.join(root, 'a.txt'), 'alpha');
    const dataDir = path.join(dir, 'agent');
    const { instanceId, policyId } = await connectInstance(api, { dataDir, root });
    const marker = path.join(dir, 'pre-command.pid');
    const policy = (await api.call('GET', `/api/v1/folders/default/policies/${policyId}`)).json;
    const slowPre = {
      command: process.execPath,
      args: ['-e', "require('fs').writeFileSync(process.argv[1], String(process.pid)); setTimeout(() => {}, 120000)", marker],
      workingDir: null,
      stopOnError: true,
      waitForFinish: true,
    };
    const edited = await api.call('PUT', `/api/v1/folders/default/policies/${policyId}`, { name: policy.name, enabled: true, settings: { ...policy.settings, preCommand: slowPre } });
    expect(edited.status).toBe(200);

    runAgent(dataDir, children);
    const op = (await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId })).json;
    await until(async () => (existsSync(marker) && readFileSync(marker, 'utf8') !== '' ? true : undefined), 30_000, 'the pre-command to start');
    const prePid = Number(readFileSync(marker, 'utf8'));
    const running = (await api.call('GET', `/api/v1/folders/default/operations/${op.id}`)).json;
    expect(running).toMatchObject({ status: 'running', cancellable: true });
    const backupId = running.backupId as string;

    const cancel = await api.call('POST', `/api/v1/folders/default/operations/${op.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.json.status).toBe('cancelled');
    expect((await api.call('GET', `/api/v1/folders/default/backups/${backupId}`)).json).toMatchObject({ status: 'abandoned' });

    // The agent hears it on its next progress report (every second while a command runs), kills the
    // command and reports its stop, which lands in the operation's log.
    await until(async () => (alive(prePid) ? undefined : true), 30_000, 'the pre-command to be killed');
    const log = await until(async () => {
      const lines = (await api.call('GET', `/api/v1/folders/default/operations/${op.id}`)).json.log as { step: string; message: string }[];
      return lines.some((l) => l.step === 'job' && /Cancelled/.test(l.message)) ? lines : undefined;
    }, 30_000, "the agent's report of the cancel");
    expect(log.some((l) => l.message === 'Cancelled by admin')).toBe(true);
    const after = (await api.call('GET', `/api/v1/folders/default/operations/${op.id}`)).json;
    expect(after.status).toBe('cancelled');
    expect((await api.call('GET', `/api/v1/folders/default/backups/${backupId}`)).json.status).toBe('abandoned');

    // The agent is free for the next job, and the repository holds only whole backups.
    await api.call('PUT', `/api/v1/folders/default/policies/${policyId}`, { name: policy.name, enabled: true, settings: { ...policy.settings, preCommand: null } });
    const next = (await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId })).json;
    const done = await api.finished(next.id);
    expect(done.status).toBe('succeeded');
    const verify = await api.call('POST', `/api/v1/folders/default/backups/${done.backupId}/verify`);
    const verified = await api.finished(verify.json.id);
    expect(verified.verify.damaged).toEqual([]);
    const committed = (await api.call('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}`)).json.items as { id: string; status: string }[];
    // The abandoned backup goes once a newer good one exists (retention); its data goes with the next GC.
    expect(committed.map((b) => [b.id, b.status])).toEqual([[done.backupId, 'completed']]);
  }, 120_000);
});
