import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkId } from '@cloud-backup/engine';
import { decodeChunkBatch } from '@cloud-backup/domain';
import { hashPassword } from '../src/lib/secrets';
import { createHarness, type Harness } from './harness';
import { FakeAgent, type TestTree } from './support/fake-agent';

let h: Harness;
let cookie: string;
let source: FakeAgent;
let target: FakeAgent;
let dailyId: string;

// Incompressible, so it fills most of its pack (the damaged-chunk test relies on that).
const big = randomBytes(300_000);
const TREE: TestTree = {
  docs: { 'a.txt': 'alpha', 'b.txt': 'bravo', deep: { 'c.txt': 'charlie' } },
  media: { 'big.bin': big, 'a.txt': 'another a' },
  'top.txt': 'top level',
};

async function backUp(tree: TestTree): Promise<string> {
  h.clock.advance(60_000);
  const now = await h.call('POST', `/api/v1/folders/default/instances/${source.instanceId}/backups`, { cookie, body: { policyId: dailyId } });
  expect(now.status).toBe(201);
  return source.backUp(tree);
}

const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });

beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
  const a = await h.registerAgent(cookie, 'vm', 'web-01');
  const b = await h.registerAgent(cookie, 'vm', 'web-02');
  source = new FakeAgent(h, a.instanceId, a.credential);
  target = new FakeAgent(h, b.instanceId, b.credential);
  const policies = await api('GET', '/policies');
  dailyId = policies.json.items.find((p: { name: string }) => p.name === 'Default daily').id;
  await api('PUT', `/instances/${source.instanceId}/policies/${dailyId}`);
});
afterEach(async () => {
  await h.services.maintenance.idle();
  h.close();
});

describe('browsing a backup', () => {
  it('lists a directory with folder totals, sorts and pages it', async () => {
    const id = await backUp(TREE);
    const root = await api('GET', `/backups/${id}/catalog?path=/`);
    expect(root.status).toBe(200);
    expect(root.json.dir).toMatchObject({ type: 'dir', fileCount: 6, size: 5 + 5 + 7 + big.length + 9 + 9, childCount: 3 });
    expect(root.json.entries.map((e: { name: string }) => e.name)).toEqual(['docs', 'media', 'top.txt']);
    expect(root.json.entries[0]).toMatchObject({ path: '/docs', type: 'dir', fileCount: 3, size: 17 });

    const bySize = await api('GET', `/backups/${id}/catalog?path=/media&sort=size&order=desc`);
    expect(bySize.json.entries.map((e: { name: string }) => e.name)).toEqual(['big.bin', 'a.txt']);
    const paged = await api('GET', `/backups/${id}/catalog?path=/docs&limit=1&offset=1`);
    expect(paged.json).toMatchObject({ total: 3, offset: 1 });
    expect(paged.json.entries.map((e: { name: string }) => e.name)).toEqual(['b.txt']);

    expect((await api('GET', `/backups/${id}/catalog?path=/nope`)).status).toBe(404);
    expect((await api('GET', `/backups/${id}/catalog?path=/top.txt`)).status).toBe(409);
    expect((await api('GET', `/backups/${id}/catalog?path=/docs/../media`)).status).toBe(400);
  });

  it('searches by substring and glob, and shows a file’s versions with where it changed', async () => {
    const first = await backUp(TREE);
    const second = await backUp({ ...TREE, 'top.txt': 'changed' });
    const third = await backUp({ ...TREE, 'top.txt': 'changed' });

    const sub = await api('GET', `/backups/${third}/catalog/search?q=A.TXT`);
    expect(sub.json.items.map((e: { path: string }) => e.path)).toEqual(['/docs/a.txt', '/media/a.txt']);
    expect(sub.json.total).toBe(2);
    const glob = await api('GET', `/backups/${third}/catalog/search?q=${encodeURIComponent('?.txt')}`);
    expect(glob.json.items.map((e: { path: string }) => e.path)).toEqual(['/docs/a.txt', '/docs/b.txt', '/docs/deep/c.txt', '/media/a.txt']);

    const versions = await api('GET', `/backups/${third}/catalog/versions?path=/top.txt`);
    expect(versions.json.versions.map((v: { backupId: string; changed: boolean; size: number }) => [v.backupId, v.changed, v.size])).toEqual([
      [third, false, 7],
      [second, true, 7],
      [first, true, 9],
    ]);
  });
});

describe('downloads', () => {
  it('streams a file and a folder as tar and zip with the original bytes', async () => {
    const id = await backUp(TREE);
    const file = await h.app.request(`/api/v1/folders/default/backups/${id}/download?path=/media/big.bin`, { headers: { cookie } });
    expect(file.headers.get('content-disposition')).toContain('big.bin');
    expect(Buffer.from(await file.arrayBuffer()).equals(big)).toBe(true);

    const dir = mkdtempSync(path.join(tmpdir(), 'cb-dl-'));
    try {
      for (const format of ['tar', 'zip'] as const) {
        const res = await h.app.request(`/api/v1/folders/default/backups/${id}/download?path=/docs&format=${format}`, { headers: { cookie } });
        expect(res.status).toBe(200);
        const archive = path.join(dir, `docs.${format}`);
        writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
        const out = path.join(dir, format);
        const unpack =
          format === 'tar'
            ? spawnSync('sh', ['-c', `mkdir -p "${out}" && tar -xf "${archive}" -C "${out}"`])
            : spawnSync('python3', ['-c', `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])`, archive, out]);
        expect(unpack.status, unpack.stderr?.toString()).toBe(0);
        expect(readFileSync(path.join(out, 'docs/a.txt'), 'utf8')).toBe('alpha');
        expect(readFileSync(path.join(out, 'docs/deep/c.txt'), 'utf8')).toBe('charlie');
        expect(readdirSync(path.join(out, 'docs')).sort()).toEqual(['a.txt', 'b.txt', 'deep']);
        expect(statSync(path.join(out, 'docs/b.txt')).size).toBe(5);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('restoring', () => {
  it('refuses targets of another kind, bad scopes and clashing names with a 400 naming the field', async () => {
    const id = await backUp(TREE);
    const bms = await h.registerAgent(cookie, 'bms', 'metal-01');
    const cross = await api('POST', `/backups/${id}/restore`, { targetInstanceId: bms.instanceId, scope: { kind: 'whole' }, location: { kind: 'original' }, overwrite: 'all' });
    expect(cross.status).toBe(400);
    expect(cross.json.error.fields).toHaveProperty('targetInstanceId');
    expect(cross.json.error.message).toMatch(/virtual machine/);

    const wholeCustom = await api('POST', `/backups/${id}/restore`, { targetInstanceId: target.instanceId, scope: { kind: 'whole' }, location: { kind: 'custom', path: '/x' }, overwrite: 'all' });
    expect(wholeCustom.status).toBe(400);
    const missing = await api('POST', `/backups/${id}/restore`, { targetInstanceId: target.instanceId, scope: { kind: 'items', paths: ['/docs/zzz'] }, location: { kind: 'original' }, overwrite: 'all' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain('/docs/zzz');
    const clash = await api('POST', `/backups/${id}/restore`, {
      targetInstanceId: target.instanceId,
      scope: { kind: 'items', paths: ['/docs/a.txt', '/media/a.txt'] },
      location: { kind: 'custom', path: '/restored' },
      overwrite: 'all',
    });
    expect(clash.status).toBe(400);
    expect(clash.json.error.message).toMatch(/a\.txt/);
    const dotdot = await api('POST', `/backups/${id}/restore`, { targetInstanceId: target.instanceId, scope: { kind: 'items', paths: ['/docs/../etc'] }, location: { kind: 'original' }, overwrite: 'all' });
    expect(dotdot.status).toBe(400);
  });

  it('hands the target agent a restore job that reads only its own trees and chunks, and records the summary', async () => {
    const id = await backUp(TREE);
    const created = await api('POST', `/backups/${id}/restore`, {
      targetInstanceId: target.instanceId,
      scope: { kind: 'items', paths: ['/docs', '/media/big.bin'] },
      location: { kind: 'custom', path: '/restored' },
      overwrite: 'none',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'file_restore', status: 'queued', restore: { backupId: id, targetInstanceId: target.instanceId } });

    // The source agent gets nothing; the target gets the job.
    expect((await source.call('GET', '/jobs/next?wait=0')).json.job).toBeNull();
    const job = (await target.call('GET', '/jobs/next?wait=0')).json.job;
    expect(job).toMatchObject({ kind: 'restore', operationId: created.json.id, overwrite: 'none', filesTotal: 4, bytesTotal: 17 + big.length });
    expect(job.items.map((i: { sourcePath: string; targetDir: string; node: { name: string } }) => [i.sourcePath, i.targetDir, i.node.name])).toEqual([
      ['/docs', '/restored', 'docs'],
      ['/media/big.bin', '/restored', 'big.bin'],
    ]);
    const opUrl = `/restores/${created.json.id}`;
    const docs = job.items[0].node;
    const tree = await target.call('GET', `${opUrl}/trees/${docs.subtree}`);
    expect(tree.json.nodes.map((n: { name: string }) => n.name)).toEqual(['a.txt', 'b.txt', 'deep']);

    // A tree or chunk outside the selection is refused, even though the repository holds it.
    const backup = h.services.repos.backups.findById(id)!;
    expect((await target.call('GET', `${opUrl}/trees/${backup.rootTreeId}`)).status).toBe(403);
    const otherChunk = chunkId(Buffer.from('another a'));
    const refused = await target.raw('POST', `${opUrl}/chunks`, JSON.stringify({ ids: [otherChunk] }), 'application/json');
    expect(refused.status).toBe(403);
    // Another instance's credential reaches nothing of this restore.
    expect((await source.call('GET', `${opUrl}/trees/${docs.subtree}`)).status).toBe(404);

    const aId = tree.json.nodes[0].content[0];
    const batch = await target.raw('POST', `${opUrl}/chunks`, JSON.stringify({ ids: [aId, job.items[1].node.content[0]] }), 'application/json');
    const decoded = decodeChunkBatch(new Uint8Array(await batch.arrayBuffer()));
    expect(decoded.damaged).toEqual([]);
    expect(decoded.blobs.map((b) => Buffer.from(b.data).subarray(0, 5).toString('hex'))).toEqual([
      Buffer.from('alpha').toString('hex'),
      big.subarray(0, 5).toString('hex'),
    ]);

    const progress = await target.call('POST', `${opUrl}/progress`, {
      progress: { phase: 'restoring', filesDone: 2, filesTotal: 4, bytesDone: 150_000, bytesTotal: 300_017, bytesPerSecond: 1000, etaSeconds: 150, currentPath: '/restored/big.bin' },
      log: [{ at: new Date().toISOString(), level: 'info', step: 'restore', message: 'writing' }],
    });
    expect(progress.json).toEqual({ cancel: false });
    const mid = await api('GET', `/operations/${created.json.id}`);
    expect(mid.json).toMatchObject({ status: 'running', progressPercent: 49, restore: { progress: { filesDone: 2 } } });

    const summary = { restoredFiles: 3, restoredDirs: 2, restoredBytes: 300_012, skippedCount: 1, failedCount: 0, skipped: [{ path: '/restored/docs/a.txt', reason: 'exists on the target' }], failed: [] };
    expect((await target.call('POST', `${opUrl}/finish`, { summary, log: [] })).status).toBe(200);
    const done = await api('GET', `/operations/${created.json.id}`);
    expect(done.json).toMatchObject({ status: 'succeeded_with_warnings', restore: { summary, progress: null } });
    expect(done.json.result).toMatch(/3 files and 2 folders restored .* 1 skipped; 0 failed/);
    // Finished: the restore's data is closed to the agent.
    expect((await target.call('GET', `${opUrl}/trees/${docs.subtree}`)).status).toBe(409);
  });

  it('names a damaged chunk instead of sending its bytes', async () => {
    const id = await backUp(TREE);
    const repoDir = path.join(h.config.dataDir, 'repositories', 'default');
    const packs = readdirSync(repoDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.parentPath.includes('packs'));
    expect(packs.length).toBeGreaterThan(0);
    // Flip a byte in the middle of the largest pack: it holds big.bin's chunk.
    const largest = packs.map((p) => path.join(p.parentPath, p.name)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
    const bytes = readFileSync(largest);
    bytes[Math.floor(bytes.length / 3)]! ^= 0xff;
    writeFileSync(largest, bytes);

    const created = await api('POST', `/backups/${id}/restore`, { targetInstanceId: target.instanceId, scope: { kind: 'items', paths: ['/media/big.bin'] }, location: { kind: 'original' }, overwrite: 'all' });
    const job = (await target.call('GET', '/jobs/next?wait=0')).json.job;
    const chunk = job.items[0].node.content[0];
    const res = await target.raw('POST', `/restores/${created.json.id}/chunks`, JSON.stringify({ ids: [chunk] }), 'application/json');
    const decoded = decodeChunkBatch(new Uint8Array(await res.arrayBuffer()));
    expect(decoded.blobs).toEqual([]);
    expect(decoded.damaged).toEqual([{ id: chunk, reason: expect.stringMatching(/damaged/) }]);
  });

  it('fails a restore whose target stays offline, and refuses deleting a backup being restored', async () => {
    const id = await backUp(TREE);
    const created = await api('POST', `/backups/${id}/restore`, { targetInstanceId: target.instanceId, scope: { kind: 'whole' }, location: { kind: 'original' }, overwrite: 'older' });
    expect(created.status).toBe(201);
    expect((await api('DELETE', `/backups/${id}`)).status).toBe(409);

    h.clock.advance(h.config.restoreOfflineWaitMs + 1000);
    h.services.restores.expireWaiting();
    const op = (await api('GET', `/operations/${created.json.id}`)).json;
    expect(op.status).toBe('failed');
    expect(op.result).toMatch(/stayed offline for 10 minutes/);
    expect((await api('DELETE', `/backups/${id}`)).status).toBe(200);
  });

  it('queues a second restore to the same target behind the first', async () => {
    const id = await backUp(TREE);
    const body = { targetInstanceId: target.instanceId, scope: { kind: 'items', paths: ['/top.txt'] }, location: { kind: 'original' }, overwrite: 'all' };
    const one = await api('POST', `/backups/${id}/restore`, body);
    const two = await api('POST', `/backups/${id}/restore`, body);
    const first = (await target.call('GET', '/jobs/next?wait=0')).json.job;
    expect(first.operationId).toBe(one.json.id);
    expect((await api('GET', `/operations/${two.json.id}`)).json.status).toBe('queued');
    await target.call('POST', `/restores/${one.json.id}/finish`, { summary: { restoredFiles: 1, restoredDirs: 0, restoredBytes: 9, skippedCount: 0, failedCount: 0, skipped: [], failed: [] }, log: [] });
    const second = (await target.call('GET', '/jobs/next?wait=0')).json.job;
    expect(second.operationId).toBe(two.json.id);
  });
});

describe('roles', () => {
  it('lets a viewer browse and download but not restore or browse a target', async () => {
    const id = await backUp(TREE);
    h.services.repos.users.insert({ id: 'usr_viewer', username: 'viewer', passwordHash: await hashPassword('viewer password 1'), createdAt: h.clock.now() });
    h.services.repos.users.bindRole('usr_viewer', 'default', 'backup.viewer');
    const viewer = await h.signIn('viewer', 'viewer password 1');
    const as = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie: viewer, body });
    expect((await as('GET', `/backups/${id}/catalog?path=/docs`)).status).toBe(200);
    expect((await as('GET', `/backups/${id}/catalog/search?q=a`)).status).toBe(200);
    const download = await h.app.request(`/api/v1/folders/default/backups/${id}/download?path=/top.txt`, { headers: { cookie: viewer } });
    expect(await download.text()).toBe('top level');
    const restore = await as('POST', `/backups/${id}/restore`, { targetInstanceId: target.instanceId, scope: { kind: 'whole' }, location: { kind: 'original' }, overwrite: 'all' });
    expect(restore.status).toBe(403);
    expect((await as('GET', `/instances/${target.instanceId}/files?path=/`)).status).toBe(403);
    expect((await api('GET', '/operations?type=restore')).json.total).toBe(0);
  });
});

describe("the target's own files", () => {
  it('relays listing and folder creation to the agent and its refusals to the console', async () => {
    const listing = api('GET', `/instances/${target.instanceId}/files?path=/srv`);
    const request = (await target.call('GET', '/requests/next?wait=5')).json.request;
    expect(request).toMatchObject({ kind: 'list_dir', path: '/srv' });
    const answer = { path: '/srv', entries: [{ name: 'www', type: 'dir', size: 0, mtime: new Date(0).toISOString() }], truncated: false };
    expect((await target.call('POST', `/requests/${request.id}/result`, { ok: true, listing: answer })).status).toBe(200);
    expect((await listing).json).toEqual(answer);

    const create = api('POST', `/instances/${target.instanceId}/files/folders`, { parent: '/srv', name: 'www' });
    const mk = (await target.call('GET', '/requests/next?wait=5')).json.request;
    expect(mk).toMatchObject({ kind: 'make_dir', path: '/srv/www' });
    await target.call('POST', `/requests/${mk.id}/result`, { ok: false, code: 'exists', message: '/srv/www already exists' });
    const refused = await create;
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toBe('/srv/www already exists');

    const bad = await api('POST', `/instances/${target.instanceId}/files/folders`, { parent: '/srv', name: 'a*b' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('name');
    // Another agent cannot answer this agent's request.
    const again = api('GET', `/instances/${target.instanceId}/files?path=/`);
    const r = (await target.call('GET', '/requests/next?wait=5')).json.request;
    expect((await source.call('POST', `/requests/${r.id}/result`, { ok: true, listing: answer })).status).toBe(404);
    await target.call('POST', `/requests/${r.id}/result`, { ok: true, listing: { ...answer, path: '/' } });
    expect((await again).json.path).toBe('/');
  });

  it('answers 409 at once for an offline instance', async () => {
    h.clock.advance(10 * 60_000);
    const res = await api('GET', `/instances/${target.instanceId}/files?path=/`);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/offline/);
  });
});
