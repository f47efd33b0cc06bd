import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@cloud-backup/domain';
import { createHarness, sampleMetadata, type Harness } from './harness';
import { createUser } from './support/access-fixture';
import { FakeAgent } from './support/fake-agent';

// Quotas (issue 7, SPEC §6): the Quotas page API and each limit enforced where it applies.
let h: Harness;
let cookie: string;
const api = (method: string, url: string, body?: unknown, as = cookie) => h.call(method, `/api/v1/folders/default${url}`, { cookie: as, body });

beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
});
afterEach(() => h.close());

async function policyId(name = 'Default daily'): Promise<string> {
  return (await api('GET', '/policies')).json.items.find((p: { name: string }) => p.name === name).id as string;
}

const line = (quotas: { lines: { key: string }[] }, key: string) => quotas.lines.find((l) => l.key === key);

describe('quotas API', () => {
  it('shows use against every limit of SPEC §6, with the defaults until an admin changes them', async () => {
    const agent = await h.registerAgent(cookie, 'vm', 'web-01');
    await h.registerAgent(cookie, 'vm', 'web-02');
    await h.registerAgent(cookie, 'bms', 'metal-01');
    expect((await api('PUT', `/instances/${agent.instanceId}/policies/${await policyId()}`)).status).toBe(200);

    const res = await api('GET', '/quotas');
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ limits: DEFAULT_LIMITS, defaults: true });
    expect(res.json.lines).toEqual([
      { key: 'vmLinked', label: expect.any(String), used: 1, limit: 50, unit: 'count', editable: true },
      { key: 'bmsLinked', label: expect.any(String), used: 0, limit: 20, unit: 'count', editable: true },
      { key: 'storageBytes', label: expect.any(String), used: 0, limit: 10 * 1000 ** 4, unit: 'bytes', editable: true },
      { key: 'policyNameChars', label: expect.any(String), used: null, limit: 50, unit: 'chars', editable: false },
      { key: 'pageSize', label: expect.any(String), used: null, limit: 1000, unit: 'items', editable: false },
    ]);

    // Storage used is the folder's stored bytes, the same figure the storage endpoint reports.
    await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: await policyId() });
    await new FakeAgent(h, agent.instanceId, agent.credential).backUp({ 'a.bin': randomBytes(4000) });
    const storage = (await api('GET', '/storage')).json.folderBytes as number;
    expect(storage).toBeGreaterThan(4000);
    expect(line((await api('GET', '/quotas')).json, 'storageBytes')).toMatchObject({ used: storage });
  });

  it('lets an installation admin change the limits, audited, and refuses anyone else', async () => {
    const changed = await api('PUT', '/quotas', { vmLinked: 3, bmsLinked: 1, storageBytes: 5_000_000 });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toMatchObject({ limits: { vmLinked: 3, bmsLinked: 1, storageBytes: 5_000_000 }, defaults: false });
    expect(line(changed.json, 'vmLinked')).toMatchObject({ limit: 3 });
    expect(h.services.repos.folders.findById('default')!.limits).toEqual({ vmLinked: 3, bmsLinked: 1, storageBytes: 5_000_000 });
    const audit = (await api('GET', '/audit?action=quota.changed')).json.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'quota.changed', detail: { before: DEFAULT_LIMITS, after: { vmLinked: 3, bmsLinked: 1, storageBytes: 5_000_000 } } });

    // A folder admin who is not an admin of the installation sees the quotas but may not change them.
    const folderAdmin = await createUser(h, cookie, 'folder-admin', { default: 'backup.admin' });
    expect((await api('GET', '/quotas', undefined, folderAdmin.cookie)).status).toBe(200);
    const refused = await api('PUT', '/quotas', { vmLinked: 100, bmsLinked: 100, storageBytes: 1 }, folderAdmin.cookie);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
    expect(h.services.repos.folders.findById('default')!.limits).toMatchObject({ vmLinked: 3 });
  });

  it('refuses bad limits with a 400 naming the field, and an unknown folder with 404', async () => {
    const cases: [unknown, string][] = [
      [{ vmLinked: -1, bmsLinked: 1, storageBytes: 1 }, 'vmLinked'],
      [{ vmLinked: 1, bmsLinked: 1.5, storageBytes: 1 }, 'bmsLinked'],
      [{ vmLinked: 1, bmsLinked: 1 }, 'storageBytes'],
      [{ vmLinked: '1', bmsLinked: 1, storageBytes: 1 }, 'vmLinked'],
    ];
    for (const [body, field] of cases) {
      const res = await api('PUT', '/quotas', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json.error.fields ?? {})).toContain(field);
    }
    expect(h.services.repos.folders.findById('default')!.limits).toBeNull();
    expect((await h.call('PUT', '/api/v1/folders/nope/quotas', { cookie, body: DEFAULT_LIMITS })).status).toBe(404);
  });
});

describe('quota enforcement', () => {
  it('linking: refuses one more instance than the folder’s own limit allows', async () => {
    await api('PUT', '/quotas', { vmLinked: 1, bmsLinked: 1, storageBytes: DEFAULT_LIMITS.storageBytes });
    const a = await h.registerAgent(cookie, 'vm', 'web-01');
    const b = await h.registerAgent(cookie, 'vm', 'web-02');
    const daily = await policyId();
    expect((await api('PUT', `/instances/${a.instanceId}/policies/${daily}`)).status).toBe(200);
    const refused = await api('PUT', `/instances/${b.instanceId}/policies/${daily}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/at most 1 virtual machines/);
    const bulk = await api('POST', `/policies/${daily}/instances`, { instanceIds: [b.instanceId] });
    expect(bulk.status).toBe(409);
    expect((await api('GET', `/instances/${b.instanceId}`)).json.policies).toEqual([]);
  });

  it('registering: refuses a new token and a registration once the linked instances of that kind reach the limit', async () => {
    const a = await h.registerAgent(cookie, 'vm', 'web-01');
    expect((await api('PUT', `/instances/${a.instanceId}/policies/${await policyId()}`)).status).toBe(200);
    // A token made while there was room, used after the limit was lowered.
    const early = await api('POST', '/registration-tokens', { kind: 'vm' });
    expect(early.status).toBe(201);
    await api('PUT', '/quotas', { vmLinked: 1, bmsLinked: 5, storageBytes: DEFAULT_LIMITS.storageBytes });

    const token = await api('POST', '/registration-tokens', { kind: 'vm' });
    expect(token.status).toBe(409);
    expect(token.json.error.code).toBe('quota_exceeded');
    expect(token.json.error.message).toMatch(/1 virtual machines linked to policies and its limit is 1/);

    const register = () =>
      h.call('POST', '/agent/v1/register', { body: { token: early.json.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata('web-02') }, csrf: false });
    const reg = await register();
    expect(reg.status).toBe(409);
    expect(reg.json.error).toMatchObject({ code: 'quota_exceeded', message: expect.stringMatching(/limit is 1/) });
    expect((await api('GET', '/instances')).json.items).toHaveLength(1);

    // Other kinds still have room, and the refused token was not spent: raising the limit lets it register.
    expect((await api('POST', '/registration-tokens', { kind: 'bms' })).status).toBe(201);
    await api('PUT', '/quotas', { vmLinked: 2, bmsLinked: 5, storageBytes: DEFAULT_LIMITS.storageBytes });
    expect((await register()).status).toBe(201);
  });

  it('storing: refuses pack uploads once the folder’s storage reached its limit, and the backup fails with that message', async () => {
    const agent = await h.registerAgent(cookie, 'vm', 'web-01');
    const fake = new FakeAgent(h, agent.instanceId, agent.credential);
    const daily = await policyId();
    await api('PUT', `/instances/${agent.instanceId}/policies/${daily}`);
    await api('PUT', '/quotas', { vmLinked: 50, bmsLinked: 20, storageBytes: 10_000 });

    // Below the limit: stored, even though this upload takes the folder past it.
    await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: daily });
    const first = await fake.backUp({ 'a.bin': randomBytes(12_000) });
    expect((await api('GET', `/backups/${first}`)).json.status).toBe('completed');
    const used = (await api('GET', '/storage')).json.folderBytes as number;
    expect(used).toBeGreaterThanOrEqual(10_000);

    await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: daily });
    const job = (await fake.call('GET', '/jobs/next?wait=0')).json.job;
    const up = await fake.uploadPack(job.backupId, [{ id: 'b'.repeat(64), type: 'data', data: new Uint8Array(10) }]);
    expect(up.status).toBe(507);
    expect(up.json).toEqual({
      error: { code: 'quota_exceeded', message: expect.stringMatching(/^Storage quota of folder default reached \(.+ used of 10\.0 kB\)/) },
    });
    expect((await api('GET', '/storage')).json.folderBytes).toBe(used);

    // The agent fails the backup with the server's message, as on a full disk.
    const message = up.json.error as { message: string };
    expect((await fake.call('POST', `/backups/${job.backupId}/fail`, { error: message.message, log: [] })).status).toBe(200);
    const failed = (await api('GET', `/backups/${job.backupId}`)).json;
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/Storage quota of folder default reached/) });

    // Raising the limit lets the next backup store again.
    await api('PUT', '/quotas', { vmLinked: 50, bmsLinked: 20, storageBytes: 1_000_000 });
    await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: daily });
    const next = await fake.backUp({ 'c.bin': randomBytes(3000) });
    expect((await api('GET', `/backups/${next}`)).json.status).toBe('completed');
  });
});
