import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MonitoringSeries } from '@cloud-backup/domain';
import { createHarness, type Harness } from './harness';
import { FakeAgent } from './support/fake-agent';

let h: Harness;
let cookie: string;
let web: FakeAgent;
let db: FakeAgent;
let dailyId: string;

const MINUTE = 60_000;
const DAY = 86_400_000;
const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });
const beat = (agent: FakeAgent) => agent.call('POST', '/heartbeat', { agentVersion: '0.1.0', metadataHash: 'h' });

async function series(query: string): Promise<MonitoringSeries> {
  const res = await api('GET', `/monitoring?${query}`);
  expect(res.status, res.text).toBe(200);
  return MonitoringSeries.parse(res.json);
}

async function backUp(agent: FakeAgent, outcome: 'ok' | 'fail'): Promise<void> {
  const now = await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: dailyId });
  expect(now.status, now.text).toBe(201);
  if (outcome === 'ok') {
    await agent.backUp({ 'a.txt': `data of ${agent.instanceId} at ${h.clock.now().toISOString()}` });
    return;
  }
  const job = (await agent.call('GET', '/jobs/next?wait=0')).json.job;
  expect((await agent.call('POST', `/backups/${job.backupId}/fail`, { error: 'boom', log: [] })).status).toBe(200);
}

/** One sampling round at the harness clock's time, as the timer would run it. */
const sample = () => h.services.metricsSampler.sampleNow();

beforeEach(async () => {
  h = await createHarness({ sessionTtlMs: 90 * DAY });
  cookie = await h.signIn();
  await h.activate(cookie);
  const a = await h.registerAgent(cookie, 'vm', 'web-01');
  const b = await h.registerAgent(cookie, 'vm', 'db-01');
  web = new FakeAgent(h, a.instanceId, a.credential);
  db = new FakeAgent(h, b.instanceId, b.credential);
  dailyId = (await api('GET', '/policies')).json.items.find((p: { name: string }) => p.name === 'Default daily').id;
  for (const agent of [web, db]) expect((await api('PUT', `/instances/${agent.instanceId}/policies/${dailyId}`)).status).toBe(200);
});
afterEach(async () => {
  await h.services.metricsSampler.idle();
  await h.services.maintenance.idle();
  h.close();
});

describe('monitoring samples', () => {
  it('records a folder row and a row per instance each round; errors are the failures since the previous round', async () => {
    const t0 = h.clock.now();
    await sample();
    h.clock.advance(30_000);
    await backUp(web, 'ok');
    await backUp(db, 'fail');
    await backUp(db, 'fail');
    await beat(web);
    await beat(db);
    h.clock.advance(30_000);
    await sample();
    const t1 = h.clock.now();
    h.clock.advance(MINUTE);
    await beat(web);
    await sample(); // db-01's agent last beat 90 s ago: offline
    const t2 = h.clock.now();

    const storage = (await api('GET', '/storage')).json;
    const webBytes = storage.instances.find((i: { instanceId: string }) => i.instanceId === web.instanceId).bytes as number;
    expect(webBytes).toBeGreaterThan(0);

    const folder = await series('range=hour');
    expect(folder).toMatchObject({ range: 'hour', instanceId: null, bucketSeconds: 60, to: t2.toISOString() });
    expect(folder.points).toEqual([
      { at: t0.toISOString(), protectedInstances: 0, storageUsedBytes: 0, agentsAlive: 2, backupErrors: 0 },
      { at: t1.toISOString(), protectedInstances: 1, storageUsedBytes: storage.folderBytes, agentsAlive: 2, backupErrors: 2 },
      { at: t2.toISOString(), protectedInstances: 1, storageUsedBytes: storage.folderBytes, agentsAlive: 1, backupErrors: 0 },
    ]);

    const ofWeb = await series(`range=hour&instanceId=${web.instanceId}`);
    expect(ofWeb.instanceId).toBe(web.instanceId);
    expect(ofWeb.points.map((p) => [p.protectedInstances, p.storageUsedBytes, p.agentsAlive, p.backupErrors])).toEqual([
      [0, 0, 1, 0],
      [1, webBytes, 1, 0],
      [1, webBytes, 1, 0],
    ]);
    const ofDb = await series(`range=hour&instanceId=${db.instanceId}`);
    expect(ofDb.points.map((p) => [p.protectedInstances, p.storageUsedBytes, p.agentsAlive, p.backupErrors])).toEqual([
      [0, 0, 1, 0],
      [0, 0, 1, 2],
      [0, 0, 0, 0],
    ]);
  });

  it('folds samples into the range’s buckets: gauges are the last sample, errors the sum; empty buckets are left out', async () => {
    // 12:00 start; samples at 12:01, 12:02 (two failures before), 12:16:30 (one), then 13:31:30.
    const beatBoth = async () => {
      await beat(web);
      await beat(db);
    };
    h.clock.advance(MINUTE);
    await beatBoth();
    await sample();
    await backUp(db, 'fail');
    await backUp(db, 'fail');
    h.clock.advance(MINUTE);
    await beatBoth();
    await sample();
    h.clock.advance(14 * MINUTE);
    await beatBoth();
    await backUp(web, 'ok');
    await backUp(db, 'fail');
    h.clock.advance(30_000);
    await sample();
    h.clock.advance(75 * MINUTE);
    await beat(web);
    await sample();

    const day = await series('range=day');
    expect(day.bucketSeconds).toBe(900);
    expect(day.points.map((p) => [p.at, p.protectedInstances, p.agentsAlive, p.backupErrors])).toEqual([
      ['2026-11-25T12:00:00.000Z', 0, 2, 2],
      ['2026-11-25T12:15:00.000Z', 1, 2, 1],
      ['2026-11-25T13:30:00.000Z', 1, 1, 0],
    ]);
    // The hour range starts an hour back: only the 13:31 sample is in it.
    expect((await series('range=hour')).points.map((p) => p.at)).toEqual(['2026-11-25T13:31:00.000Z']);
    const week = await series('range=week');
    expect(week.points).toHaveLength(1);
    expect(week.points[0]).toMatchObject({ at: '2026-11-25T12:00:00.000Z', protectedInstances: 1, agentsAlive: 1, backupErrors: 3 });
    expect((await series('range=month')).bucketSeconds).toBe(43_200);
    // day is the default range.
    expect((await series('')).range).toBe('day');
  });

  it('does not count a failure twice after a restart, and prunes samples older than 35 days', async () => {
    await sample();
    h.clock.advance(30_000);
    await backUp(db, 'fail');
    h.clock.advance(30_000);
    await sample();
    h.restart();
    h.clock.advance(MINUTE);
    await h.services.metricsSampler.sampleNow();
    const points = (await series('range=hour')).points;
    expect(points.map((p) => p.backupErrors)).toEqual([0, 1, 0]);

    h.clock.advance(36 * DAY);
    await h.services.metricsSampler.sampleNow();
    const all = h.services.repos.metricSamples.range('default', null, new Date(0), h.clock.now());
    expect(all).toHaveLength(1);
    expect(all[0]!.at.toISOString()).toBe(h.clock.now().toISOString());
  });

  it('starts with a sample and keeps sampling on its interval', async () => {
    const quick = await createHarness({ metricsSampleSeconds: 0.02 });
    try {
      const stop = quick.services.metricsSampler.start();
      await quick.services.metricsSampler.idle();
      const rows = () => quick.services.repos.metricSamples.range('default', null, new Date(0), new Date(8.64e15));
      expect(rows().length).toBeGreaterThanOrEqual(1);
      await vi.waitFor(() => expect(rows().length).toBeGreaterThanOrEqual(3), { timeout: 5000, interval: 20 });
      stop();
      await quick.services.metricsSampler.idle();
      const stopped = rows().length;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(rows().length).toBe(stopped);
    } finally {
      quick.close();
    }
  });

  it('refuses an unknown instance (404) and an unknown range (400)', async () => {
    expect((await api('GET', '/monitoring?instanceId=in_nope')).status).toBe(404);
    expect((await api('GET', '/monitoring?range=year')).status).toBe(400);
  });
});
