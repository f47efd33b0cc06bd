import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from '@cloud-backup/domain';
import { createHarness, type Harness } from './harness';
import { FakeAgent } from './support/fake-agent';

let h: Harness;
let cookie: string;
let a: FakeAgent;
let b: FakeAgent;
let dailyId: string;
let weeklyId: string;

const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });
const ops = async (type: string): Promise<Operation[]> => (await api('GET', `/operations?type=${type}`)).json.items;

beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
  const ra = await h.registerAgent(cookie, 'vm', 'web-01');
  const rb = await h.registerAgent(cookie, 'vm', 'web-02');
  a = new FakeAgent(h, ra.instanceId, ra.credential);
  b = new FakeAgent(h, rb.instanceId, rb.credential);
  const policies: { id: string; name: string }[] = (await api('GET', '/policies')).json.items;
  dailyId = policies.find((p) => p.name === 'Default daily')!.id;
  weeklyId = policies.find((p) => p.name === 'Default weekly')!.id;
});
afterEach(async () => {
  await h.services.maintenance.idle();
  h.close();
});

describe('operations of every kind appear on the Operations page', () => {
  it('applying and revoking a policy are finished operations on the instance, by whoever did it', async () => {
    expect((await api('PUT', `/instances/${a.instanceId}/policies/${dailyId}`)).status).toBe(200);
    expect((await api('POST', `/policies/${weeklyId}/instances`, { instanceIds: [a.instanceId, b.instanceId] })).status).toBe(200);
    const applied = await ops('apply_policy');
    expect(applied.map((o) => o.result).sort()).toEqual([
      'Policy "Default daily" applied to web-01',
      'Policy "Default weekly" applied to web-01',
      'Policy "Default weekly" applied to web-02',
    ]);
    expect(applied.map((o) => o.target.id).sort()).toEqual([a.instanceId, a.instanceId, b.instanceId].sort());
    for (const o of applied) expect(o).toMatchObject({ status: 'succeeded', startedBy: 'admin', target: { kind: 'instance' }, cancellable: false });

    expect((await api('DELETE', `/instances/${a.instanceId}/policies/${dailyId}`)).status).toBe(200);
    expect((await api('DELETE', `/policies/${weeklyId}`)).status).toBe(200);
    const revoked = await ops('revoke_policy');
    expect(revoked.map((o) => o.result).sort()).toEqual([
      'Policy "Default daily" revoked from web-01',
      'Policy "Default weekly" revoked from web-01',
      'Policy "Default weekly" revoked from web-02',
    ]);
    const log = await api('GET', `/operations/${revoked[0]!.id}`);
    expect(log.json.log.map((l: { step: string }) => l.step)).toEqual(['revoke_policy']);
  });

  it('deleting a backup starts a garbage collection of its own, and both finish with what was freed', async () => {
    expect((await api('PUT', `/instances/${a.instanceId}/policies/${dailyId}`)).status).toBe(200);
    const backUp = async (tree: Parameters<FakeAgent['backUp']>[0]) => {
      h.clock.advance(60_000);
      expect((await api('POST', `/instances/${a.instanceId}/backups`, { policyId: dailyId })).status).toBe(201);
      return a.backUp(tree);
    };
    const first = await backUp({ 'only-in-first.bin': Buffer.alloc(50_000, 7), 'shared.txt': 'shared' });
    await backUp({ 'shared.txt': 'shared' });
    const deleted = await api('DELETE', `/backups/${first}`);
    expect(deleted.status, deleted.text).toBe(200);
    await h.services.maintenance.idle();

    const [gc] = await ops('gc');
    expect(gc).toMatchObject({ status: 'succeeded', startedBy: 'scheduler', target: { kind: 'folder', id: 'default' } });
    expect(gc!.result).toMatch(/^Freed \d/);
    const del = (await api('GET', `/operations/${deleted.json.id}`)).json;
    expect(del).toMatchObject({ type: 'delete_backup', status: 'succeeded', result: gc!.result });
    expect(del.log.map((l: { message: string }) => l.message)).toContain(`Garbage collection runs as operation ${gc!.id}`);
  });

  it("keeps a post-command's output that arrives after the commit, for an hour", async () => {
    expect((await api('PUT', `/instances/${a.instanceId}/policies/${dailyId}`)).status).toBe(200);
    h.clock.advance(60_000);
    const op = await api('POST', `/instances/${a.instanceId}/backups`, { policyId: dailyId });
    const backupId = await a.backUp({ 'a.txt': 'alpha' });
    const late = (message: string) => ({
      progress: { phase: 'post_command', filesDone: 1, filesTotal: 1, bytesDone: 5, bytesTotal: 5, bytesUploaded: 0, bytesPerSecond: 0, etaSeconds: 0, currentPath: null },
      log: [{ at: h.clock.now().toISOString(), level: 'info', step: 'post-command', message }],
    });
    const sent = await a.call('POST', `/backups/${backupId}/progress`, late('service resumed'));
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ cancel: false });
    const after = (await api('GET', `/operations/${op.json.id}`)).json;
    expect(after.status).toBe('succeeded');
    expect(after.log.at(-1)).toMatchObject({ step: 'post-command', message: 'service resumed' });
    expect((await api('GET', `/backups/${backupId}`)).json.progress).toBeNull();

    h.clock.advance(61 * 60_000);
    expect((await a.call('POST', `/backups/${backupId}/progress`, late('too late'))).status).toBe(409);
  });
});
