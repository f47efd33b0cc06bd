import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkId, encodeTree, type TreeNode } from '@cloud-backup/engine';
import { encodePackUpload, type UploadBlob } from '@cloud-backup/domain';
import { createHarness, type Harness } from './harness';

let h: Harness;
let cookie: string;
let agent: { instanceId: string; credential: string };
let dailyId: string;

beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
  agent = await h.registerAgent(cookie, 'vm', 'web-01');
  const policies = await h.call('GET', '/api/v1/folders/default/policies', { cookie });
  dailyId = policies.json.items.find((p: { name: string }) => p.name === 'Default daily').id;
  await h.call('PUT', `/api/v1/folders/default/instances/${agent.instanceId}/policies/${dailyId}`, { cookie });
});
afterEach(async () => {
  await h.services.maintenance.idle();
  h.close();
});

const auth = (credential = agent.credential) => ({ authorization: `Bearer ${credential}` });

async function agentCall(method: string, url: string, body?: unknown, credential?: string) {
  return h.call(method, `/agent/v1${url}`, { headers: auth(credential), body, csrf: false });
}

async function uploadPack(backupId: string, blobs: UploadBlob[], credential?: string) {
  const res = await h.app.request(`/agent/v1/backups/${backupId}/packs`, {
    method: 'POST',
    headers: { ...auth(credential), 'content-type': 'application/octet-stream' },
    body: encodePackUpload(blobs),
  });
  return { status: res.status, json: (await res.json()) as any };
}

function file(name: string, content: Buffer): { node: TreeNode; blob: UploadBlob } {
  const id = chunkId(content);
  return {
    node: { name, type: 'file', mode: 0o100644, mtimeMs: 1_700_000_000_000, uid: 0, gid: 0, size: content.length, content: [id] },
    blob: { id, type: 'data', data: content },
  };
}

/** Plays the agent's part of one backup with the given files; returns the backup id. */
async function runBackup(files: Record<string, Buffer>): Promise<string> {
  h.clock.advance(60_000);
  const now = await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } });
  expect(now.status).toBe(201);
  const next = await agentCall('GET', '/jobs/next?wait=0');
  expect(next.json.job).toMatchObject({ kind: 'backup', sources: ['/'], compression: 'normal' });
  const { backupId } = next.json.job;
  const entries = Object.entries(files).map(([n, c]) => file(n, c));
  const tree = encodeTree(entries.map((e) => e.node));
  const ids = [...entries.map((e) => e.blob.id), tree.id];
  const missing = await agentCall('POST', `/backups/${backupId}/missing`, { ids });
  const need = new Set<string>(missing.json.missing);
  const blobs = [...entries.map((e) => e.blob), { id: tree.id, type: 'tree' as const, data: tree.plain }].filter((b) => need.has(b.id));
  if (blobs.length) expect((await uploadPack(backupId, blobs)).status).toBe(200);
  const progress = await agentCall('POST', `/backups/${backupId}/progress`, {
    progress: { phase: 'uploading', filesDone: 1, filesTotal: 2, bytesDone: 10, bytesTotal: 20, bytesUploaded: 10, bytesPerSecond: 5, etaSeconds: 2, currentPath: '/a' },
    log: [{ at: new Date().toISOString(), level: 'info', step: 'read', message: 'reading' }],
  });
  expect(progress.json).toEqual({ cancel: false });
  const logical = Object.values(files).reduce((n, c) => n + c.length, 0);
  const body = { rootTreeId: tree.id, fileCount: entries.length, dirCount: 1, logicalBytes: logical, warnings: [], log: [] };
  expect((await agentCall('POST', `/backups/${backupId}/commit`, body)).status).toBe(200);
  // The same commit again (its answer lost on the way) is still a success.
  expect((await agentCall('POST', `/backups/${backupId}/commit`, body)).status).toBe(200);
  return backupId;
}

describe('back up now → agent job → dedup upload → commit', () => {
  it('stores a backup the console lists with its figures; the second stores only new data', async () => {
    const a = randomBytes(200_000);
    const first = await runBackup({ 'a.txt': a, 'b.txt': Buffer.from('hello') });
    const b1 = await h.call('GET', `/api/v1/folders/default/backups/${first}`, { cookie });
    expect(b1.json).toMatchObject({ status: 'completed', type: 'full', fileCount: 2, logicalBytes: 200_005, instanceName: 'web-01', policyName: 'Default daily' });
    expect(b1.json.newBytes).toBeGreaterThan(0);
    expect(b1.json.newBytes).toBeGreaterThan(200_000); // random data does not compress

    const second = await runBackup({ 'a.txt': a, 'b.txt': Buffer.from('hello, world') });
    const b2 = await h.call('GET', `/api/v1/folders/default/backups/${second}`, { cookie });
    expect(b2.json.type).toBe('incremental');
    expect(b2.json.newBytes).toBeLessThan(b1.json.newBytes / 4);

    const list = await h.call('GET', '/api/v1/folders/default/backups?sort=startedAt&order=asc', { cookie });
    expect(list.json.total).toBe(2);
    expect(list.json.items.map((b: { id: string }) => b.id)).toEqual([first, second]);
    const filtered = await h.call('GET', '/api/v1/folders/default/backups?type=incremental', { cookie });
    expect(filtered.json.items.map((b: { id: string }) => b.id)).toEqual([second]);

    const op = await h.call('GET', `/api/v1/folders/default/operations/${b1.json.operationId}`, { cookie });
    expect(op.json.status).toBe('succeeded');
    expect(op.json.log.map((l: { step: string }) => l.step)).toEqual(expect.arrayContaining(['queue', 'dispatch', 'read']));
  });

  it('deleting a backup keeps the other complete and frees storage', async () => {
    const first = await runBackup({ 'big.bin': Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251)) });
    const second = await runBackup({ 'small.txt': Buffer.from('only this') });
    const before = await h.call('GET', '/api/v1/folders/default/storage', { cookie });
    const del = await h.call('DELETE', `/api/v1/folders/default/backups/${first}`, { cookie });
    expect(del.status).toBe(200);
    await h.services.maintenance.idle();
    const op = await h.call('GET', `/api/v1/folders/default/operations/${del.json.id}`, { cookie });
    expect(op.json.status).toBe('succeeded');
    const after = await h.call('GET', '/api/v1/folders/default/storage', { cookie });
    expect(after.json.folderBytes).toBeLessThan(before.json.folderBytes);
    expect((await h.call('GET', `/api/v1/folders/default/backups/${first}`, { cookie })).status).toBe(404);
    const verify = await h.call('POST', `/api/v1/folders/default/backups/${second}/verify`, { cookie });
    await h.services.maintenance.idle();
    const result = await h.call('GET', `/api/v1/folders/default/operations/${verify.json.id}`, { cookie });
    expect(result.json.status).toBe('succeeded');
    expect(result.json.verify.damaged).toEqual([]);
    expect(result.json.verify.checkedChunks).toBe(2);
  });

  it('verify names the damaged chunk and the file it affects after a byte flips on disk', async () => {
    // Random content: the data blob fills almost all of the pack, so a byte in its middle is the chunk's.
    const backupId = await runBackup({ 'doc.txt': randomBytes(100_000) });
    const packsDir = path.join(h.config.dataDir, 'repositories/default/packs');
    const packs = readdirSync(packsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const dataPack = packs.map((p) => path.join(p.parentPath, p.name)).sort((x, y) => statSync(y).size - statSync(x).size)[0]!;
    const bytes = readFileSync(dataPack);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(dataPack, bytes);
    const verify = await h.call('POST', `/api/v1/folders/default/backups/${backupId}/verify`, { cookie });
    await h.services.maintenance.idle();
    const result = await h.call('GET', `/api/v1/folders/default/operations/${verify.json.id}`, { cookie });
    expect(result.json.status).toBe('failed');
    expect(result.json.verify.damaged).toHaveLength(1);
    expect(result.json.verify.damaged[0].backups).toEqual([{ backupId, paths: ['/doc.txt'] }]);
  });
});

describe('agent job safety', () => {
  it('refuses a chunk whose content does not match its id and stores nothing', async () => {
    await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } });
    const { backupId } = (await agentCall('GET', '/jobs/next?wait=0')).json.job;
    const liar = { id: chunkId(Buffer.from('claimed')), type: 'data' as const, data: Buffer.from('actual') };
    const res = await uploadPack(backupId, [liar]);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/does not match/i);
    expect((await agentCall('POST', `/backups/${backupId}/missing`, { ids: [liar.id] })).json.missing).toEqual([liar.id]);
  });

  it("an agent cannot touch another instance's backup", async () => {
    await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } });
    const { backupId } = (await agentCall('GET', '/jobs/next?wait=0')).json.job;
    const other = await h.registerAgent(cookie, 'vm', 'intruder');
    const blob = file('x', Buffer.from('x')).blob;
    expect((await agentCall('POST', `/backups/${backupId}/missing`, { ids: [blob.id] }, other.credential)).status).toBe(404);
    expect((await uploadPack(backupId, [blob], other.credential)).status).toBe(404);
    expect((await agentCall('POST', `/backups/${backupId}/fail`, { error: 'x', log: [] }, other.credential)).status).toBe(404);
    expect((await agentCall('GET', '/jobs/next?wait=0', undefined, other.credential)).json.job).toBeNull();
  });

  it('refuses a commit that names data the server does not hold', async () => {
    await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } });
    const { backupId } = (await agentCall('GET', '/jobs/next?wait=0')).json.job;
    const f = file('a', Buffer.from('never uploaded'));
    const tree = encodeTree([f.node]);
    await uploadPack(backupId, [{ id: tree.id, type: 'tree', data: tree.plain }]);
    const commit = await agentCall('POST', `/backups/${backupId}/commit`, { rootTreeId: tree.id, fileCount: 1, dirCount: 1, logicalBytes: 14, warnings: [], log: [] });
    expect(commit.status).toBe(409);
    expect(commit.json.error.message).toContain(f.blob.id);
  });

  it('marks a backup abandoned when its agent comes back asking for work, and failed when it reports failure', async () => {
    await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } });
    const { backupId } = (await agentCall('GET', '/jobs/next?wait=0')).json.job;
    let inst = await h.call('GET', `/api/v1/folders/default/instances/${agent.instanceId}`, { cookie });
    expect(inst.json.activity).toBe('backing_up');
    await agentCall('GET', '/jobs/next?wait=0');
    const b = await h.call('GET', `/api/v1/folders/default/backups/${backupId}`, { cookie });
    expect(b.json).toMatchObject({ status: 'abandoned' });
    expect(b.json.error).toMatch(/lost the job/);

    await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } });
    const second = (await agentCall('GET', '/jobs/next?wait=0')).json.job.backupId;
    await agentCall('POST', `/backups/${second}/fail`, { error: 'pre-command "dump" exited with 1', log: [] });
    expect((await h.call('GET', `/api/v1/folders/default/backups/${second}`, { cookie })).json).toMatchObject({ status: 'failed', error: 'pre-command "dump" exited with 1' });
    inst = await h.call('GET', `/api/v1/folders/default/instances/${agent.instanceId}`, { cookie });
    expect(inst.json.activity).toBe('failed');
  });

  it('back up now refuses unlinked policies, duplicates and unknown ids', async () => {
    const weekly = (await h.call('GET', '/api/v1/folders/default/policies', { cookie })).json.items.find((p: { name: string }) => p.name === 'Default weekly').id;
    const unlinked = await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: weekly } });
    expect(unlinked.status).toBe(409);
    expect(unlinked.json.error.message).toMatch(/not linked/);
    expect((await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } })).status).toBe(201);
    expect((await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: { policyId: dailyId } })).status).toBe(409);
    expect((await h.call('POST', `/api/v1/folders/default/instances/ins_nope/backups`, { cookie, body: { policyId: dailyId } })).status).toBe(404);
    expect((await h.call('POST', `/api/v1/folders/default/instances/${agent.instanceId}/backups`, { cookie, body: {} })).status).toBe(400);
  });
});
