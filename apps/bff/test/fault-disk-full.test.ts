import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, connectInstance, ensureAgentBundle, freePort, runAgent, startServerProcess, until, type ServerProcess } from './support/stack-process';

// Fault: the server's disk fills up during a backup (issue 3). The server runs in its own mount namespace
// where the repositories live on a 40 MiB tmpfs: a real ENOSPC from the kernel, nothing simulated.
let dir: string;
let server: ServerProcess;
const children: ChildProcess[] = [];
const DISK_MB = 40;

beforeAll(async () => {
  ensureAgentBundle();
  dir = mkdtempSync(path.join(tmpdir(), 'cb-disk-full-'));
  const dataDir = path.join(dir, 'server');
  const repos = path.join(dataDir, 'repositories');
  mkdirSync(repos, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const wrap = [
    'unshare',
    '--mount',
    ...(asRoot ? [] : ['--map-root-user']),
    'sh',
    '-c',
    `mount -t tmpfs -o size=${DISK_MB}m cb-small-disk "${repos}" && exec "$@"`,
    'sh',
  ];
  server = await startServerProcess({ dataDir, port: await freePort(), wrap });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  server.child.kill('SIGKILL');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('disk full on the server during a backup', () => {
  it('fails the backup with a clear error and leaves earlier backups intact', async () => {
    const api = await new ApiSession(server.url).signIn();
    await api.call('POST', '/api/v1/folders/default/activation', { createDefaultPolicies: true });
    const root = path.join(dir, 'root');
    mkdirSync(root);
    writeFileSync(path.join(root, 'small.bin'), randomBytes(6 * 1024 * 1024));
    const dataDir = path.join(dir, 'agent');
    const { instanceId, policyId } = await connectInstance(api, { dataDir, root });
    runAgent(dataDir, children);

    await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId });
    const first = await until(async () => (await api.call('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}&status=completed`)).json.items[0] ?? undefined);

    // Random data does not compress: 64 MiB cannot fit in what is left of 40 MiB.
    for (let i = 0; i < 4; i++) writeFileSync(path.join(root, `big-${i}.bin`), randomBytes(16 * 1024 * 1024));
    await api.call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { policyId });
    const failed = await until(async () => (await api.call('GET', `/api/v1/folders/default/backups?instanceId=${instanceId}&status=failed`)).json.items[0] ?? undefined, 120_000);
    expect(failed.error).toMatch(/disk full/i);
    const op = (await api.call('GET', `/api/v1/folders/default/operations/${failed.operationId}`)).json;
    expect(op.status).toBe('failed');
    expect(op.result).toMatch(/no space left/i);

    // The earlier backup is untouched: still complete, browsable, and the repository verifies clean.
    expect((await api.call('GET', `/api/v1/folders/default/backups/${first.id}`)).json.status).toBe('completed');
    const listing = (await api.call('GET', `/api/v1/folders/default/backups/${first.id}/catalog?path=/`)).json;
    expect(listing.entries.map((e: { name: string }) => e.name)).toEqual(['small.bin']);
    const verify = await api.call('POST', `/api/v1/folders/default/backups/${first.id}/verify`);
    const verified = await api.finished(verify.json.id);
    expect(verified.status).toBe('succeeded');
    expect(verified.verify.damaged).toEqual([]);
  }, 180_000);
});
