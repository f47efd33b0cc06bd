// The product as a user runs it: a server process with its own DATA_DIR and port, a signed-in console
// session, real agent processes registered with one-time tokens.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, run, sleep, startChild, stopChild, until } from './proc.mjs';
import { log } from './report.mjs';

const FOLDER = '/api/v1/folders/default';

/**
 * Bundles the agent from the current sources into a private file (other people may rebuild dist/ while a
 * benchmark runs); falls back to apps/agent/dist/agent.mjs if the build fails.
 */
export async function buildAgent(dir) {
  const outfile = path.join(dir, 'agent.mjs');
  try {
    await run(process.execPath, [path.join(repoRoot, 'apps/agent/build.mjs'), '--outfile', outfile], { cwd: path.join(repoRoot, 'apps/agent') });
    return outfile;
  } catch (error) {
    const dist = path.join(repoRoot, 'apps/agent/dist/agent.mjs');
    if (!existsSync(dist)) throw error;
    log(`agent build failed, using ${dist}: ${error.message.split('\n')[0]}`);
    return dist;
  }
}

/** `node --import tsx src/main.ts` in apps/bff with PORT=0; resolves once it listens. */
export async function startServer({ dataDir, env = {} }) {
  const password = randomBytes(12).toString('hex');
  const proc = startChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(repoRoot, 'apps/bff'),
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ADMIN_PASSWORD: password, ...env },
  });
  const port = await until(
    async () => {
      const m = /console and API on https?:\/\/[^:]+:(\d+)/.exec(proc.output());
      if (m) return Number(m[1]);
      if (proc.child.exitCode !== null) throw new Error(`server exited:\n${proc.output().slice(-4000)}`);
      return undefined;
    },
    90_000,
    'server start',
  );
  return { url: `http://127.0.0.1:${port}`, password, proc, dataDir, stop: () => stopChild(proc) };
}

export class ApiError extends Error {
  constructor(method, url, status, json) {
    super(`${method} ${url} → ${status} ${JSON.stringify(json).slice(0, 600)}`);
    this.status = status;
    this.json = json;
  }
}

/** A signed-in console session (cookie + X-Requested-With on writes). */
export class ApiSession {
  cookie = '';
  constructor(url) {
    this.url = url;
  }

  async signIn(password) {
    const res = await fetch(`${this.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'bench' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    this.cookie = res.headers.get('set-cookie').split(';')[0];
    return this;
  }

  /** Raw call: `{status, json}`. */
  async call(method, url, body) {
    const res = await fetch(this.url + url, {
      method,
      headers: { 'content-type': 'application/json', 'x-requested-with': 'bench', cookie: this.cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { text: text.slice(0, 500) };
    }
    return { status: res.status, json };
  }

  /** Call that must succeed (2xx); returns the JSON. */
  async ok(method, url, body) {
    const r = await this.call(method, url, body);
    if (r.status < 200 || r.status > 299) throw new ApiError(method, url, r.status, r.json);
    return r.json;
  }

  folder(method, url, body) {
    return this.ok(method, FOLDER + url, body);
  }

  /** Polls an operation until it leaves queued/running. */
  async finished(operationId, ms, intervalMs = 100) {
    return until(
      async () => {
        const op = await this.folder('GET', `/operations/${operationId}`);
        return op.status === 'queued' || op.status === 'running' ? undefined : op;
      },
      ms,
      `operation ${operationId}`,
      intervalMs,
    );
  }
}

/** Starts a server, signs in and activates the default folder with its default policies. */
export async function startStack({ dataDir, env }) {
  const server = await startServer({ dataDir, env });
  const api = await new ApiSession(server.url).signIn(server.password);
  await api.folder('POST', '/activation', { createDefaultPolicies: true });
  return { server, api };
}

/**
 * A real agent: a one-time token, `agent register --root`, then `agent run`; waits until the console shows
 * the instance online.
 */
export async function connectAgent(api, agentBin, { dataDir, root, kind = 'vm' }) {
  const token = await api.folder('POST', '/registration-tokens', { kind });
  await run(process.execPath, [agentBin, 'register', '--server', api.url, '--token', token.token, '--data-dir', dataDir, '--root', root]);
  const { instanceId } = await api.folder('GET', `/registration-tokens/${token.id}`);
  if (!instanceId) throw new Error('registration token not used after agent register');
  const proc = startChild(process.execPath, [agentBin, 'run', '--data-dir', dataDir]);
  await until(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`agent exited:\n${proc.output().slice(-3000)}`);
      return (await api.folder('GET', `/instances/${instanceId}`)).online ? true : undefined;
    },
    60_000,
    'agent online',
  );
  return { instanceId, proc, root, dataDir };
}

/** Links the named policy to the instance; returns its id. */
export async function linkPolicy(api, instanceId, name = 'Default daily') {
  const policies = await api.folder('GET', '/policies');
  const policy = policies.items.find((p) => p.name === name);
  if (!policy) throw new Error(`no policy "${name}"`);
  await api.folder('PUT', `/instances/${instanceId}/policies/${policy.id}`);
  return policy.id;
}

/**
 * "Back up now" and wait until the backup is committed; the time runs from the POST to the moment the poll
 * sees the operation finished. Returns `{seconds, backup, op}`.
 */
export async function backupNow(api, instanceId, policyId, { timeoutMs = 30 * 60_000 } = {}) {
  const t0 = performance.now();
  const op = await api.folder('POST', `/instances/${instanceId}/backups`, { policyId });
  const done = await api.finished(op.id, timeoutMs);
  const seconds = (performance.now() - t0) / 1000;
  if (done.status !== 'succeeded' && done.status !== 'succeeded_with_warnings') {
    const full = await api.folder('GET', `/operations/${op.id}`);
    throw new Error(`backup ${done.status}: ${done.result}\n${(full.log ?? []).slice(-10).map((l) => `  ${l.step}: ${l.message}`).join('\n')}`);
  }
  const backup = await api.folder('GET', `/backups/${done.backupId}`);
  if (backup.status !== 'completed' && backup.status !== 'completed_with_warnings') throw new Error(`backup ${backup.id} is ${backup.status}`);
  return { seconds, backup, op: done };
}

/**
 * Starts a restore and waits for it to end. A 404 "No such API route" (the endpoint not deployed yet) is
 * reported as such. Returns `{seconds, op}`; throws unless it succeeded.
 */
export async function restoreNow(api, backupId, body, { timeoutMs = 30 * 60_000 } = {}) {
  const t0 = performance.now();
  const r = await api.call('POST', `${FOLDER}/backups/${backupId}/restore`, body);
  if (r.status !== 201 && r.status !== 200) throw new ApiError('POST', `/backups/${backupId}/restore`, r.status, r.json);
  const done = await api.finished(r.json.id, timeoutMs);
  const seconds = (performance.now() - t0) / 1000;
  if (done.status !== 'succeeded' && done.status !== 'succeeded_with_warnings') {
    const full = await api.folder('GET', `/operations/${r.json.id}`);
    throw new Error(`restore ${done.status}: ${done.result}\n${(full.log ?? []).slice(-10).map((l) => `  ${l.step}: ${l.message}`).join('\n')}`);
  }
  const full = await api.folder('GET', `/operations/${r.json.id}`);
  return { seconds, op: done, log: full.log ?? [] };
}

/** Creates a folder on an instance through its agent (as the restore dialog does); returns its path. */
export async function makeTargetFolder(api, instanceId, parent, name) {
  const created = await api.folder('POST', `/instances/${instanceId}/files/folders`, { parent, name });
  return created.path;
}

export { sleep };
