import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentExitCode, type AgentRequest, type AgentRequestResult } from '@cloud-backup/domain';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentApiClient } from '../src/api/agent-api.client';
import { runCommand } from '../src/commands/run.command';
import { saveConfig } from '../src/config/agent-config.store';
import { runRequestLoop } from '../src/requests/request.loop';
import { answerRequest, MAX_LISTED_ENTRIES } from '../src/requests/target-files';
import { startFakeRestoreServer, type FakeRestoreServer } from './support/fake-restore-server';
import { BackupBuilder, itemsIn, restoreJob } from './support/restore-fixtures';
import { sampleMetadata } from './support/sample-metadata';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeRestoreServer;
let root = '';
let sibling = '';
beforeEach(async () => {
  server = await startFakeRestoreServer();
  const parent = tempDir('requests-');
  root = path.join(parent, 'root');
  sibling = path.join(parent, 'sibling');
  mkdirSync(root);
  mkdirSync(sibling);
});
afterEach(() => server.close());
afterAll(removeTempDirs);

const MTIME = new Date('2024-02-03T04:05:06.789Z');
let ids = 0;
const request = (kind: AgentRequest['kind'], p: string): AgentRequest => ({ id: `req_${++ids}`, kind, path: p });

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the loop until every request has its result, then stops it. */
async function answer(...requests: AgentRequest[]): Promise<AgentRequestResult[]> {
  const controller = new AbortController();
  server.requests.push(...requests);
  const loop = runRequestLoop({
    client: createAgentApiClient(server.url),
    credential: server.credential,
    root,
    logger: { info: () => {} },
    signal: controller.signal,
    waitSeconds: 1,
  });
  await until(() => requests.every((r) => server.results.has(r.id)));
  controller.abort();
  expect(await loop).toEqual({ reason: 'stopped' });
  return requests.map((r) => server.results.get(r.id) as AgentRequestResult);
}

describe('quick requests: list_dir', () => {
  beforeEach(() => {
    mkdirSync(path.join(root, 'b-dir'));
    mkdirSync(path.join(root, 'A-dir'));
    writeFileSync(path.join(root, 'c.txt'), 'hello');
    writeFileSync(path.join(root, 'B.txt'), '');
    symlinkSync(sibling, path.join(root, 'link'));
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    for (const name of ['b-dir', 'A-dir', 'c.txt', 'B.txt']) utimesSync(path.join(root, name), MTIME, MTIME);
  });

  it('lists a folder: folders first, then by name, links not followed', async () => {
    const [top, inner] = await answer(request('list_dir', '/'), request('list_dir', '/A-dir'));
    expect(top).toEqual({
      ok: true,
      listing: {
        path: '/',
        truncated: false,
        entries: [
          { name: 'A-dir', type: 'dir', size: expect.any(Number), mtime: MTIME.toISOString() },
          { name: 'b-dir', type: 'dir', size: expect.any(Number), mtime: MTIME.toISOString() },
          { name: 'B.txt', type: 'file', size: 0, mtime: MTIME.toISOString() },
          { name: 'c.txt', type: 'file', size: 5, mtime: MTIME.toISOString() },
          { name: 'fifo', type: 'other', size: 0, mtime: expect.any(String) },
          { name: 'link', type: 'symlink', size: Buffer.byteLength(sibling), mtime: expect.any(String) },
        ],
      },
    });
    expect(inner).toEqual({ ok: true, listing: { path: '/A-dir', entries: [], truncated: false } });
  });

  it('answers not_found, not_a_directory and refused', async () => {
    writeFileSync(path.join(sibling, 'secret'), 'outside');
    const results = await answer(
      request('list_dir', '/missing'),
      request('list_dir', '/c.txt'),
      request('list_dir', '/link'),
      request('list_dir', '/link/deeper'),
      request('list_dir', '/A-dir//x'),
    );
    expect(results).toEqual([
      { ok: false, code: 'not_found', message: '/missing does not exist' },
      { ok: false, code: 'not_a_directory', message: '/c.txt is not a folder' },
      { ok: false, code: 'refused', message: '/link is a symbolic link; a symlink in the target path leads outside the root' },
      { ok: false, code: 'refused', message: '/link is a symbolic link; a symlink in the target path leads outside the root' },
      { ok: false, code: 'refused', message: expect.stringContaining('empty component') },
    ]);
    expect(JSON.stringify(results)).not.toContain('secret');
  });

  it(`lists at most ${MAX_LISTED_ENTRIES} entries and says it truncated`, async () => {
    const big = path.join(root, 'big');
    mkdirSync(big);
    for (let i = 0; i <= MAX_LISTED_ENTRIES; i++) writeFileSync(path.join(big, `f${String(i).padStart(5, '0')}`), '');
    mkdirSync(path.join(big, 'zz-dir'));
    const result = await answerRequest(request('list_dir', '/big'), root);
    if (!result.ok) throw new Error(result.message);
    expect(result.listing?.truncated).toBe(true);
    expect(result.listing?.entries).toHaveLength(MAX_LISTED_ENTRIES);
    // Folders come first even when they sort last by name.
    expect(result.listing?.entries[0]?.name).toBe('zz-dir');
  });
});

describe('quick requests: make_dir', () => {
  it('makes a folder whose parent exists, and says when it exists already', async () => {
    mkdirSync(path.join(root, 'parent'));
    const results = await answer(request('make_dir', '/parent/new folder'), request('make_dir', '/parent/new folder'), request('make_dir', '/'));
    expect(results).toEqual([
      { ok: true, created: { path: '/parent/new folder' } },
      { ok: false, code: 'exists', message: '/parent/new folder already exists' },
      { ok: false, code: 'exists', message: 'The root folder always exists' },
    ]);
    expect(lstatSync(path.join(root, 'parent/new folder')).isDirectory()).toBe(true);
  });

  it('refuses what it must: missing parent, a file, a link on the way or in the place', async () => {
    writeFileSync(path.join(root, 'file'), 'x');
    symlinkSync(sibling, path.join(root, 'link'));
    const results = await answer(
      request('make_dir', '/missing/child'),
      request('make_dir', '/file/child'),
      request('make_dir', '/link/child'),
      request('make_dir', '/link'),
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['not_found', 'not_a_directory', 'refused', 'exists']);
    expect(existsSync(path.join(root, 'missing'))).toBe(false);
    expect(existsSync(path.join(sibling, 'child'))).toBe(false);
  });
});

describe('quick requests in `run`', () => {
  it('are answered while a restore job is running', async () => {
    const dataDir = tempDir('requests-data-');
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
    const b = new BackupBuilder(server, 1024);
    const job = restoreJob(server, itemsIn('/', [b.file('slow.bin', Buffer.alloc(64 * 1024, 1))]));
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The restore waits for its chunks until the quick request has been answered.
    server.beforeChunks = () => held;
    server.jobs.push(job);
    const controller = new AbortController();
    const running = runCommand(
      { dataDir },
      { stdout: () => {}, stderr: () => {} },
      { collectMetadata: async () => sampleMetadata(), signal: controller.signal, jobs: { waitSeconds: 1 }, requests: { waitSeconds: 1 } },
    );
    await until(() => server.restore(job.operationId).chunkRequests.length > 0);
    const listing = request('list_dir', '/');
    server.requests.push(listing);
    await until(() => server.results.has(listing.id));
    expect(server.restore(job.operationId).finish).toBeNull();
    release();
    await until(() => server.restore(job.operationId).finish !== null);
    controller.abort();
    expect(await running).toBe(AgentExitCode.ok);
    expect(server.results.get(listing.id)).toMatchObject({ ok: true, listing: { path: '/' } });
  });
});
