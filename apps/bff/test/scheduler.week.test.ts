import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicies, type PolicySettings } from '@cloud-backup/domain';
import { createHarness, TestClock, type Harness } from './harness';
import { FakeAgent } from './support/fake-agent';

// The scheduler over a simulated week with a fake clock (issue 4): Monday 2026-03-23 00:00 UTC to the next
// Monday, across the switch to summer time in Europe/Berlin (Sunday 29 March, 02:00 → 03:00), with a server
// restart on Thursday night (down 00:00–04:00 UTC) and one instance offline all Tuesday.
const START = new Date('2026-03-23T00:00:00Z');
const END = new Date('2026-03-30T00:00:00Z');
const STEP = 5 * 60_000;
const DOWN_FROM = new Date('2026-03-26T00:00:00Z');
const DOWN_UNTIL = new Date('2026-03-26T04:00:00Z');
const OFFLINE_FROM = new Date('2026-03-24T00:00:00Z');
const OFFLINE_UNTIL = new Date('2026-03-25T00:00:00Z');

let h: Harness;
let cookie: string;
const base = defaultPolicies()[0]!.settings;
const settings = (over: Partial<PolicySettings>): PolicySettings => ({
  ...base,
  randomDelay: { enabled: false, minutes: 0 },
  reattempts: { enabled: false, intervalMinutes: 5, maxAttempts: 1 },
  runMissedLater: false,
  retention: { mode: 'keep_all' },
  ...over,
});

interface Run {
  policy: string;
  instance: string;
  at: string;
  type: string;
}
const runs: Run[] = [];
let missed: { policy: string; result: string }[] = [];
const ids: Record<string, string> = {};
const agents: Record<string, FakeAgent> = {};

async function createPolicy(name: string, s: PolicySettings): Promise<string> {
  const res = await h.call('POST', '/api/v1/folders/default/policies', { cookie, body: { name, enabled: true, settings: s } });
  expect(res.status, res.text).toBe(201);
  return res.json.id;
}

beforeAll(async () => {
  h = await createHarness({}, new TestClock(START));
  cookie = await h.signIn();
  await h.activate(cookie, false);
  for (const name of ['web-01', 'db-01']) {
    const a = await h.registerAgent(cookie, 'vm', name);
    agents[name] = new FakeAgent(h, a.instanceId, a.credential);
  }
  ids.nightly = await createPolicy('Nightly Berlin', settings({
    scheme: { type: 'weekly_full_daily_incremental', fullDay: 'wed' },
    schedule: { kind: 'fixed', period: 'daily', timesOfDay: { mode: 'at', times: ['02:30'] }, weekdays: [], monthDays: [], months: [] },
    timeZone: 'Europe/Berlin',
  }));
  ids.interval = await createPolicy('Every 6 hours', settings({ schedule: { kind: 'interval', every: 6, unit: 'hours' } }));
  ids.noon = await createPolicy('Noon with catch-up', settings({
    schedule: { kind: 'fixed', period: 'daily', timesOfDay: { mode: 'at', times: ['12:00'] }, weekdays: [], monthDays: [], months: [] },
    reattempts: { enabled: true, intervalMinutes: 30, maxAttempts: 3 },
    runMissedLater: true,
  }));
  const link = (policy: string, instances: string[]) =>
    h.call('POST', `/api/v1/folders/default/policies/${policy}/instances`, { cookie, body: { instanceIds: instances } });
  expect((await link(ids.nightly!, [agents['web-01']!.instanceId])).status).toBe(200);
  expect((await link(ids.interval!, [agents['web-01']!.instanceId])).status).toBe(200);
  expect((await link(ids.noon!, [agents['db-01']!.instanceId])).status).toBe(200);
  const names = new Map(Object.entries(ids).map(([k, v]) => [v, k]));

  const step = async () => {
    const now = h.clock.now();
    for (const [name, agent] of Object.entries(agents)) {
      const offline = name === 'db-01' && now >= OFFLINE_FROM && now < OFFLINE_UNTIL;
      if (!offline) h.services.repos.instances.update(agent.instanceId, { lastSeenAt: now });
    }
    h.services.scheduler.tick();
    for (const [name, agent] of Object.entries(agents)) {
      const offline = name === 'db-01' && now >= OFFLINE_FROM && now < OFFLINE_UNTIL;
      if (offline) continue;
      for (;;) {
        const job = (await agent.call('GET', '/jobs/next?wait=0')).json.job;
        if (!job) break;
        const op = h.services.repos.operations.findById(job.operationId)!;
        runs.push({ policy: names.get((op.job as { policyId: string }).policyId)!, instance: name, at: now.toISOString(), type: job.type });
        await agent.backUpJob(job, { 'file.txt': `${name} at ${now.toISOString()}` });
      }
    }
  };

  while (h.clock.now() < END) {
    if (h.clock.now().getTime() === DOWN_FROM.getTime()) {
      // The server is down for four hours, then starts again with only what the database remembers.
      h.clock.advance(DOWN_UNTIL.getTime() - DOWN_FROM.getTime());
      h.restart();
      cookie = await h.signIn();
    }
    await step();
    h.clock.advance(STEP);
  }
  // A week outlives the 12 h session.
  cookie = await h.signIn();
  const ops = await h.call('GET', '/api/v1/folders/default/operations?type=backup&status=failed&limit=1000', { cookie });
  if (!ops.json.items) throw new Error(ops.text);
  missed = ops.json.items.map((o: { result: string }) => ({ policy: [...names.keys()].find((id) => o.result.includes(`"${h.services.repos.policies.find('default', id)?.name}"`)) ?? '?', result: o.result }));
}, 300_000);

afterAll(() => h?.close());

const of = (policy: string) => runs.filter((r) => r.policy === policy).map((r) => `${r.at.slice(5, 16)} ${r.type}`);

describe('scheduler over a simulated week', () => {
  it('runs the Berlin nightly once a day at 02:30 local, through the DST change, full on Wednesdays', () => {
    expect(of('nightly')).toEqual([
      '03-23T01:30 full', // first backup of the archive: always full
      '03-24T01:30 incremental',
      '03-25T01:30 full', // Wednesday
      // Thursday 01:30 UTC fell in the server's downtime: missed, not run twice, not run late.
      '03-27T01:30 incremental',
      '03-28T01:30 incremental',
      '03-29T01:00 incremental', // 02:30 does not exist on the DST day: it runs when the clock jumps to 03:00 CEST
    ]);
    expect(missed.filter((m) => m.result.includes('"Nightly Berlin"')).map((m) => m.result)).toEqual([
      expect.stringMatching(/2026-03-26T01:30:00.000Z .*the server was not running/),
    ]);
  });

  it('counts the interval from the end of the previous backup, and misses the slot that fell in the downtime', () => {
    const times = of('interval').map((r) => r.slice(0, 11));
    const before = ['03-23T06:00', '03-23T12:00', '03-23T18:00', '03-24T00:00', '03-24T06:00', '03-24T12:00', '03-24T18:00', '03-25T00:00', '03-25T06:00', '03-25T12:00', '03-25T18:00'];
    // Thursday 00:00 was due while the server was down: recorded missed at 04:00, next one a full interval later.
    const after = ['03-26T10:00', '03-26T16:00', '03-26T22:00', '03-27T04:00', '03-27T10:00', '03-27T16:00', '03-27T22:00', '03-28T04:00', '03-28T10:00', '03-28T16:00', '03-28T22:00', '03-29T04:00', '03-29T10:00', '03-29T16:00', '03-29T22:00'];
    expect(times).toEqual([...before, ...after]);
    expect(missed.filter((m) => m.result.includes('"Every 6 hours"'))).toHaveLength(1);
  });

  it('retries an offline instance, records the miss, and catches up once when it returns', () => {
    expect(of('noon')).toEqual([
      '03-23T12:00 full',
      // Tuesday: offline from 00:00 to 24:00; three reattempts (12:30, 13:00, 13:30), then missed.
      '03-25T00:00 incremental', // one catch-up run as soon as it is back
      '03-25T12:00 incremental',
      '03-26T12:00 incremental',
      '03-27T12:00 incremental',
      '03-28T12:00 incremental',
      '03-29T12:00 incremental',
    ]);
    const noonMissed = missed.filter((m) => m.result.includes('"Noon with catch-up"'));
    expect(noonMissed).toHaveLength(1);
    expect(noonMissed[0]!.result).toMatch(/2026-03-24T12:00:00.000Z .*db-01 was offline \(3 reattempts\); one catch-up run follows/);
  });

  it('shows the next run of each link and the last backup time', async () => {
    const policy = await h.call('GET', `/api/v1/folders/default/policies/${ids.nightly}`, { cookie });
    expect(policy.json.instances[0].nextRunAt).toBe('2026-03-30T00:30:00.000Z'); // 02:30 CEST
    expect(policy.json.instances[0].lastBackupAt).toBe('2026-03-29T01:00:00.000Z');
    const instance = await h.call('GET', `/api/v1/folders/default/instances/${agents['db-01']!.instanceId}`, { cookie });
    expect(instance.json.nextBackupAt).toBe('2026-03-30T12:00:00.000Z');
  });
});
