import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type StartedServer } from '../src/server';
import { ADMIN_PASSWORD } from './harness';
import { ApiSession, connectInstance, ensureAgentBundle, runAgent, until } from './support/stack-process';

// Fault: the agent is SIGKILLed in the middle of an upload (issue 3).
let server: StartedServer;
let dir: string;
let api: ApiSession;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ensureAgentBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'cb-fault-'));
  server = await startServer({ ...loadConfig({ DATA_DIR: path.join(dir, 'server') }), port: 0, heartbeatIntervalSeconds: 1 }, { adminPassword: ADMIN_PASSWORD, hostname: '127.0.0.1' });
  api = await new ApiSession(server.url).signIn();
  await api.call('POST', '/api/v1/folders/default/activation', { createDefaultPolicies: true });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent killed mid-upload', () => {
  it('ends the backup as abandoned, leaves a clean repository, and the next backup uploads less', async () => {
    const root = path.join(dir, 'root');
    mkdirSync(root);
    for (let i = 0; i < 12; i++) writeFileSync(path.join(root, `part-${i}.bin`), randomBytes(16 * 1024 * 1024));
    const dataDir = path.join(dir, 'agent');
    const { instanceId, policyId } = await connectInstance(api, { dataDir, root });

    const agent = runAgent(dataDir, children);
    await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId });
    const running = await until(async () => {
      const b = (await api.call('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}`)).json.items[0];
      return b && b.status === 'running' && b.newBytes > 0 ? b : undefined;
    });
    agent.kill('SIGKILL');

    const abandoned = await until(async () => {
      const b = (await api.call('GET', `/api/v1/folders/default/backups/${running.id}`)).json;
      return b.status === 'running' ? undefined : b;
    }, 20_000);
    expect(abandoned.status).toBe('abandoned');
    const uploadedBeforeKill = abandoned.newBytes as number;
    expect(uploadedBeforeKill).toBeGreaterThan(0);
    expect(uploadedBeforeKill).toBeLessThan(12 * 16 * 1024 * 1024);

    const verify = await api.call('POST', `/api/v1/folders/default/backups/${running.id}/verify`);
    const verified = await api.finished(verify.json.id);
    expect(verified.status).toBe('succeeded');
    expect(verified.verify.damaged).toEqual([]);

    runAgent(dataDir, children);
    await until(async () => ((await api.call('GET', `/api/v1/folders/default/instances/${instanceId}`)).json.online ? true : undefined));
    await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId });
    const done = await until(async () => (await api.call('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}&status=completed`)).json.items[0] ?? undefined);
    expect(done.fileCount).toBe(12);
    // What the killed run uploaded was reused, not sent again.
    expect(done.newBytes).toBeLessThan(12 * 16 * 1024 * 1024 - uploadedBeforeKill / 2);
  }, 120_000);
});
