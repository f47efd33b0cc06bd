import type { Role, Webhook, WebhookDelivery } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationsRoute } from '../../../routes/notifications.route';
import { json, me, routeFetch, searchOf } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const at = '2025-06-01T12:00:00.000Z';

function webhook(over: Partial<Webhook> = {}): Webhook {
  return {
    id: 'whk_1',
    folderId: 'default',
    url: 'https://hooks.example.com/one',
    events: ['backup.failed', 'agent.offline'],
    enabled: true,
    createdAt: at,
    createdBy: 'ann',
    lastDelivery: { at, status: 'failed' },
    ...over,
  };
}

function delivery(over: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'dlv_1',
    webhookId: 'whk_1',
    event: 'backup.failed',
    status: 'failed',
    attempts: 5,
    createdAt: at,
    lastAttemptAt: at,
    nextAttemptAt: null,
    responseStatus: 503,
    error: 'Service Unavailable',
    payload: {},
    ...over,
  };
}

let role: Role;
let hooks: Webhook[];
let sent: { method: string; url: string; body: unknown }[];
let deliveryQueries: Record<string, string>[];

function record(method: string) {
  return (init: RequestInit | undefined, url: string) => {
    sent.push({ method, url, body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined });
  };
}

beforeEach(() => {
  role = 'backup.admin';
  hooks = [webhook()];
  sent = [];
  deliveryQueries = [];
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, me(role)),
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/webhooks`]: () => json(200, { items: hooks }),
      [`POST ${api}/webhooks`]: (init, url) => {
        record('POST')(init, url);
        const created = { ...webhook({ id: 'whk_2', lastDelivery: null }), ...(JSON.parse(String(init?.body)) as object) };
        hooks = [...hooks, created];
        return json(201, { ...created, secret: 'whsec_0123456789abcdef' });
      },
      [`PUT ${api}/webhooks/whk_1`]: (init, url) => {
        record('PUT')(init, url);
        hooks = [{ ...hooks[0]!, ...(JSON.parse(String(init?.body)) as object) }];
        return json(200, hooks[0]);
      },
      [`DELETE ${api}/webhooks/whk_1`]: (init, url) => {
        record('DELETE')(init, url);
        hooks = [];
        return new Response(null, { status: 204 });
      },
      [`POST ${api}/webhooks/whk_1/test`]: (init, url) => {
        record('POST')(init, url);
        // As the server answers: the delivery is queued, its first attempt follows at once.
        return json(201, delivery({ id: 'dlv_2', event: 'test', status: 'pending', attempts: 0, lastAttemptAt: null, nextAttemptAt: at, responseStatus: null, error: null }));
      },
      [`GET ${api}/webhooks/whk_1/deliveries`]: (_init, url) => {
        deliveryQueries.push(searchOf(url));
        return json(200, { items: [delivery(), delivery({ id: 'dlv_2', event: 'test', status: 'delivered', attempts: 1, responseStatus: 200, error: null })], total: 2 });
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  renderRouter(createMemoryRouter([{ path: '/folders/:folderId/notifications', element: <NotificationsRoute /> }], { initialEntries: ['/folders/default/notifications'] }));
}

describe('<NotificationsPage>', () => {
  it('lists webhooks with their events and last delivery', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Webhooks' });
    const row = within(table).getByRole('row', { name: /hooks\.example\.com\/one/ });
    expect(row.textContent).toContain('Backup failed');
    expect(row.textContent).toContain('Agent offline');
    expect(row.textContent).not.toContain('Quota nearly reached');
    expect(row.textContent).toContain('Enabled');
    expect(row.textContent).toContain('Failed');
  });

  it('tells other roles that only a folder admin manages notifications', async () => {
    role = 'backup.editor';
    renderPage();
    expect(await screen.findByText('Only a folder admin manages notifications')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add webhook' })).toBeNull();
    expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/webhooks'))).toBe(false);
  });

  it('validates the form, then shows the signing secret once', async () => {
    renderPage();
    await screen.findByRole('table', { name: 'Webhooks' });
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'Add webhook' });
    fireEvent.change(within(dialog).getByLabelText('URL'), { target: { value: 'ftp://user:pw@example.com' } });
    for (const label of ['Backup failed', 'Agent offline', 'Instance at risk', 'Quota nearly reached']) fireEvent.click(within(dialog).getByLabelText(label));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add webhook' }));
    await waitFor(() => expect(within(dialog).getByText('Enter an http:// or https:// URL without a user name or password')).toBeTruthy());
    expect(within(dialog).getByText('Choose at least one event')).toBeTruthy();
    expect(sent).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('URL'), { target: { value: 'https://hooks.example.com/two' } });
    fireEvent.click(within(dialog).getByLabelText('Instance at risk'));
    await waitFor(() => expect(within(dialog).queryByText('Choose at least one event')).toBeNull());
    fireEvent.click(within(dialog).getByLabelText('Enabled'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add webhook' }));

    const added = await screen.findByRole('dialog', { name: 'Webhook added' });
    expect(sent).toEqual([{ method: 'POST', url: `${api}/webhooks`, body: { url: 'https://hooks.example.com/two', events: ['instance.at_risk'], enabled: false } }]);
    expect(within(added).getByTestId('webhook-secret').textContent).toBe('whsec_0123456789abcdef');
    expect(within(added).getByRole('button', { name: 'Copy signing secret' })).toBeTruthy();
    fireEvent.click(within(added).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText('whsec_0123456789abcdef')).toBeNull();
    const row = await screen.findByRole('row', { name: /hooks\.example\.com\/two/ });
    expect(row.textContent).toContain('Disabled');

    // Opening the dialog again starts empty: the secret is gone for good.
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(screen.getByRole('dialog', { name: 'Add webhook' })).toBeTruthy();
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
  });

  it('edits a webhook', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit https://hooks.example.com/one' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit webhook' });
    expect((within(dialog).getByLabelText('URL') as HTMLInputElement).value).toBe('https://hooks.example.com/one');
    expect((within(dialog).getByLabelText('Backup failed') as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByLabelText('Quota nearly reached') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(within(dialog).getByLabelText('Quota nearly reached'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save webhook' }));
    await waitFor(() =>
      expect(sent).toEqual([
        { method: 'PUT', url: `${api}/webhooks/whk_1`, body: { url: 'https://hooks.example.com/one', events: ['backup.failed', 'agent.offline', 'quota.nearly_reached'], enabled: true } },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('sends a test, shows the delivery log and deletes after confirmation', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Send test to https://hooks.example.com/one' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Test queued: it is sent right away, and the delivery log shows how it went.'));
    expect(sent.map((s) => s.url)).toEqual([`${api}/webhooks/whk_1/test`]);

    fireEvent.click(screen.getByRole('button', { name: 'Delivery log of https://hooks.example.com/one' }));
    const log = await screen.findByRole('table', { name: 'Deliveries' });
    expect(deliveryQueries[0]).toEqual({ limit: '20', offset: '0' });
    const failed = within(log).getByRole('row', { name: /Backup failed/ });
    expect(failed.textContent).toContain('Failed');
    expect(failed.textContent).toContain('5');
    expect(failed.textContent).toContain('HTTP 503');
    expect(failed.textContent).toContain('Service Unavailable');
    expect(within(log).getByRole('row', { name: /Test/ }).textContent).toContain('Delivered');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(deliveryQueries.length).toBeGreaterThan(1));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delivery log' })).getByRole('button', { name: 'Close' }));

    fireEvent.click(screen.getByRole('button', { name: 'Delete https://hooks.example.com/one' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete this webhook?' });
    expect(sent.filter((s) => s.method === 'DELETE')).toHaveLength(0);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(sent.filter((s) => s.method === 'DELETE')).toHaveLength(1));
    expect(await screen.findByText('No webhooks yet')).toBeTruthy();
  });
});
