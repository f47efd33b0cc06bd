import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD } from '../harness';

// Real processes for fault tests: a server that can be SIGKILLed and restarted, agents, a signed-in client.
const bffDir = fileURLToPath(new URL('../../', import.meta.url));
const agentDir = fileURLToPath(new URL('../../../agent/', import.meta.url));
export const agentBin = path.join(agentDir, 'dist/agent.mjs');

export function ensureAgentBundle(): void {
  if (!existsSync(agentBin)) spawnSync(process.execPath, ['build.mjs'], { cwd: agentDir, stdio: 'inherit' });
}

export async function until<T>(fn: () => Promise<T | undefined>, ms = 60_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts `node --import tsx src/main.ts` with its own DATA_DIR and port and waits until it listens.
 * `wrap` runs it under another command (e.g. `unshare` to give it a small disk).
 */
export async function startServerProcess(o: { dataDir: string; port: number; env?: Record<string, string>; wrap?: string[] }): Promise<ServerProcess> {
  const node = [process.execPath, '--import', 'tsx', 'src/main.ts'];
  const [cmd, ...args] = [...(o.wrap ?? []), ...node] as [string, ...string[]];
  const child = spawn(cmd, args, {
    cwd: bffDir,
    env: { ...process.env, PORT: String(o.port), DATA_DIR: o.dataDir, ADMIN_PASSWORD, AGENT_HEARTBEAT_SECONDS: '1', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  await until(async () => (out.includes('console and API on') ? true : done ? Promise.reject(new Error(`server exited:\n${out}`)) : undefined), 60_000, 'server start');
  return { url: `http://127.0.0.1:${o.port}`, child, output: () => out, exited };
}

/** A signed-in console session against a server URL. */
export class ApiSession {
  private cookie = '';
  constructor(public url: string) {}

  async signIn(): Promise<this> {
    const res = await fetch(`${this.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 't' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return this;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON
  async call(method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, any> }> {
    const res = await fetch(this.url + url, {
      method,
      headers: { 'content-type': 'application/json', 'x-requested-with': 't', cookie: this.cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** Waits for an operation to leave queued/running and returns it. */
  async finished(operationId: string, ms = 60_000): Promise<Record<string, any>> {
    return until(async () => {
      const op = (await this.call('GET', `/api/v1/folders/default/operations/${operationId}`)).json;
      return op.status === 'running' || op.status === 'queued' ? undefined : op;
    }, ms, `operation ${operationId} to finish`);
  }
}

export function runAgent(dataDir: string, children: ChildProcess[]): ChildProcess {
  const child = spawn(process.execPath, [agentBin, 'run', '--data-dir', dataDir], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** Registers an agent for `root` with a one-time token and links the Default daily policy; returns ids. */
export async function connectInstance(api: ApiSession, o: { dataDir: string; root: string; kind?: 'vm' | 'bms' }): Promise<{ instanceId: string; policyId: string }> {
  const token = await api.call('POST', '/api/v1/folders/default/registration-tokens', { kind: o.kind ?? 'vm' });
  // Asynchronously: the server may run in this very process and must keep answering.
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, [agentBin, 'register', '--server', api.url, '--token', token.json.token, '--data-dir', o.dataDir, '--root', o.root]).on('exit', resolve),
  );
  if (code !== 0) throw new Error(`agent register exited with ${code}`);
  const instanceId = (await api.call('GET', `/api/v1/folders/default/registration-tokens/${token.json.id}`)).json.instanceId as string;
  const policies = await api.call('GET', '/api/v1/folders/default/policies');
  const policyId = policies.json.items.find((p: { name: string }) => p.name === 'Default daily').id as string;
  await api.call('PUT', `/api/v1/folders/default/instances/${instanceId}/policies/${policyId}`);
  return { instanceId, policyId };
}
