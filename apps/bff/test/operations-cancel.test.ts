import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness';
import { encodeTestTree, FakeAgent, type TestTree } from './support/fake-agent';

let h: Harness;
let cookie: string;
let source: FakeAgent;
let target: FakeAgent;
let dailyId: string;

const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });
const PROGRESS = {
  progress: { phase: 'uploading', filesDone: 1, filesTotal: 3, bytesDone: 10, bytesTotal: 100, bytesUploaded: 10, bytesPerSecond: 5, etaSeconds: 18, currentPath: '/a' },
  log: [{ at: '2026-11-25T12:00:00.000Z', level: 'info', step: 'upload', message: 'uploading' }],
};

async function queueBackup(): Promise<string> {
  h.clock.advance(60_000);
  const now = await api('POST', `/instances/${source.instanceId}/backups`, { policyId: dailyId });
  expect(now.status, now.text).toBe(201);
  return now.json.id as string;
}

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
  expect((await api('PUT', `/instances/${source.instanceId}/policies/${dailyId}`)).status).toBe(200);
});
afterEach(async () => {
  await h.services.maintenance.idle();
  h.close();
});

describe('cancelling operations', () => {
  it('cancels a queued backup at once; no agent is ever handed it; a second cancel is a conflict', async () => {
    const opId = await queueBackup();
    const listed = await api('GET', `/operations/${opId}`);
    expect(listed.json).toMatchObject({ status: 'queued', cancellable: true });

    const cancel = await api('POST', `/operations/${opId}/cancel`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.json).toMatchObject({ id: opId, status: 'cancelled', cancellable: false, result: 'Cancelled by admin' });
    expect(cancel.json.finishedAt).not.toBeNull();

    expect((await source.call('GET', '/jobs/next?wait=0')).json.job).toBeNull();
    expect(h.services.repos.backups.runningOf(source.instanceId)).toEqual([]);

    const again = await api('POST', `/operations/${opId}/cancel`);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', message: 'This backup is cancelled and can no longer be cancelled' });

    const audit = await api('GET', '/audit?action=operation.cancel');
    expect(audit.json.items).toHaveLength(1);
    expect(audit.json.items[0]).toMatchObject({ action: 'operation.cancel', resourceType: 'operation', resourceId: opId, detail: { type: 'backup', previousStatus: 'queued' } });
  });

  it('cancels a running backup: the agent is told on its next progress call, its commit is refused, the backup ends abandoned', async () => {
    // A committed backup first, so there is something to verify afterwards.
    await queueBackup();
    const good = await source.backUp({ 'keep.txt': 'kept' });

    const opId = await queueBackup();
    const next = await source.call('GET', '/jobs/next?wait=0');
    const backupId = next.json.job.backupId as string;
    const tree: TestTree = { 'half.bin': randomBytes(50_000), 'keep.txt': 'kept' };
    const encoded = encodeTestTree(tree);
    const missing = await source.call('POST', `/backups/${backupId}/missing`, { ids: [...encoded.blobs.keys()] });
    const need = new Set<string>(missing.json.missing);
    const up = await source.uploadPack(backupId, [...encoded.blobs.values()].filter((b) => need.has(b.id)));
    expect(up.status).toBe(200);
    expect((await source.call('POST', `/backups/${backupId}/progress`, PROGRESS)).json).toEqual({ cancel: false });
    expect((await api('GET', `/operations/${opId}`)).json).toMatchObject({ status: 'running', cancellable: true, backupId });

    const cancel = await api('POST', `/operations/${opId}/cancel`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.json).toMatchObject({ status: 'cancelled', cancellable: false });
    const backup = h.services.repos.backups.findById(backupId)!;
    expect(backup).toMatchObject({ status: 'abandoned', rootTreeId: null, error: 'Cancelled by admin' });
    expect(backup.finishedAt).not.toBeNull();

    // The agent learns it from its next progress call, and whatever it tries afterwards is refused.
    expect((await source.call('POST', `/backups/${backupId}/progress`, PROGRESS)).json).toEqual({ cancel: true });
    const commit = await source.call('POST', `/backups/${backupId}/commit`, {
      rootTreeId: encoded.id,
      fileCount: encoded.files,
      dirCount: 1,
      logicalBytes: encoded.bytes,
      warnings: [],
      log: [],
    });
    expect(commit.status).toBe(409);
    expect(commit.json.error.message).toContain('cancelled');
    expect((await source.uploadPack(backupId, [...encoded.blobs.values()])).status).toBe(409);
    // The agent's report of its stop is taken quietly; the outcome stays as the cancel set it.
    const fail = await source.call('POST', `/backups/${backupId}/fail`, { error: 'Cancelled', log: [{ at: '2026-11-25T12:00:01.000Z', level: 'error', step: 'job', message: 'Backup failed: Cancelled' }] });
    expect(fail.status, fail.text).toBe(200);
    expect(h.services.repos.backups.findById(backupId)!.status).toBe('abandoned');
    const op = await api('GET', `/operations/${opId}`);
    expect(op.json.status).toBe('cancelled');
    expect(op.json.log.map((l: { message: string }) => l.message)).toEqual(expect.arrayContaining(['Cancelled by admin', 'Backup failed: Cancelled']));

    // Nothing half-written is visible: the cancelled backup cannot be browsed; the instance is idle again.
    expect((await api('GET', `/backups/${backupId}/catalog?path=/`)).status).toBeGreaterThanOrEqual(400);
    expect((await api('GET', `/instances/${source.instanceId}`)).json.activity).toBe('idle');
    expect((await source.call('GET', '/jobs/next?wait=0')).json.job).toBeNull();

    // The repository is intact: the earlier backup verifies clean.
    const verify = await api('POST', `/backups/${good}/verify`);
    await h.services.maintenance.idle();
    const result = await api('GET', `/operations/${verify.json.id}`);
    expect(result.json.status).toBe('succeeded');
    expect(result.json.verify.damaged).toEqual([]);
  });

  it('cancels a running restore: the agent is told on its next progress call and reads nothing more', async () => {
    await queueBackup();
    const id = await source.backUp({ docs: { 'a.txt': 'alpha' } });
    const created = await api('POST', `/backups/${id}/restore`, {
      targetInstanceId: target.instanceId,
      scope: { kind: 'whole' },
      location: { kind: 'original' },
      overwrite: 'all',
    });
    expect(created.status, created.text).toBe(201);
    const job = (await target.call('GET', '/jobs/next?wait=0')).json.job;
    expect(job.operationId).toBe(created.json.id);
    const opUrl = `/restores/${created.json.id}`;
    const restoreProgress = {
      progress: { phase: 'restoring', filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 5, bytesPerSecond: 0, etaSeconds: null, currentPath: null },
      log: [],
    };
    expect((await target.call('POST', `${opUrl}/progress`, restoreProgress)).json).toEqual({ cancel: false });

    const cancel = await api('POST', `/operations/${created.json.id}/cancel`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.json).toMatchObject({ status: 'cancelled', type: 'restore', cancellable: false });

    expect((await target.call('POST', `${opUrl}/progress`, restoreProgress)).json).toEqual({ cancel: true });
    expect((await target.call('GET', `${opUrl}/trees/${job.items[0].node.subtree}`)).status).toBe(409);
    expect((await target.call('POST', `${opUrl}/fail`, { error: 'Cancelled', log: [] })).status).toBe(200);
    const finish = await target.call('POST', `${opUrl}/finish`, {
      summary: { restoredFiles: 1, restoredDirs: 1, restoredBytes: 5, skippedCount: 0, failedCount: 0, skipped: [], failed: [] },
      log: [],
    });
    expect(finish.status).toBe(409);
    expect((await api('GET', `/operations/${created.json.id}`)).json.status).toBe('cancelled');
  });

  it('refuses to cancel a finished operation or one that is not a backup or restore (409), and an unknown one (404)', async () => {
    const opId = await queueBackup();
    const backupId = await source.backUp({ 'a.txt': 'a' });
    const done = await api('POST', `/operations/${opId}/cancel`);
    expect(done.status).toBe(409);
    expect(done.json.error).toEqual({ code: 'conflict', message: 'This backup is succeeded and can no longer be cancelled' });

    const verify = await api('POST', `/backups/${backupId}/verify`);
    const notCancellable = await api('POST', `/operations/${verify.json.id}/cancel`);
    expect(notCancellable.status).toBe(409);
    expect(notCancellable.json.error.message).toBe('Only backups and restores can be cancelled; this verify operation runs to its end');
    await h.services.maintenance.idle();

    expect((await api('POST', '/operations/op_doesnotexist/cancel')).status).toBe(404);
    expect(h.services.repos.backups.findById(backupId)!.status).toBe('completed');
  });
});

describe('operations list filters', () => {
  it('honours from/to (created at or after from, before to) together with type and status', async () => {
    const t0 = h.clock.now();
    // One backup per instance and policy may wait at a time: cancel each before queueing the next.
    const first = await queueBackup(); // t0 + 1 min
    expect((await api('POST', `/operations/${first}/cancel`)).status).toBe(200);
    const second = await queueBackup(); // t0 + 2 min
    expect((await api('POST', `/operations/${second}/cancel`)).status).toBe(200);
    const third = await queueBackup(); // t0 + 3 min
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000).toISOString();
    const ids = async (query: string) => {
      const res = await api('GET', `/operations?type=backup&${query}`);
      expect(res.status, res.text).toBe(200);
      return { ids: res.json.items.map((o: { id: string }) => o.id), total: res.json.total };
    };
    expect(await ids(`from=${at(2)}`)).toEqual({ ids: [third, second], total: 2 });
    expect(await ids(`to=${at(2)}`)).toEqual({ ids: [first], total: 1 });
    expect(await ids(`from=${at(1)}&to=${at(3)}`)).toEqual({ ids: [second, first], total: 2 });
    expect(await ids(`from=${at(1)}&to=${at(4)}&status=queued`)).toEqual({ ids: [third], total: 1 });
    expect((await api('GET', '/operations?from=yesterday')).status).toBe(400);
  });
});
