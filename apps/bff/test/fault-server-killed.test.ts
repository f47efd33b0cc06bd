import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, connectInstance, ensureAgentBundle, freePort, runAgent, startServerProcess, until, type ServerProcess } from './support/stack-process';

// Fault: the server process is SIGKILLed in the middle of an upload and started again (issue 3).
let dir: string;
let port: number;
let server: ServerProcess;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ensureAgentBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'cb-server-kill-'));
  port = await freePort();
  server = await startServerProcess({ dataDir: path.join(dir, 'server'), port });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  server.child.kill('SIGKILL');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('server killed mid-upload and restarted', () => {
  it('keeps committed backups, verifies clean, and the agent resumes the running backup', async () => {
    let api = await new ApiSession(server.url).signIn();
    await api.call('POST', '/api/v1/folders/default/activation', { createDefaultPolicies: true });
    const root = path.join(dir, 'root');
    mkdirSync(root);
    writeFileSync(path.join(root, 'first.bin'), randomBytes(4 * 1024 * 1024));
    const dataDir = path.join(dir, 'agent');
    const { instanceId, policyId } = await connectInstance(api, { dataDir, root });
    runAgent(dataDir, children);

    // A committed backup first: it must survive the crash.
    await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId });
    const first = await until(async () => (await api.call('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}&status=completed`)).json.items[0] ?? undefined);

    for (let i = 0; i < 10; i++) writeFileSync(path.join(root, `part-${i}.bin`), randomBytes(16 * 1024 * 1024));
    await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId });
    const running = await until(async () => {
      const b = (await api.call('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}&status=running`)).json.items[0];
      return b && b.newBytes > 0 ? b : undefined;
    });

    server.child.kill('SIGKILL');
    await server.exited;
    // Down for a moment: the agent's calls fail and are retried.
    await new Promise((r) => setTimeout(r, 1500));
    server = await startServerProcess({ dataDir: path.join(dir, 'server'), port });
    api = await new ApiSession(server.url).signIn();

    const ended = await until(async () => {
      const b = (await api.call('GET', `/api/v1/folders/default/backups/${running.id}`)).json;
      return b.status === 'running' ? undefined : b;
    }, 120_000, 'the interrupted backup to end');
    const log = (await api.call('GET', `/api/v1/folders/default/operations/${ended.operationId}`)).json.log;
    expect(ended.status, JSON.stringify({ ended, log }, null, 1)).toBe('completed');
    expect(ended.fileCount).toBe(11);
    const op = (await api.call('GET', `/api/v1/folders/default/operations/${ended.operationId}`)).json;
    expect(op.log.some((l: { message: string }) => l.message.includes('server restarted'))).toBe(true);

    // No committed backup lost, both complete, and the repository verifies clean.
    const stillThere = (await api.call('GET', `/api/v1/folders/default/backups/${first.id}`)).json;
    expect(stillThere.status).toBe('completed');
    const verify = await api.call('POST', `/api/v1/folders/default/backups/${first.id}/verify`);
    const verified = await api.finished(verify.json.id);
    expect(verified.status).toBe('succeeded');
    expect(verified.verify.damaged).toEqual([]);
    const listing = (await api.call('GET', `/api/v1/folders/default/backups/${ended.id}/catalog?path=/`)).json;
    expect(listing.entries.map((e: { name: string }) => e.name).sort()).toEqual(['first.bin', ...Array.from({ length: 10 }, (_, i) => `part-${i}.bin`)].sort());
  }, 240_000);
});
