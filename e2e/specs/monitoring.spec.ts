import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectAgent, consoleApi } from '../fixtures/api';
import { startServer } from '../fixtures/server.fixture';
import { expect, test as base } from '../fixtures/test';

// A monitoring sample every second, so the errors chart has the failure within moments.
const test = base.extend({
  server: async ({}, use, testInfo) => {
    const server = await startServer({ METRICS_SAMPLE_SECONDS: '1' });
    await use(server);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('server.log', { body: server.logs.join('') });
    await server.stop();
  },
});

const POLICY = 'Fails before backup';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers 200 and keeps every request it got, body as raw text. */
async function startReceiver(): Promise<{ url: string; requests: Received[]; close: () => Promise<void> }> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cloud-backup`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The server's fetch keeps its connection alive; do not wait for it to time out.
        server.closeAllConnections();
      }),
  };
}

/** The signature the receiver expects: `sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
function signatureValid(secret: string, body: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const got = Buffer.from(header);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

type PolicyDto = { id: string; name: string; enabled: boolean; settings: Record<string, unknown> };

test('a backup whose pre-command fails → Operations with its log, Overview failure, Monitoring errors chart, a signed webhook', async ({ page, host, signIn }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    await signIn(page);
    const instanceId = await connectAgent(page.request, host, 'vm');
    const api = consoleApi(page.request);
    const instanceName = (await api.get<{ name: string }>(`/folders/default/instances/${instanceId}`)).name;

    // A policy like the default one whose pre-command fails and stops the backup.
    const policies = await api.get<{ items: PolicyDto[] }>('/folders/default/policies');
    const daily = policies.items.find((p) => p.name === 'Default daily')!;
    const failing = await api.post<PolicyDto>('/folders/default/policies', {
      name: POLICY,
      enabled: true,
      settings: {
        ...daily.settings,
        preCommand: { command: 'sh', args: ['-c', 'echo preparing; exit 1'], workingDir: null, stopOnError: true, waitForFinish: true },
      },
    });
    await api.put(`/folders/default/instances/${instanceId}/policies/${failing.id}`);

    // Notifications: a webhook for failed backups only, to the local receiver; its secret is shown once.
    await page.goto('/folders/default');
    await page.getByRole('navigation', { name: 'Folder' }).getByRole('link', { name: 'Notifications', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Add webhook' }).first().click();
    const add = page.getByRole('dialog', { name: 'Add webhook' });
    await add.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
    for (const other of ['Agent offline', 'Instance at risk', 'Quota nearly reached']) await add.getByRole('checkbox', { name: other }).uncheck();
    await expect(add.getByRole('checkbox', { name: 'Backup failed' })).toBeChecked();
    await add.getByRole('button', { name: 'Add webhook' }).click();
    const added = page.getByRole('dialog', { name: 'Webhook added' });
    const secret = (await added.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await added.getByRole('button', { name: 'Done' }).click();
    await expect(added).toBeHidden();
    const hooks = page.getByRole('table', { name: 'Webhooks' });
    const hookRow = hooks.getByRole('row').filter({ hasText: receiver.url });
    await expect(hookRow).toContainText('Backup failed');
    await expect(hookRow).not.toContainText('Agent offline');

    // Send test: queued, then delivered at once, as the delivery log shows; the receiver got it signed.
    await hookRow.getByRole('button', { name: `Send test to ${receiver.url}` }).click();
    await expect(page.getByText('Test queued: it is sent right away, and the delivery log shows how it went.')).toBeVisible();
    await hookRow.getByRole('button', { name: `Delivery log of ${receiver.url}` }).click();
    const log = page.getByRole('dialog', { name: 'Delivery log' });
    const testDelivery = log.getByRole('table', { name: 'Deliveries' }).getByRole('row').filter({ hasText: 'Test' });
    await expect(testDelivery).toHaveCount(1);
    await expect(async () => {
      await log.getByRole('button', { name: 'Refresh' }).click();
      await expect(testDelivery).toContainText('Delivered', { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await expect(testDelivery).toContainText('HTTP 200');
    await log.getByRole('button', { name: 'Close' }).click();
    await expect(log).toBeHidden();
    expect(receiver.requests).toHaveLength(1);
    const testRequest = receiver.requests[0]!;
    expect(testRequest.headers['x-cloud-backup-event']).toBe('test');
    expect(signatureValid(secret, testRequest.body, testRequest.headers['x-cloud-backup-signature'])).toBe(true);

    // Back up now with the failing policy.
    await page.goto(`/folders/default/instances/${instanceId}`);
    const backUpNow = page.getByRole('button', { name: 'Back up now' });
    await expect(backUpNow).toBeEnabled();
    await backUpNow.click();
    const confirm = page.getByRole('dialog', { name: `Back up ${instanceName} now` });
    await confirm.getByRole('radio', { name: POLICY }).check();
    await confirm.getByRole('button', { name: 'Start backup' }).click();
    await expect(confirm).toBeHidden();

    // Operations: filter to failed ones through the filter bar; the backup is there; its log shows the step.
    await page.getByRole('navigation', { name: 'Folder' }).getByRole('link', { name: 'Operations', exact: true }).click();
    const filters = page.getByRole('search', { name: 'Filter operations' });
    await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Failed' });
    await expect(page).toHaveURL(/[?&]status=failed\b/);
    const operations = page.getByRole('table', { name: 'Operations' });
    const failedRow = operations.getByRole('row').filter({ has: page.getByRole('link', { name: 'Backup', exact: true }) });
    // The list does not stream; reload until the agent has reported the failure.
    await expect(async () => {
      await page.reload();
      await expect(failedRow).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(failedRow).toContainText(instanceName);
    await expect(failedRow).toContainText('Failed');
    await expect(failedRow).toContainText('exit code 1');
    await failedRow.getByRole('link', { name: 'Backup', exact: true }).click();
    await expect(page.getByRole('heading', { name: `Backup: ${instanceName}`, level: 1 })).toBeVisible();
    const opLog = page.getByRole('list', { name: 'Operation log' });
    const preLines = opLog.getByRole('listitem').filter({ hasText: 'pre-command' });
    await expect(preLines.filter({ hasText: 'Running sh -c "echo preparing; exit 1"' })).toHaveCount(1);
    await expect(preLines.filter({ hasText: 'failed with exit code 1' })).not.toHaveCount(0);
    await expect(opLog).toContainText('preparing');
    const operationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // Overview: one failed backup in the last 24 h, and it leads the recent failures.
    await page.getByRole('navigation', { name: 'Folder' }).getByRole('link', { name: 'Overview', exact: true }).click();
    await expect(page.getByRole('link', { name: '1 failed backups' })).toBeVisible();
    const failures = page.getByRole('list', { name: 'Recent failures' });
    await expect(failures.getByRole('listitem')).toHaveCount(1);
    await expect(failures.getByRole('link', { name: `${instanceName} · ${POLICY}` })).toHaveAttribute('href', `/folders/default/operations/${operationId}`);
    await expect(failures).toContainText('exit code 1');

    // Monitoring: the backup errors chart's newest bucket counts the failure. Thirty days in 12-hour
    // buckets, so no bucket boundary falls between the failure and the check.
    await page.getByRole('navigation', { name: 'Folder' }).getByRole('link', { name: 'Monitoring', exact: true }).click();
    await page.getByRole('search', { name: 'Chart options' }).getByRole('combobox', { name: 'Range' }).selectOption({ label: 'Last 30 days' });
    await expect(page).toHaveURL(/[?&]range=month\b/);
    const errorsLatest = page.getByTestId('chart-backup-errors-latest');
    // The series is fetched once per page load (and every few minutes): load again until the sample is in.
    await expect
      .poll(
        async () => {
          await page.reload();
          await expect(errorsLatest).toBeVisible();
          return Number(await errorsLatest.textContent());
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('chart-backup-errors').getByRole('img', { name: /^Backup errors chart, latest \d+$/ })).toBeVisible();

    // The receiver got the backup.failed delivery, naming the instance, signed with the secret.
    await expect.poll(() => receiver.requests.filter((r) => r.headers['x-cloud-backup-event'] === 'backup.failed').length, { timeout: 15_000 }).toBe(1);
    const delivery = receiver.requests.find((r) => r.headers['x-cloud-backup-event'] === 'backup.failed')!;
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(signatureValid(secret, delivery.body, delivery.headers['x-cloud-backup-signature'])).toBe(true);
    expect(signatureValid(secret, `${delivery.body} `, delivery.headers['x-cloud-backup-signature'])).toBe(false);
    const payload = JSON.parse(delivery.body) as { id: string; event: string; folder: { id: string }; data: Record<string, unknown> };
    expect(payload).toMatchObject({
      event: 'backup.failed',
      folder: { id: 'default' },
      data: { instanceId, instanceName, policyName: POLICY, operationId },
    });
    expect(String(payload.data.error)).toContain('exit code 1');
    expect(delivery.headers['x-cloud-backup-delivery']).toBe(payload.id);
    // Only the test and the failure: the other events were not chosen.
    expect(receiver.requests).toHaveLength(2);
  } finally {
    await receiver.close();
  }
});
