import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type StartedServer } from '../src/server';
import { ADMIN_PASSWORD } from './harness';

// Fault: the agent is SIGKILLed in the middle of an upload (issue 3).
const agentDir = fileURLToPath(new URL('../../agent/', import.meta.url));
const agentBin = path.join(agentDir, 'dist/agent.mjs');

let server: StartedServer;
let dir: string;
let cookie: string;
const children: ChildProcess[] = [];

async function api(method: string, url: string, body?: unknown) {
  const res = await fetch(server.url + url, {
    method,
    headers: { 'content-type': 'application/json', 'x-requested-with': 't', cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

function runAgent(dataDir: string): ChildProcess {
  const child = spawn(process.execPath, [agentBin, 'run', '--data-dir', dataDir], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function until<T>(fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  if (!existsSync(agentBin)) spawnSync(process.execPath, ['build.mjs'], { cwd: agentDir, stdio: 'inherit' });
  dir = mkdtempSync(path.join(tmpdir(), 'cb-fault-'));
  server = await startServer({ ...loadConfig({ DATA_DIR: path.join(dir, 'server') }), port: 0, heartbeatIntervalSeconds: 1 }, { adminPassword: ADMIN_PASSWORD, hostname: '127.0.0.1' });
  const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 't' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  await api('POST', '/api/v1/folders/default/activation', { createDefaultPolicies: true });
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
    const token = await api('POST', '/api/v1/folders/default/registration-tokens', { kind: 'vm' });
    const dataDir = path.join(dir, 'agent');
    // Asynchronously: the server runs in this very process and must keep answering.
    const registered = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, [agentBin, 'register', '--server', server.url, '--token', token.json.token, '--data-dir', dataDir, '--root', root]).on('exit', resolve),
    );
    expect(registered).toBe(0);
    const instanceId = (await api('GET', `/api/v1/folders/default/registration-tokens/${token.json.id}`)).json.instanceId;
    const policies = await api('GET', '/api/v1/folders/default/policies');
    const daily = policies.json.items.find((p: { name: string }) => p.name === 'Default daily').id;
    await api('PUT', `/api/v1/folders/default/instances/${instanceId}/policies/${daily}`);

    const agent = runAgent(dataDir);
    await api('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId: daily });
    const running = await until(async () => {
      const list = await api('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}`);
      const b = list.json.items[0];
      return b && b.status === 'running' && b.newBytes > 0 ? b : undefined;
    });
    agent.kill('SIGKILL');

    const abandoned = await until(async () => {
      const b = (await api('GET', `/api/v1/folders/default/backups/${running.id}`)).json;
      return b.status === 'running' ? undefined : b;
    }, 20_000);
    expect(abandoned.status).toBe('abandoned');
    const uploadedBeforeKill = abandoned.newBytes as number;
    expect(uploadedBeforeKill).toBeGreaterThan(0);
    expect(uploadedBeforeKill).toBeLessThan(12 * 16 * 1024 * 1024);

    const verify = await api('POST', `/api/v1/folders/default/backups/${running.id}/verify`);
    const verified = await until(async () => {
      const op = (await api('GET', `/api/v1/folders/default/operations/${verify.json.id}`)).json;
      return op.status === 'running' ? undefined : op;
    });
    expect(verified.status).toBe('succeeded');
    expect(verified.verify.damaged).toEqual([]);

    runAgent(dataDir);
    await until(async () => ((await api('GET', `/api/v1/folders/default/instances/${instanceId}`)).json.online ? true : undefined));
    await api('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId: daily });
    const done = await until(async () => {
      const b = (await api('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}&status=completed`)).json.items[0];
      return b ?? undefined;
    });
    expect(done.fileCount).toBe(12);
    // What the killed run uploaded was reused, not sent again.
    expect(done.newBytes).toBeLessThan(12 * 16 * 1024 * 1024 - uploadedBeforeKill / 2);
  }, 120_000);
});
