import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_RETRY_DELAYS_SECONDS, WebhookPayload } from '@cloud-backup/domain';
import { WebhookDispatcher } from '../src/services/webhook-dispatcher.service';
import { createHarness, type Harness } from './harness';
import { FakeAgent } from './support/fake-agent';

// Webhooks (issue 7): deliveries to a real HTTP server on loopback, signed, retried, logged.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering with the scripted statuses in turn (the last one repeats); `hang` never answers. */
class Receiver {
  readonly received: Received[] = [];
  private server!: Server;
  constructor(private readonly statuses: (number | 'hang')[] = [200]) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.statuses[Math.min(this.received.length - 1, this.statuses.length - 1)]!;
        if (status === 'hang') return;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'receiver says no' : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  payloads(): WebhookPayload[] {
    return this.received.map((r) => WebhookPayload.parse(JSON.parse(r.body)));
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let h: Harness;
let cookie: string;
const receivers: Receiver[] = [];
const api = (method: string, url: string, body?: unknown) => h.call(method, `/api/v1/folders/default${url}`, { cookie, body });

async function receiver(statuses?: (number | 'hang')[]): Promise<{ r: Receiver; url: string }> {
  const r = new Receiver(statuses);
  receivers.push(r);
  return { r, url: await r.start() };
}

async function createWebhook(url: string, events: string[] = ['backup.failed', 'agent.offline', 'instance.at_risk', 'quota.nearly_reached']) {
  const res = await api('POST', '/webhooks', { url, events });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; secret: string };
}

const deliveries = async (webhookId: string) => (await api('GET', `/webhooks/${webhookId}/deliveries`)).json;
const tick = () => h.services.webhookDispatcher.tick();

beforeEach(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
});
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
  h.close();
});

describe('webhook API', () => {
  it('creates (secret shown once), lists, edits and deletes webhooks, audited', async () => {
    const created = await api('POST', '/webhooks', { url: 'https://hooks.example.com/cb', events: ['backup.failed'] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ folderId: 'default', url: 'https://hooks.example.com/cb', events: ['backup.failed'], enabled: true, createdBy: 'admin', lastDelivery: null });
    expect(created.json.secret).toMatch(/^cbw_.{40,}/);
    const list = (await api('GET', '/webhooks')).json.items;
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('secret');

    const edited = await api('PUT', `/webhooks/${created.json.id}`, { url: 'http://10.0.0.9:9000/x', events: ['agent.offline', 'quota.nearly_reached'], enabled: false });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ url: 'http://10.0.0.9:9000/x', events: ['agent.offline', 'quota.nearly_reached'], enabled: false });
    expect((await api('DELETE', `/webhooks/${created.json.id}`)).status).toBe(200);
    expect((await api('GET', '/webhooks')).json.items).toEqual([]);
    expect((await api('PUT', `/webhooks/${created.json.id}`, { url: 'https://a.example', events: ['backup.failed'] })).status).toBe(404);
    expect((await api('GET', `/webhooks/${created.json.id}/deliveries`)).status).toBe(404);

    const actions = (await api('GET', '/audit?action=webhook')).json.items.map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(['webhook.create', 'webhook.delete', 'webhook.update']);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['ftp URL', { url: 'ftp://example.com/x', events: ['backup.failed'] }, 'url'],
      ['not a URL', { url: 'hooks', events: ['backup.failed'] }, 'url'],
      ['user in URL', { url: 'https://me:pw@example.com/', events: ['backup.failed'] }, 'url'],
      ['no events', { url: 'https://example.com/', events: [] }, 'events'],
      ['unknown event', { url: 'https://example.com/', events: ['backup.done'] }, 'events.0'],
      ['no body fields', {}, 'url'],
    ];
    for (const [what, body, field] of cases) {
      const res = await api('POST', '/webhooks', body);
      expect(res.status, what).toBe(400);
      expect(Object.keys(res.json.error.fields ?? {}), what).toContain(field);
    }
    const hook = await createWebhook('https://example.com/');
    const bad = await api('PUT', `/webhooks/${hook.id}`, { url: 'javascript:alert(1)', events: ['backup.failed'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('url');
    expect((await api('GET', `/webhooks/${hook.id}/deliveries?limit=0`)).status).toBe(400);
    expect((await api('GET', '/webhooks')).json.items.map((w: { url: string }) => w.url)).toEqual(['https://example.com/']);
  });
});

describe('webhook deliveries', () => {
  it('test button: POSTs a signed JSON payload with the event and delivery headers', async () => {
    const { r, url } = await receiver([200]);
    const hook = await createWebhook(url, ['backup.failed']);
    const test = await api('POST', `/webhooks/${hook.id}/test`);
    expect(test.status, test.text).toBe(201);
    expect(test.json).toMatchObject({ webhookId: hook.id, event: 'test', status: 'pending', attempts: 0 });
    await tick();

    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['x-cloud-backup-event']).toBe('test');
    expect(got!.headers['x-cloud-backup-delivery']).toBe(test.json.id);
    const expected = `sha256=${createHmac('sha256', hook.secret).update(got!.body).digest('hex')}`;
    expect(got!.headers['x-cloud-backup-signature']).toBe(expected);
    expect(r.payloads()[0]).toEqual({ id: test.json.id, event: 'test', at: expect.any(String), folder: { id: 'default', name: 'default' }, data: {} });

    const log = await deliveries(hook.id);
    expect(log.total).toBe(1);
    expect(log.items[0]).toMatchObject({ id: test.json.id, status: 'delivered', attempts: 1, responseStatus: 200, error: null, nextAttemptAt: null });
    expect((await api('GET', '/webhooks')).json.items[0].lastDelivery).toMatchObject({ status: 'delivered' });
    // Delivered once: later ticks send nothing more.
    h.clock.advance(3600_000);
    await tick();
    expect(r.received).toHaveLength(1);
  });

  it('retries after 500s on the schedule and logs every attempt: 500, 500, 200 → delivered in 3 attempts', async () => {
    const { r, url } = await receiver([500, 500, 200]);
    const hook = await createWebhook(url);
    const queued = (await api('POST', `/webhooks/${hook.id}/test`)).json;
    await tick();
    expect(r.received).toHaveLength(1);
    let d = (await deliveries(hook.id)).items[0];
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500, error: 'HTTP 500: receiver says no' });
    expect(Date.parse(d.nextAttemptAt) - Date.parse(d.lastAttemptAt)).toBe(WEBHOOK_RETRY_DELAYS_SECONDS[0] * 1000);

    // Not due yet: nothing is sent.
    h.clock.advance(WEBHOOK_RETRY_DELAYS_SECONDS[0] * 1000 - 1000);
    await tick();
    expect(r.received).toHaveLength(1);
    h.clock.advance(1000);
    await tick();
    expect(r.received).toHaveLength(2);
    d = (await deliveries(hook.id)).items[0];
    expect(d).toMatchObject({ status: 'pending', attempts: 2, responseStatus: 500 });
    expect(Date.parse(d.nextAttemptAt) - Date.parse(d.lastAttemptAt)).toBe(WEBHOOK_RETRY_DELAYS_SECONDS[1] * 1000);

    h.clock.advance(WEBHOOK_RETRY_DELAYS_SECONDS[1] * 1000);
    await tick();
    expect(r.received).toHaveLength(3);
    d = (await deliveries(hook.id)).items[0];
    expect(d).toMatchObject({ id: queued.id, status: 'delivered', attempts: 3, responseStatus: 200, error: null, nextAttemptAt: null });
    // Every attempt carried the same delivery id and the same body.
    expect(new Set(r.received.map((x) => x.headers['x-cloud-backup-delivery']))).toEqual(new Set([queued.id]));
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
  });

  it('fails a delivery after the last retry when the receiver never answers 2xx', async () => {
    const { r, url } = await receiver([503]);
    const hook = await createWebhook(url);
    await api('POST', `/webhooks/${hook.id}/test`);
    await tick();
    for (const delay of WEBHOOK_RETRY_DELAYS_SECONDS) {
      h.clock.advance(delay * 1000);
      await tick();
    }
    expect(r.received).toHaveLength(WEBHOOK_RETRY_DELAYS_SECONDS.length + 1);
    const d = (await deliveries(hook.id)).items[0];
    expect(d).toMatchObject({ status: 'failed', attempts: 5, responseStatus: 503, nextAttemptAt: null, error: expect.stringMatching(/HTTP 503/) });
    h.clock.advance(2 * 3600_000);
    await tick();
    expect(r.received).toHaveLength(5);
    expect((await api('GET', '/webhooks')).json.items[0].lastDelivery).toMatchObject({ status: 'failed' });
  });

  it('records a receiver that does not answer in time, or cannot be reached, as a failed attempt to retry', async () => {
    const { url } = await receiver(['hang']);
    const hook = await createWebhook(url);
    await api('POST', `/webhooks/${hook.id}/test`);
    const quick = new WebhookDispatcher(h.services.repos.webhooks, h.services.repos.folders, h.clock, { timeoutMs: 300 });
    await quick.tick();
    expect((await deliveries(hook.id)).items[0]).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null, error: 'No answer within 0.3 s' });

    const closed = await receiver([200]);
    await closed.r.stop();
    receivers.pop();
    const gone = await createWebhook(closed.url);
    await api('POST', `/webhooks/${gone.id}/test`);
    await tick();
    expect((await deliveries(gone.id)).items[0]).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null, error: expect.stringMatching(/Could not reach the receiver \(ECONNREFUSED/) });
  });

  it('the worker loop sends a queued delivery at once, without waiting for its interval, and stops cleanly', async () => {
    const { r, url } = await receiver([200]);
    const hook = await createWebhook(url);
    const stop = h.services.webhookDispatcher.start(60_000);
    try {
      await api('POST', `/webhooks/${hook.id}/test`);
      const deadline = Date.now() + 5000;
      while ((await deliveries(hook.id)).items[0].status === 'pending' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await stop();
    }
    expect(r.received).toHaveLength(1);
    expect((await deliveries(hook.id)).items[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('resumes pending deliveries after a server restart', async () => {
    const { r, url } = await receiver([200]);
    const hook = await createWebhook(url);
    await api('POST', `/webhooks/${hook.id}/test`);
    h.restart();
    await tick();
    expect(r.received).toHaveLength(1);
    expect((await deliveries(hook.id)).items[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('webhook events', () => {
  async function linkedAgent() {
    const agent = await h.registerAgent(cookie, 'vm', 'web-01');
    const policyId = (await api('GET', '/policies')).json.items.find((p: { name: string }) => p.name === 'Default daily').id as string;
    expect((await api('PUT', `/instances/${agent.instanceId}/policies/${policyId}`)).status).toBe(200);
    return { ...agent, policyId, fake: new FakeAgent(h, agent.instanceId, agent.credential) };
  }

  it('backup.failed: a failed backup notifies the webhooks subscribed to it, and only them', async () => {
    const { r, url } = await receiver([200]);
    const other = await receiver([200]);
    const hook = await createWebhook(url, ['backup.failed']);
    const offlineOnly = await createWebhook(other.url, ['agent.offline']);
    const agent = await linkedAgent();
    const op = (await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: agent.policyId })).json;
    const job = (await agent.fake.call('GET', '/jobs/next?wait=0')).json.job;
    expect((await agent.fake.call('POST', `/backups/${job.backupId}/fail`, { error: 'pre-command exited with 1', log: [] })).status).toBe(200);
    await tick();

    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers['x-cloud-backup-event']).toBe('backup.failed');
    expect(r.payloads()[0]).toMatchObject({
      event: 'backup.failed',
      folder: { id: 'default', name: 'default' },
      data: { instanceId: agent.instanceId, instanceName: 'web-01', policyName: 'Default daily', backupId: job.backupId, operationId: op.id, error: 'pre-command exited with 1' },
    });
    expect(other.r.received).toHaveLength(0);
    expect((await deliveries(offlineOnly.id)).total).toBe(0);

    // A disabled webhook is not notified; a succeeding backup notifies nobody.
    await api('PUT', `/webhooks/${hook.id}`, { url, events: ['backup.failed'], enabled: false });
    await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: agent.policyId });
    const again = (await agent.fake.call('GET', '/jobs/next?wait=0')).json.job;
    await agent.fake.call('POST', `/backups/${again.backupId}/fail`, { error: 'again', log: [] });
    await api('PUT', `/webhooks/${hook.id}`, { url, events: ['backup.failed'], enabled: true });
    await api('POST', `/instances/${agent.instanceId}/backups`, { policyId: agent.policyId });
    await agent.fake.backUp({ 'a.txt': 'fine' });
    await tick();
    expect(r.received).toHaveLength(1);
  });

  it('agent.offline: notifies once when an agent goes offline, not on every tick; again after it came back and left', async () => {
    const { r, url } = await receiver([200]);
    const hook = await createWebhook(url, ['agent.offline']);
    const agent = await linkedAgent();
    const presence = h.services.presence;
    const offlineWindow = h.config.heartbeatIntervalSeconds * h.config.missedHeartbeats * 1000 + 2000;
    presence.sweep();
    h.clock.advance(offlineWindow);
    presence.sweep();
    for (let i = 0; i < 3; i++) {
      h.clock.advance(60_000);
      presence.sweep();
      await h.services.webhookAlerts.check();
      await tick();
    }
    expect(r.received).toHaveLength(1);
    expect(r.payloads()[0]).toMatchObject({ event: 'agent.offline', data: { instanceId: agent.instanceId, instanceName: 'web-01', lastSeenAt: expect.any(String) } });

    // Back online (a heartbeat), the alert clears; offline again notifies again.
    const beat = await agent.fake.call('POST', '/heartbeat', { agentVersion: '0.1.0', metadataHash: 'h' });
    expect(beat.status, beat.text).toBe(200);
    presence.sweep();
    await h.services.webhookAlerts.check();
    h.clock.advance(offlineWindow);
    presence.sweep();
    await h.services.webhookAlerts.check();
    await tick();
    expect(r.received).toHaveLength(2);
    expect((await deliveries(hook.id)).total).toBe(2);
  });

  it('agent.offline after a restart: the periodic check notifies an agent found offline once, remembered across restarts', async () => {
    const { r, url } = await receiver([200]);
    await createWebhook(url, ['agent.offline']);
    const agent = await linkedAgent();
    // The server was down while the agent went away: presence never saw it online, the check does.
    h.clock.advance(3600_000);
    h.restart();
    await h.services.webhookAlerts.check();
    await h.services.webhookAlerts.check();
    h.restart();
    await h.services.webhookAlerts.check();
    await tick();
    expect(r.payloads().map((p) => [p.event, p.data.instanceId])).toEqual([['agent.offline', agent.instanceId]]);
  });

  it('quota.nearly_reached: notifies once when use reaches the warning share of a limit, and again after it cleared', async () => {
    const { r, url } = await receiver([200]);
    await createWebhook(url, ['quota.nearly_reached']);
    await api('PUT', '/quotas', { vmLinked: 2, bmsLinked: 20, storageBytes: 10 * 1000 ** 4 });
    const agent = await linkedAgent();
    await h.services.webhookAlerts.check();
    expect(r.received).toHaveLength(0);
    // 1 of 2 is below 90 %; 1 of 1 is at the limit.
    await api('PUT', '/quotas', { vmLinked: 1, bmsLinked: 20, storageBytes: 10 * 1000 ** 4 });
    await h.services.webhookAlerts.check();
    await h.services.webhookAlerts.check();
    await tick();
    expect(r.payloads().map((p) => [p.event, p.data])).toEqual([['quota.nearly_reached', { key: 'vmLinked', used: 1, limit: 1 }]]);

    await api('DELETE', `/instances/${agent.instanceId}/policies/${agent.policyId}`);
    await h.services.webhookAlerts.check();
    await api('PUT', `/instances/${agent.instanceId}/policies/${agent.policyId}`);
    await h.services.webhookAlerts.check();
    await tick();
    expect(r.received).toHaveLength(2);
  });

  it('instance.at_risk: notifies once for an instance whose newest good backup is older than its policy allows', async () => {
    const { r, url } = await receiver([200]);
    await createWebhook(url, ['instance.at_risk']);
    const agent = await linkedAgent();
    await h.services.webhookAlerts.check();
    expect(r.received).toHaveLength(0);
    // The daily policy allows a day and some hours; three days without a backup put the instance at risk.
    h.clock.advance(3 * 86_400_000);
    await h.services.webhookAlerts.check();
    await h.services.webhookAlerts.check();
    await tick();
    const atRisk = r.payloads().filter((p) => p.event === 'instance.at_risk');
    expect(atRisk).toHaveLength(1);
    expect(atRisk[0]!.data).toMatchObject({ instanceId: agent.instanceId, instanceName: 'web-01', policyId: agent.policyId, policyName: 'Default daily', lastGoodBackupAt: null });
  });
});
