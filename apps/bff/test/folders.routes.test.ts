import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness';

let h: Harness;
let cookie: string;
beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
});
afterEach(() => h.close());

describe('activation', () => {
  it('a fresh install has one inactive folder, default', async () => {
    const list = await h.call('GET', '/api/v1/folders', { cookie });
    expect(list.json).toEqual({ items: [{ id: 'default', name: 'default', activated: false, activatedAt: null }] });
    const overview = await h.call('GET', '/api/v1/folders/default/overview', { cookie });
    expect(overview.status).toBe(200);
    expect(overview.json.folder.activated).toBe(false);
    expect(overview.json.policies).toBe(0);
  });

  it('refuses every other action while the folder is inactive, with a clear message', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/folders/default/instances'],
      ['GET', '/api/v1/folders/default/instances/ins_x'],
      ['DELETE', '/api/v1/folders/default/instances/ins_x'],
      ['PUT', '/api/v1/folders/default/instances/ins_x/policies/pol_x'],
      ['GET', '/api/v1/folders/default/policies'],
      ['GET', '/api/v1/folders/default/policies/pol_x'],
      ['POST', '/api/v1/folders/default/registration-tokens', { kind: 'vm' }],
    ];
    for (const [method, url, body] of calls) {
      const res = await h.call(method, url, { cookie, body });
      expect(res.status, `${method} ${url}`).toBe(409);
      expect(res.json.error.code).toBe('folder_not_active');
      expect(res.json.error.message).toMatch(/Activate it on the Overview page/);
    }
  });

  it('creates the three default policies, incremental, keeping the last 15', async () => {
    const res = await h.call('POST', '/api/v1/folders/default/activation', { cookie, body: {} });
    expect(res.status).toBe(200);
    expect(res.json.activated).toBe(true);
    expect(res.json.activatedAt).toBe('2026-11-25T12:00:00.000Z');
    const policies = await h.call('GET', '/api/v1/folders/default/policies', { cookie });
    expect(policies.json.items.map((p: { name: string }) => p.name)).toEqual(['Default daily', 'Default monthly', 'Default weekly']);
    for (const p of policies.json.items) {
      expect(p.settings.scheme).toEqual({ type: 'always_incremental' });
      expect(p.settings.retention.keepLast).toBe(15);
      expect(p.linkedInstanceCount).toBe(0);
    }
    const audit = h.services.repos.audit.listForFolder('default');
    expect(audit[0]).toMatchObject({ action: 'folder.activate', actorType: 'user' });
  });

  it('can skip the default policies', async () => {
    await h.activate(cookie, false);
    const policies = await h.call('GET', '/api/v1/folders/default/policies', { cookie });
    expect(policies.json.items).toEqual([]);
  });

  it('refuses a second activation and bad input', async () => {
    expect((await h.call('POST', '/api/v1/folders/default/activation', { cookie, body: { createDefaultPolicies: 'yes' } })).status).toBe(400);
    await h.activate(cookie);
    const again = await h.call('POST', '/api/v1/folders/default/activation', { cookie, body: {} });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('folder_already_active');
  });

  it('answers unknown folders with 404 and malformed ids with 400', async () => {
    const missing = await h.call('GET', '/api/v1/folders/nope', { cookie });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    const bad = await h.call('GET', '/api/v1/folders/bad%20id/overview', { cookie });
    expect(bad.status).toBe(400);
  });
});

describe('policies', () => {
  it('lists and shows a policy with its settings and linked instances', async () => {
    await h.activate(cookie);
    const { instanceId } = await h.registerAgent(cookie);
    const daily = (await h.call('GET', '/api/v1/folders/default/policies', { cookie })).json.items.find((p: { name: string }) => p.name === 'Default daily');
    await h.call('PUT', `/api/v1/folders/default/instances/${instanceId}/policies/${daily.id}`, { cookie });
    const res = await h.call('GET', `/api/v1/folders/default/policies/${daily.id}`, { cookie });
    expect(res.status).toBe(200);
    expect(res.json.linkedInstanceCount).toBe(1);
    expect(res.json.instances).toEqual([{ id: instanceId, name: 'web-01', kind: 'vm', online: true, lastBackupAt: null, nextRunAt: null }]);
    expect(res.json.settings.schedule).toMatchObject({ kind: 'fixed', period: 'daily' });
    const unknown = await h.call('GET', '/api/v1/folders/default/policies/pol_unknown', { cookie });
    expect(unknown.status).toBe(404);
  });
});

describe('http edges', () => {
  it('answers unknown API routes with 404 JSON and too large bodies with 413', async () => {
    const res = await h.call('GET', '/api/v1/nothing-here', { cookie });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
    const big = await h.call('POST', '/api/v1/auth/sign-in', { rawBody: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
  });

  it('sends security headers', async () => {
    const res = await h.call('GET', '/api/health');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
