import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicies, type PolicySettings } from '@cloud-backup/domain';
import { createHarness, type Harness } from './harness';

let h: Harness;
let cookie: string;
const base = defaultPolicies()[0]!.settings;
const input = (over: Record<string, unknown> = {}, settings: Partial<PolicySettings> = {}) => ({ name: 'Nightly', enabled: true, settings: { ...base, ...settings }, ...over });
const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });

beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
});
afterEach(() => h.close());

describe('policy editor API', () => {
  it('creates, edits and deletes a policy; its backups would stay, its links go', async () => {
    const created = await api('POST', '/policies', input());
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Nightly', enabled: true, settings: base, instances: [] });
    const edited = await api('PUT', `/policies/${created.json.id}`, input({ name: 'Nightly (edited)', enabled: false }, { fastBackup: false }));
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ name: 'Nightly (edited)', enabled: false, settings: { fastBackup: false } });

    const agent = await h.registerAgent(cookie, 'vm', 'web-01');
    expect((await api('POST', `/policies/${created.json.id}/instances`, { instanceIds: [agent.instanceId] })).json.instances).toHaveLength(1);
    const listed = (await api('GET', '/policies')).json.items as { id: string; linkedInstanceCount: number }[];
    expect(listed.map((p) => [p.id === created.json.id, p.linkedInstanceCount])).toContainEqual([true, 1]);
    expect(listed.filter((p) => p.id !== created.json.id).every((p) => p.linkedInstanceCount === 0)).toBe(true);
    const removed = await api('DELETE', `/policies/${created.json.id}`);
    expect(removed.json).toEqual({ unlinked: 1 });
    expect((await api('GET', `/policies/${created.json.id}`)).status).toBe(404);
    expect((await api('GET', `/instances/${agent.instanceId}`)).json.policies).toEqual([]);
  });

  it('refuses each bad input with a 400 naming the field', async () => {
    const fixedSchedule = base.schedule as Extract<PolicySettings['schedule'], { kind: 'fixed' }>;
    const cases: [string, unknown, string][] = [
      ['no times of day', input({}, { schedule: { ...fixedSchedule, timesOfDay: { mode: 'at', times: [] } } }), 'settings.schedule.timesOfDay.times'],
      ['month day 32', input({}, { schedule: { ...fixedSchedule, monthDays: [32] } }), 'settings.schedule.monthDays.0'],
      ['keep last 0', input({}, { retention: { mode: 'rules', keepLast: 0, keepFor: null, backupSets: null, applyAt: 'after_backup' } }), 'settings.retention.keepLast'],
      ['unknown time zone', input({}, { timeZone: 'Mars/Olympus' }), 'settings.timeZone'],
      ['a 51-character name', input({ name: 'x'.repeat(51) }), 'name'],
      ['bad time of day', input({}, { schedule: { ...fixedSchedule, timesOfDay: { mode: 'at', times: ['25:00'] } } }), 'settings.schedule.timesOfDay.times.0'],
    ];
    for (const [what, body, field] of cases) {
      const res = await api('POST', '/policies', body);
      expect(res.status, what).toBe(400);
      expect(Object.keys(res.json.error.fields ?? {}), what).toContain(field);
    }
    expect((await api('GET', '/policies')).json.items.map((p: { name: string }) => p.name)).not.toContain('Nightly');
  });

  it('refuses a duplicate name (case-insensitive) at the name field', async () => {
    const res = await api('POST', '/policies', input({ name: 'default DAILY' }));
    expect(res.status).toBe(409);
    expect(res.json.error.fields).toEqual({ name: 'This name is already taken' });
  });

  it('keeps the scheme kind, schedule kind and compression fixed after creation', async () => {
    const created = await api('POST', '/policies', input());
    const changed = await api('PUT', `/policies/${created.json.id}`, input({}, { compression: 'max', schedule: { kind: 'interval', every: 6, unit: 'hours' } }));
    expect(changed.status).toBe(400);
    expect(Object.keys(changed.json.error.fields).sort()).toEqual(['settings.compression', 'settings.schedule.kind']);
    expect((await api('GET', `/policies/${created.json.id}`)).json.settings.compression).toBe('normal');
  });

  it('links many instances at once, all or none, within the folder limits', async () => {
    h.services.repos.folders.setLimits('default', { vmLinked: 2, bmsLinked: 20, storageBytes: 1e12 });
    const policy = (await api('POST', '/policies', input())).json.id;
    const a = await h.registerAgent(cookie, 'vm', 'a');
    const b = await h.registerAgent(cookie, 'vm', 'b');
    const c = await h.registerAgent(cookie, 'vm', 'c');
    const over = await api('POST', `/policies/${policy}/instances`, { instanceIds: [a.instanceId, b.instanceId, c.instanceId] });
    expect(over.status).toBe(409);
    expect(over.json.error).toMatchObject({ code: 'limit_exceeded', message: expect.stringMatching(/at most 2 virtual machines/) });
    expect((await api('GET', '/link-usage')).json).toMatchObject({ limits: { vmLinked: 2 }, linked: { vm: 0 } });
    const ok = await api('POST', `/policies/${policy}/instances`, { instanceIds: [a.instanceId, b.instanceId] });
    expect(ok.json.instances.map((i: { name: string }) => i.name)).toEqual(['a', 'b']);
    // Linking a second policy to an already linked instance passes no limit.
    const daily = (await api('GET', '/policies')).json.items.find((p: { name: string }) => p.name === 'Default daily').id;
    expect((await api('POST', `/instances/${a.instanceId}/policies`, { policyIds: [daily] })).json.policies).toHaveLength(2);
  });
});
