import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import parsePrometheusTextFormat, { type PrometheusFamily, type PrometheusSample } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '@cloud-backup/domain';
import type { Config } from '../src/config';
import { DURATION_BUCKETS, escapeLabelValue } from '../src/services/prometheus-metrics.service';
import { createHarness, type Harness } from './harness';
import { FakeAgent } from './support/fake-agent';
import { histogramSeries, parseExposition } from './support/prometheus-text';

let h: Harness;
let server: ServerType | null = null;
let baseUrl: string;
let cookie: string;

const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });

/** The harness's app behind a real HTTP server on loopback, as Prometheus on the same host would reach it. */
async function start(overrides: Partial<Config> = {}): Promise<void> {
  h = await createHarness(overrides);
  cookie = await h.signIn();
  await h.activate(cookie);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req, env) => h.app.fetch(req, env), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
  await h.services.maintenance.idle();
  h.close();
});

/** A request that reached the app from `address`, as @hono/node-server hands it over. */
const from = (address: string, headers: Record<string, string> = {}) => h.app.request('/metrics', { headers }, { incoming: { socket: { remoteAddress: address } } });

function family(families: PrometheusFamily[], name: string): PrometheusFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no metric family ${name}`);
  return f;
}

/** The value of the one sample whose labels are exactly `labels`. */
function value(f: PrometheusFamily, labels: Record<string, string>): number {
  const found = f.metrics.filter((m) => JSON.stringify(Object.entries(m.labels ?? {}).sort()) === JSON.stringify(Object.entries(labels).sort()));
  if (found.length !== 1) throw new Error(`${f.name}${JSON.stringify(labels)}: ${found.length} samples`);
  return Number((found[0] as PrometheusSample).value);
}

describe('/metrics values', () => {
  it('exposes the fleet in the Prometheus text format, every value equal to the database', async () => {
    await start();
    const a = await h.registerAgent(cookie, 'vm', 'web-01');
    const b = await h.registerAgent(cookie, 'vm', 'db-01');
    const web = new FakeAgent(h, a.instanceId, a.credential);
    const db = new FakeAgent(h, b.instanceId, b.credential);
    const dailyId = (await api('GET', '/policies')).json.items.find((p: { name: string }) => p.name === 'Default daily').id as string;
    for (const agent of [web, db]) expect((await api('PUT', `/instances/${agent.instanceId}/policies/${dailyId}`)).status).toBe(200);

    /** A backup that takes `seconds` on the harness clock and ends as `outcome`. */
    const run = async (agent: FakeAgent, outcome: 'ok' | 'fail', seconds: number, content: string) => {
      expect((await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: dailyId })).status).toBe(201);
      const job = (await agent.call('GET', '/jobs/next?wait=0')).json.job;
      h.clock.advance(seconds * 1000);
      if (outcome === 'ok') await agent.backUpJob(job, { 'data.txt': content });
      else expect((await agent.call('POST', `/backups/${job.backupId}/fail`, { error: 'pre-command: exited with 1', log: [] })).status).toBe(200);
      await agent.call('POST', '/heartbeat', { agentVersion: '0.1.0', metadataHash: 'h' });
    };
    await run(web, 'ok', 90, 'first');
    await run(db, 'fail', 10, '');
    await run(web, 'fail', 2, '');
    await run(db, 'fail', 400, '');
    await run(web, 'ok', 30, 'second, a little longer');
    // db-01 has been silent for more than 31 s: its agent is offline.
    h.clock.advance(20_000);
    await web.call('POST', '/heartbeat', { agentVersion: '0.1.0', metadataHash: 'h' });

    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    for (const name of Object.values(METRIC_NAMES)) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (gauge|counter|histogram)$`, 'm'));
    }
    const families = parsePrometheusTextFormat(text);
    expect(families.map((f) => [f.name, f.type])).toEqual([
      [METRIC_NAMES.protectedInstances, 'GAUGE'],
      [METRIC_NAMES.storageUsedBytes, 'GAUGE'],
      [METRIC_NAMES.agentAlive, 'GAUGE'],
      [METRIC_NAMES.backupErrorsTotal, 'COUNTER'],
      [METRIC_NAMES.lastSuccessTimestampSeconds, 'GAUGE'],
      [METRIC_NAMES.operationDurationSeconds, 'HISTOGRAM'],
    ]);

    // What the database says, read through the console API and the repositories.
    const health = (await api('GET', '/health')).json;
    const storage = (await api('GET', '/storage')).json;
    const backups = (await api('GET', '/backups?limit=100')).json.items as { instanceId: string; policyId: string; status: string; finishedAt: string | null }[];
    // Retention removed web-01's failed backup once a newer good one existed; its operation stays.
    expect(backups.map((x) => x.status).sort()).toEqual(['completed', 'completed', 'failed', 'failed']);
    const failedOps = (await api('GET', '/operations?type=backup&status=failed&limit=100')).json.items as { target: { id: string } }[];
    expect(failedOps).toHaveLength(3);
    const folder = { folder: 'default' };

    expect(value(family(families, METRIC_NAMES.protectedInstances), folder)).toBe(health.protectedInstances);
    expect(health.protectedInstances).toBe(1);

    const storageF = family(families, METRIC_NAMES.storageUsedBytes);
    expect(value(storageF, folder)).toBe(storage.folderBytes);
    expect(storage.instances).toHaveLength(1);
    for (const i of storage.instances) expect(value(storageF, { ...folder, instance: i.instanceId })).toBe(i.bytes);
    expect(storageF.metrics).toHaveLength(1 + storage.instances.length);

    const alive = family(families, METRIC_NAMES.agentAlive);
    expect(value(alive, { ...folder, instance: web.instanceId })).toBe(1);
    expect(value(alive, { ...folder, instance: db.instanceId })).toBe(0);

    const errors = family(families, METRIC_NAMES.backupErrorsTotal);
    for (const agent of [web, db]) {
      const failed = failedOps.filter((o) => o.target.id === agent.instanceId).length;
      expect(value(errors, { ...folder, instance: agent.instanceId, policy: dailyId })).toBe(failed);
    }
    expect(value(errors, { ...folder, instance: web.instanceId, policy: dailyId })).toBe(1);
    expect(value(errors, { ...folder, instance: db.instanceId, policy: dailyId })).toBe(2);
    expect(errors.metrics).toHaveLength(2);

    const lastSuccess = family(families, METRIC_NAMES.lastSuccessTimestampSeconds);
    const newestGood = Math.max(...backups.filter((x) => x.instanceId === web.instanceId && x.status === 'completed').map((x) => Date.parse(x.finishedAt!)));
    expect(value(lastSuccess, { ...folder, instance: web.instanceId, policy: dailyId })).toBe(newestGood / 1000);
    expect(lastSuccess.metrics).toHaveLength(1); // db-01 never succeeded

    // The npm parser folds a labelled histogram's series into one, so histograms are read by the strict reader.
    const strict = parseExposition(text);
    expect([...strict.keys()]).toEqual(families.map((f) => f.name));
    const histogram = histogramSeries(strict.get(METRIC_NAMES.operationDurationSeconds)!);
    const ops = (await api('GET', '/operations?type=backup&limit=100')).json.items as { startedAt: string; finishedAt: string }[];
    const durations = ops.map((o) => (Date.parse(o.finishedAt) - Date.parse(o.startedAt)) / 1000);
    expect(durations.sort((x, y) => x - y)).toEqual([2, 10, 30, 90, 400]);
    const backupSeries = histogram.find((s) => s.labels.type === 'backup')!;
    expect(backupSeries.labels).toEqual({ folder: 'default', type: 'backup' });
    expect(backupSeries.count).toBe(5);
    expect(backupSeries.sum).toBe(532);
    expect(backupSeries.buckets).toEqual([...DURATION_BUCKETS.map((le) => [le, durations.filter((d) => d <= le).length]), [Infinity, 5]]);
    expect(backupSeries.buckets.find(([le]) => le === 60)![1]).toBe(3);
    // Every finished operation of the folder is in one series per type.
    const allOps = (await api('GET', '/operations?limit=1000')).json.items as { type: string; startedAt: string | null; finishedAt: string | null }[];
    const finished = allOps.filter((o) => o.startedAt && o.finishedAt);
    expect(histogram.reduce((n, s) => n + s.count, 0)).toBe(finished.length);
  });

  it('escapes label values so a parser reads them back unchanged', () => {
    const weird = 'a "quoted" \\ back\nslash';
    const line = `# TYPE x gauge\nx{v="${escapeLabelValue(weird)}"} 1\n`;
    const [f] = parsePrometheusTextFormat(line);
    expect(f!.metrics[0]!.labels).toEqual({ v: weird });
    expect(parseExposition(line).get('x')!.samples[0]!.labels).toEqual({ v: weird });
    expect(() => parseExposition('# TYPE x gauge\nx{v="a\\q"} 1\n')).toThrow(/bad escape/);
  });
});

describe('/metrics access', () => {
  it('without METRICS_TOKEN answers loopback callers only', async () => {
    await start();
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(200);
    expect((await from('::ffff:127.0.0.1')).status).toBe(200);
    expect((await from('::1')).status).toBe(200);
    const remote = await from('203.0.113.9');
    expect(remote.status).toBe(403);
    expect(((await remote.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    // A request with no socket at all (in-process) is not taken for a local one.
    expect((await h.app.request('/metrics')).status).toBe(403);
    // A session is no way around it: the console cookie does not open /metrics from elsewhere.
    expect((await from('203.0.113.9', { cookie })).status).toBe(403);
  });

  it('with METRICS_TOKEN requires the bearer token, from loopback too, and then answers any caller', async () => {
    await start({ metricsToken: 'scrape-me-7f3a' });
    const none = await fetch(`${baseUrl}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect((await fetch(`${baseUrl}/metrics`, { headers: { authorization: 'Bearer scrape-me-7f3' } })).status).toBe(401);
    expect((await fetch(`${baseUrl}/metrics`, { headers: { authorization: 'Basic c2NyYXBlLW1lLTdmM2E=' } })).status).toBe(401);
    const ok = await fetch(`${baseUrl}/metrics`, { headers: { authorization: 'Bearer scrape-me-7f3a' } });
    expect(ok.status).toBe(200);
    expect(parseExposition(await ok.text()).size).toBe(6);
    expect((await from('203.0.113.9', { authorization: 'Bearer scrape-me-7f3a' })).status).toBe(200);
    expect((await from('203.0.113.9')).status).toBe(401);
  });
});
