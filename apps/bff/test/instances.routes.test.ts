import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sampleMetadata, type Harness } from './harness';

let h: Harness;
let cookie: string;
beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
});
afterEach(() => h.close());

async function policyId(name: string): Promise<string> {
  const list = await h.call('GET', '/api/v1/folders/default/policies', { cookie });
  return list.json.items.find((p: { name: string }) => p.name === name).id;
}

describe('registration tokens', () => {
  it('creates a one-time token valid for 24 h and reports its state', async () => {
    const res = await h.call('POST', '/api/v1/folders/default/registration-tokens', { cookie, body: { kind: 'bms' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'bms', state: 'pending', instanceId: null, expiresAt: '2026-11-26T12:00:00.000Z' });
    expect(res.json.token).toMatch(/^cbr_/);
    expect(res.json.serverUrl).toBe('http://localhost');
    const stored = h.services.repos.tokens.find('default', res.json.id)!;
    expect(stored.tokenHash).not.toBe(res.json.token);
    h.clock.advance(24 * 3600_000);
    cookie = await h.signIn(); // the session itself has expired by now
    const later = await h.call('GET', `/api/v1/folders/default/registration-tokens/${res.json.id}`, { cookie });
    expect(later.json.state).toBe('expired');
  });

  it('refuses an unknown kind and an unknown token id', async () => {
    const bad = await h.call('POST', '/api/v1/folders/default/registration-tokens', { cookie, body: { kind: 'container' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('kind');
    expect((await h.call('GET', '/api/v1/folders/default/registration-tokens/tok_nope', { cookie })).status).toBe(404);
  });
});

describe('agent registration', () => {
  it('exchanges the token for a credential once; the token then reads used', async () => {
    const reg = await h.registerAgent(cookie, 'vm', 'db-01');
    expect(reg.credential).toMatch(/^cbi_/);
    const token = await h.call('GET', `/api/v1/folders/default/registration-tokens/${reg.tokenId}`, { cookie });
    expect(token.json).toMatchObject({ state: 'used', instanceId: reg.instanceId });
    const replay = await h.call('POST', '/agent/v1/register', {
      body: { token: reg.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata() },
    });
    expect(replay.status).toBe(409);
    expect(replay.json.error.code).toBe('registration_token_used');
  });

  it('refuses an unknown or expired token with distinct codes', async () => {
    const unknown = await h.call('POST', '/agent/v1/register', {
      body: { token: 'cbr_nope', agentVersion: '0.1.0', root: '/', metadata: sampleMetadata() },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('registration_token_unknown');
    const token = await h.call('POST', '/api/v1/folders/default/registration-tokens', { cookie, body: { kind: 'vm' } });
    h.clock.advance(24 * 3600_000 + 1);
    const expired = await h.call('POST', '/agent/v1/register', {
      body: { token: token.json.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata() },
    });
    expect(expired.status).toBe(410);
    expect(expired.json.error.code).toBe('registration_token_expired');
    expect(expired.json.error.message).toMatch(/expired/);
  });

  it('validates the registration body: missing metadata, relative root, oversized host name', async () => {
    const token = await h.call('POST', '/api/v1/folders/default/registration-tokens', { cookie, body: { kind: 'vm' } });
    const base = { token: token.json.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata() };
    const cases = [
      { ...base, metadata: undefined },
      { ...base, root: 'relative/path' },
      { ...base, metadata: { ...sampleMetadata(), hostname: 'h'.repeat(300) } },
      { ...base, metadata: { ...sampleMetadata(), memoryBytes: -1 } },
    ];
    for (const body of cases) expect((await h.call('POST', '/agent/v1/register', { body })).status).toBe(400);
    // None of the refused attempts used the token up.
    expect((await h.call('POST', '/agent/v1/register', { body: base })).status).toBe(201);
  });
});

describe('heartbeats and presence', () => {
  it('asks for metadata when its hash is unknown, then stores what the agent sends', async () => {
    const { credential, instanceId } = await h.registerAgent(cookie);
    const auth = { authorization: `Bearer ${credential}` };
    const first = await h.call('POST', '/agent/v1/heartbeat', { headers: auth, body: { agentVersion: '0.1.1', metadataHash: 'h1' } });
    expect(first.json).toEqual({ heartbeatIntervalSeconds: 10, metadataRequired: true, rotateCredential: false });
    const renamed = { ...sampleMetadata('web-01-renamed'), ipAddresses: ['10.0.0.9'] };
    const second = await h.call('POST', '/agent/v1/heartbeat', { headers: auth, body: { agentVersion: '0.1.1', metadataHash: 'h2', metadata: renamed } });
    expect(second.json.metadataRequired).toBe(false);
    const third = await h.call('POST', '/agent/v1/heartbeat', { headers: auth, body: { agentVersion: '0.1.1', metadataHash: 'h2' } });
    expect(third.json.metadataRequired).toBe(false);
    const inst = await h.call('GET', `/api/v1/folders/default/instances/${instanceId}`, { cookie });
    expect(inst.json).toMatchObject({ name: 'web-01-renamed', agentVersion: '0.1.1', online: true });
    expect(inst.json.metadata.ipAddresses).toEqual(['10.0.0.9']);
  });

  it('marks an instance offline after three missed heartbeats', async () => {
    const { instanceId } = await h.registerAgent(cookie);
    h.clock.advance(30_000);
    expect((await h.call('GET', `/api/v1/folders/default/instances/${instanceId}`, { cookie })).json.online).toBe(true);
    h.clock.advance(1_001);
    const inst = await h.call('GET', `/api/v1/folders/default/instances/${instanceId}`, { cookie });
    expect(inst.json.online).toBe(false);
    expect(inst.json.connection).toBe('failed');
  });

  it('tells the console live when an instance goes offline and comes back', async () => {
    const { instanceId, credential } = await h.registerAgent(cookie);
    const events: unknown[] = [];
    h.services.events.subscribe('default', (e) => events.push(e));
    h.services.presence.sweep();
    expect(events).toEqual([]);
    h.clock.advance(31_001);
    h.services.presence.sweep();
    expect(events).toEqual([{ type: 'instance.changed', folderId: 'default', instanceId }]);
    h.services.presence.sweep();
    expect(events).toHaveLength(1);
    await h.call('POST', '/agent/v1/heartbeat', { headers: { authorization: `Bearer ${credential}` }, body: { agentVersion: '0.1.0', metadataHash: 'h' } });
    h.services.presence.sweep();
    expect(events).toEqual([
      { type: 'instance.changed', folderId: 'default', instanceId },
      { type: 'instance.changed', folderId: 'default', instanceId },
    ]);
  });

  it('refuses a missing or wrong credential with 401', async () => {
    await h.registerAgent(cookie);
    const body = { agentVersion: '0.1.0', metadataHash: 'x' };
    expect((await h.call('POST', '/agent/v1/heartbeat', { body })).status).toBe(401);
    const wrong = await h.call('POST', '/agent/v1/heartbeat', { body, headers: { authorization: 'Bearer cbi_wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid_agent_credential');
  });
});

describe('instances and links', () => {
  it('lists instances by kind with connection status, and links and unlinks policies', async () => {
    const vm = await h.registerAgent(cookie, 'vm', 'vm-1');
    await h.registerAgent(cookie, 'bms', 'metal-1');
    const vms = await h.call('GET', '/api/v1/folders/default/instances?kind=vm', { cookie });
    expect(vms.json.items.map((i: { name: string }) => i.name)).toEqual(['vm-1']);
    expect(vms.json.items[0]).toMatchObject({ kind: 'vm', status: 'registered', connection: 'no_policies', policies: [] });
    expect((await h.call('GET', '/api/v1/folders/default/instances?kind=tape', { cookie })).status).toBe(400);

    const daily = await policyId('Default daily');
    const linked = await h.call('PUT', `/api/v1/folders/default/instances/${vm.instanceId}/policies/${daily}`, { cookie });
    expect(linked.status).toBe(200);
    expect(linked.json.connection).toBe('ok');
    expect(linked.json.policies).toEqual([{ id: daily, name: 'Default daily' }]);
    // Linking twice is harmless.
    expect((await h.call('PUT', `/api/v1/folders/default/instances/${vm.instanceId}/policies/${daily}`, { cookie })).json.policies).toHaveLength(1);

    const unlinked = await h.call('DELETE', `/api/v1/folders/default/instances/${vm.instanceId}/policies/${daily}`, { cookie });
    expect(unlinked.json.connection).toBe('no_policies');
    const again = await h.call('DELETE', `/api/v1/folders/default/instances/${vm.instanceId}/policies/${daily}`, { cookie });
    expect(again.status).toBe(404);
    expect((await h.call('PUT', `/api/v1/folders/default/instances/${vm.instanceId}/policies/pol_unknown`, { cookie })).status).toBe(404);
    expect((await h.call('PUT', `/api/v1/folders/default/instances/ins_unknown/policies/${daily}`, { cookie })).status).toBe(404);
  });

  it('refuses a link that would pass the folder limit, naming the limit', async () => {
    h.services.repos.folders.setLimits('default', { vmLinked: 1, bmsLinked: 20, storageBytes: 1e13 });
    const a = await h.registerAgent(cookie, 'vm', 'a');
    const b = await h.registerAgent(cookie, 'vm', 'b');
    const daily = await policyId('Default daily');
    const weekly = await policyId('Default weekly');
    expect((await h.call('PUT', `/api/v1/folders/default/instances/${a.instanceId}/policies/${daily}`, { cookie })).status).toBe(200);
    // A second policy on an instance that already counts is fine.
    expect((await h.call('PUT', `/api/v1/folders/default/instances/${a.instanceId}/policies/${weekly}`, { cookie })).status).toBe(200);
    const refused = await h.call('PUT', `/api/v1/folders/default/instances/${b.instanceId}/policies/${daily}`, { cookie });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({ code: 'limit_exceeded', message: 'Limit reached: at most 1 virtual machines may be linked to policies in this folder' });
  });

  it('removing an instance stops its agent, hides it from lists and keeps the record', async () => {
    const { instanceId, credential } = await h.registerAgent(cookie);
    const removed = await h.call('DELETE', `/api/v1/folders/default/instances/${instanceId}`, { cookie });
    expect(removed.status).toBe(200);
    expect(removed.json.status).toBe('deleted');
    const beat = await h.call('POST', '/agent/v1/heartbeat', { headers: { authorization: `Bearer ${credential}` }, body: { agentVersion: '0.1.0', metadataHash: 'x' } });
    expect(beat.status).toBe(410);
    expect(beat.json.error.code).toBe('instance_removed');
    expect((await h.call('GET', '/api/v1/folders/default/instances', { cookie })).json.items).toEqual([]);
    expect((await h.call('GET', `/api/v1/folders/default/instances/${instanceId}`, { cookie })).json.status).toBe('deleted');
    expect((await h.call('DELETE', `/api/v1/folders/default/instances/${instanceId}`, { cookie })).status).toBe(409);
    const daily = await policyId('Default daily');
    expect((await h.call('PUT', `/api/v1/folders/default/instances/${instanceId}/policies/${daily}`, { cookie })).status).toBe(409);
  });

  it('summarises the folder on the overview', async () => {
    const a = await h.registerAgent(cookie, 'vm', 'a');
    await h.registerAgent(cookie, 'bms', 'b');
    await h.call('PUT', `/api/v1/folders/default/instances/${a.instanceId}/policies/${await policyId('Default daily')}`, { cookie });
    const res = await h.call('GET', '/api/v1/folders/default/overview', { cookie });
    expect(res.json.instances).toEqual({ vm: 1, bms: 1, online: 2, offline: 0, protected: 1, unprotected: 1 });
    expect(res.json.policies).toBe(3);
  });
});
