import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atRiskAllowanceMs, FolderHealth } from '@cloud-backup/domain';
import { createHarness, type Harness } from './harness';
import { FakeAgent } from './support/fake-agent';

let h: Harness;
let cookie: string;
let web: FakeAgent;
let db: FakeAgent;
let daily: { id: string; name: string; enabled: boolean; settings: Parameters<typeof atRiskAllowanceMs>[0] };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });

async function health(): Promise<FolderHealth> {
  const res = await api('GET', '/health');
  expect(res.status, res.text).toBe(200);
  return FolderHealth.parse(res.json);
}

const beat = (agent: FakeAgent) => agent.call('POST', '/heartbeat', { agentVersion: '0.1.0', metadataHash: 'h' });

async function backUp(agent: FakeAgent, outcome: 'ok' | 'fail'): Promise<string> {
  const now = await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: daily.id });
  expect(now.status, now.text).toBe(201);
  if (outcome === 'ok') return agent.backUp({ 'a.txt': `content at ${h.clock.now().toISOString()}` });
  const job = (await agent.call('GET', '/jobs/next?wait=0')).json.job;
  const fail = await agent.call('POST', `/backups/${job.backupId}/fail`, { error: 'pre-command: exited with 1', log: [] });
  expect(fail.status, fail.text).toBe(200);
  return job.backupId as string;
}

beforeEach(async () => {
  // Sessions outlive the days the clock is moved through.
  h = await createHarness({ sessionTtlMs: 90 * 24 * HOUR });
  cookie = await h.signIn();
  await h.activate(cookie);
  const a = await h.registerAgent(cookie, 'vm', 'web-01');
  const b = await h.registerAgent(cookie, 'vm', 'db-01');
  web = new FakeAgent(h, a.instanceId, a.credential);
  db = new FakeAgent(h, b.instanceId, b.credential);
  const policies = await api('GET', '/policies');
  daily = policies.json.items.find((p: { name: string }) => p.name === 'Default daily');
  for (const agent of [web, db]) expect((await api('PUT', `/instances/${agent.instanceId}/policies/${daily.id}`)).status).toBe(200);
});
afterEach(async () => {
  await h.services.maintenance.idle();
  h.close();
});

describe('folder health', () => {
  it('counts protected instances, the last 24 h outcomes and recent failures, and forgets them after a day', async () => {
    const empty = await health();
    expect(empty).toMatchObject({ protectedInstances: 0, instances: 2, storageUsedBytes: 0, backupsLast24h: { succeeded: 0, failed: 0 }, recentFailures: [], atRisk: [], agentsOffline: [] });

    h.clock.advance(MINUTE);
    await backUp(web, 'ok');
    h.clock.advance(MINUTE);
    const failedFirst = await backUp(db, 'fail');
    h.clock.advance(MINUTE);
    const failedSecond = await backUp(db, 'fail');

    const after = await health();
    // web-01 has a good backup; db-01 only failures: not protected.
    expect(after.protectedInstances).toBe(1);
    expect(after.backupsLast24h).toEqual({ succeeded: 1, failed: 2 });
    expect(after.storageUsedBytes).toBe((await api('GET', '/storage')).json.folderBytes);
    expect(after.storageUsedBytes).toBeGreaterThan(0);
    expect(after.recentFailures.map((f) => f.backupId)).toEqual([failedSecond, failedFirst]);
    expect(after.recentFailures[0]).toMatchObject({ instanceId: db.instanceId, instanceName: 'db-01', policyName: 'Default daily', error: 'pre-command: exited with 1' });
    expect(after.recentFailures[0]!.operationId).toMatch(/^op/);

    // A day later the outcomes have left the 24 h window (the agents keep beating).
    h.clock.advance(24 * HOUR - 30_000);
    await beat(web);
    await beat(db);
    expect((await health()).backupsLast24h).toEqual({ succeeded: 0, failed: 1 });
    h.clock.advance(MINUTE);
    await beat(web);
    await beat(db);
    const later = await health();
    expect(later.backupsLast24h).toEqual({ succeeded: 0, failed: 0 });
    expect(later.recentFailures).toEqual([]);
    expect(later.protectedInstances).toBe(1);

    // Disabling the policy leaves nobody protected (and nobody at risk).
    const policy = (await api('GET', `/policies/${daily.id}`)).json;
    const disabled = await api('PUT', `/policies/${daily.id}`, { name: policy.name, enabled: false, settings: policy.settings });
    expect(disabled.status, disabled.text).toBe(200);
    expect((await health()).protectedInstances).toBe(0);
  });

  it('puts an instance at risk once its newest good backup is older than the policy allows', async () => {
    const allowanceMs = atRiskAllowanceMs(daily.settings, true, h.clock.now())!;
    expect(allowanceMs).toBeGreaterThan(24 * HOUR);
    h.clock.advance(MINUTE);
    const backupId = await backUp(web, 'ok');
    const startedAt = h.services.repos.backups.findById(backupId)!.startedAt;

    // Just inside the allowance: db-01 has never backed up, but its link is about as old as web-01's backup.
    h.clock.advance(allowanceMs - 2 * MINUTE);
    await beat(web);
    await beat(db);
    expect((await health()).atRisk).toEqual([]);

    h.clock.advance(3 * MINUTE);
    await beat(web);
    await beat(db);
    const atRisk = (await health()).atRisk;
    expect(atRisk).toEqual([
      { instanceId: db.instanceId, instanceName: 'db-01', policyId: daily.id, policyName: 'Default daily', lastGoodBackupAt: null, allowedAgeSeconds: Math.round(allowanceMs / 1000) },
      { instanceId: web.instanceId, instanceName: 'web-01', policyId: daily.id, policyName: 'Default daily', lastGoodBackupAt: startedAt.toISOString(), allowedAgeSeconds: Math.round(allowanceMs / 1000) },
    ]);
    expect(h.services.health.atRisk('default')).toEqual(atRisk);

    // A fresh good backup takes web-01 off the list.
    await backUp(web, 'ok');
    expect((await health()).atRisk.map((r) => r.instanceName)).toEqual(['db-01']);
  });

  it('lists agents that missed their heartbeats as offline, and removed instances not at all', async () => {
    // Heartbeat every 10 s in the harness; offline after 3 missed beats (+1 s grace).
    h.clock.advance(25_000);
    await beat(web);
    h.clock.advance(10_000);
    const offline = (await health()).agentsOffline;
    expect(offline).toEqual([{ instanceId: db.instanceId, instanceName: 'db-01', lastSeenAt: expect.any(String) }]);
    expect(h.services.health.offlineAgents('default')).toEqual(offline);
    expect(new Date(offline[0]!.lastSeenAt!).getTime()).toBeLessThan(h.clock.now().getTime() - 31_000);

    await beat(db);
    expect((await health()).agentsOffline).toEqual([]);

    h.clock.advance(60_000);
    expect((await health()).agentsOffline.map((a) => a.instanceName)).toEqual(['db-01', 'web-01']);
    expect((await api('DELETE', `/instances/${db.instanceId}`)).status).toBe(200);
    const afterRemoval = await health();
    expect(afterRemoval.agentsOffline.map((a) => a.instanceName)).toEqual(['web-01']);
    expect(afterRemoval.instances).toBe(1);
  });
});
