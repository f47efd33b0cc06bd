import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type StartedServer } from '../src/server';
import { ADMIN_PASSWORD, TestClock } from './harness';

const agentDir = fileURLToPath(new URL('../../agent/', import.meta.url));
const agentBin = path.join(agentDir, 'dist/agent.mjs');

let server: StartedServer;
let dir: string;
let cookie: string;
const clock = new TestClock(new Date());

function agent(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [agentBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function api(method: string, url: string, body?: unknown) {
  const res = await fetch(server.url + url, {
    method,
    headers: { 'content-type': 'application/json', 'x-requested-with': 't', cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  if (!existsSync(agentBin)) spawnSync(process.execPath, ['build.mjs'], { cwd: agentDir, stdio: 'inherit' });
  dir = mkdtempSync(path.join(tmpdir(), 'cb-agentproc-'));
  server = await startServer({ ...loadConfig({ DATA_DIR: dir }), port: 0 }, { clock, adminPassword: ADMIN_PASSWORD, hostname: '127.0.0.1' });
  const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 't' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  await api('POST', '/api/v1/folders/default/activation', { createDefaultPolicies: true });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the real agent process against the real server', () => {
  it('refuses an expired token with exit code 3 and says why', async () => {
    const token = await api('POST', '/api/v1/folders/default/registration-tokens', { kind: 'vm' });
    clock.advance(24 * 3600_000 + 1000);
    const dataDir = path.join(dir, 'expired');
    const res = await agent(['register', '--server', server.url, '--token', token.json.token, '--data-dir', dataDir, '--root', dir]);
    clock.advance(-(24 * 3600_000 + 1000));
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/expired/);
    expect(existsSync(path.join(dataDir, 'agent.json'))).toBe(false);
  });

  it('refuses an unknown token with exit code 3', async () => {
    const res = await agent(['register', '--server', server.url, '--token', 'cbr_unknown', '--data-dir', path.join(dir, 'unknown')]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/not known/);
  });

  it('registers with the real machine metadata', async () => {
    const token = await api('POST', '/api/v1/folders/default/registration-tokens', { kind: 'bms' });
    const res = await agent(['register', '--server', server.url, '--token', token.json.token, '--data-dir', path.join(dir, 'ok'), '--root', dir]);
    expect(res.code).toBe(0);
    const state = await api('GET', `/api/v1/folders/default/registration-tokens/${token.json.id}`);
    expect(state.json.state).toBe('used');
    const inst = await api('GET', `/api/v1/folders/default/instances/${state.json.instanceId}`);
    expect(inst.json.kind).toBe('bms');
    expect(inst.json.root).toBe(dir);
    expect(inst.json.metadata.hostname).toBe(os.hostname());
    expect(inst.json.metadata.kernel.release).toBe(os.release());
    expect(inst.json.metadata.memoryBytes).toBe(os.totalmem());
  });

  it('reports an unreachable server with exit code 4', async () => {
    const res = await agent(['register', '--server', 'http://127.0.0.1:9', '--token', 'cbr_x', '--data-dir', path.join(dir, 'unreachable')]);
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/127\.0\.0\.1:9/);
  });
});
