import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness';
import { createUser } from './support/access-fixture';
import { FakeAgent } from './support/fake-agent';

/** Two-phase rotation of an agent credential (ADR 011), driven through the real app and database. */
let h: Harness;
let admin: string;
let agent: FakeAgent;

const BEAT = { agentVersion: '0.1.0', metadataHash: 'h' };

beforeEach(async () => {
  h = await createHarness();
  admin = await h.signIn();
  await h.activate(admin);
  const reg = await h.registerAgent(admin);
  agent = new FakeAgent(h, reg.instanceId, reg.credential);
});
afterEach(() => h.close());

const instance = async () => (await h.call('GET', `/api/v1/folders/default/instances/${agent.instanceId}`, { cookie: admin })).json;
const rotationUrl = () => `/api/v1/folders/default/instances/${agent.instanceId}/credential-rotation`;

describe('agent credential rotation', () => {
  it('asks the agent on its heartbeat, keeps the old credential until the new one is used, then refuses it', async () => {
    expect((await agent.call('POST', '/heartbeat', BEAT)).json.rotateCredential).toBe(false);
    expect(await instance()).toMatchObject({ credentialRotatedAt: null, credentialRotationPending: false });

    const requested = await h.call('POST', rotationUrl(), { cookie: admin });
    expect(requested.status).toBe(200);
    expect(requested.json).toMatchObject({ id: agent.instanceId, credentialRotationPending: true, credentialRotatedAt: null });
    expect((await agent.call('POST', '/heartbeat', BEAT)).json.rotateCredential).toBe(true);

    const issued = await agent.call('POST', '/credential');
    expect(issued.status).toBe(200);
    const fresh = issued.json.credential as string;
    expect(fresh).toMatch(/^cbi_/);
    expect(fresh).not.toBe(agent.credential);

    // Not used yet: both work, and a lost answer can be retried with the old credential.
    expect((await agent.call('POST', '/heartbeat', BEAT)).status).toBe(200);
    const retry = await agent.call('POST', '/credential');
    const newest = retry.json.credential as string;
    expect(newest).not.toBe(fresh);
    // Asking again replaced the unused pending credential.
    expect((await new FakeAgent(h, agent.instanceId, fresh).call('POST', '/heartbeat', BEAT)).status).toBe(401);

    h.clock.advance(5000);
    const next = new FakeAgent(h, agent.instanceId, newest);
    const beat = await next.call('POST', '/heartbeat', BEAT);
    expect(beat.status).toBe(200);
    expect(beat.json.rotateCredential).toBe(false);
    expect(await instance()).toMatchObject({ credentialRotatedAt: h.clock.now().toISOString(), credentialRotationPending: false });

    const old = await agent.call('POST', '/heartbeat', BEAT);
    expect(old.status).toBe(401);
    expect(old.json.error.code).toBe('invalid_agent_credential');
    expect((await agent.call('GET', '/jobs/next?wait=0')).status).toBe(401);
    expect((await next.call('GET', '/jobs/next?wait=0')).status).toBe(200);

    const log = await h.call('GET', '/api/v1/folders/default/audit?action=instance', { cookie: admin });
    expect(log.json.items.map((e: { action: string; actor: { type: string } }) => [e.action, e.actor.type])).toEqual([
      ['instance.credential_rotate', 'agent'],
      ['instance.credential_rotation_request', 'user'],
      ['instance.register', 'agent'],
    ]);
  });

  it('is for editors and above, and not for a removed instance', async () => {
    const viewer = await createUser(h, admin, 'vera', { default: 'backup.viewer' });
    expect((await h.call('POST', rotationUrl(), { cookie: viewer.cookie })).status).toBe(403);
    const editor = await createUser(h, admin, 'ed', { default: 'backup.editor' });
    expect((await h.call('POST', rotationUrl(), { cookie: editor.cookie })).status).toBe(200);
    await h.call('DELETE', `/api/v1/folders/default/instances/${agent.instanceId}`, { cookie: admin });
    expect((await h.call('POST', rotationUrl(), { cookie: admin })).status).toBe(409);
    expect((await agent.call('POST', '/credential')).status).toBe(410);
  });

  it('needs a valid credential to get a new one', async () => {
    expect((await new FakeAgent(h, agent.instanceId, 'cbi_forged').call('POST', '/credential')).status).toBe(401);
    expect((await h.call('POST', '/agent/v1/credential', { csrf: false })).status).toBe(401);
  });
});
