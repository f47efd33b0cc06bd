import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstanceRoute } from '../../../routes/instances.route';
import { backup, instance, json, operation, policySummaries, routeFetch, searchOf, storageUsage } from '../../../test/fixtures';
import { backUpNowBlocker } from './back-up-instance-button';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const linked = [
  { id: 'pol_1', name: 'Default daily' },
  { id: 'pol_2', name: 'Default weekly' },
];

function routesFor(over: Parameters<typeof instance>[0], backups: (url: string) => Response = () => json(200, { items: [backup()], total: 1 })) {
  return routeFetch({
    [`GET ${api}`]: () => json(200, folder),
    [`GET ${api}/instances/ins_1`]: () => json(200, instance({ policies: linked, connection: 'ok', ...over })),
    [`GET ${api}/policies`]: () => json(200, { items: policySummaries() }),
    [`GET ${api}/storage`]: () => json(200, storageUsage({ instances: [{ instanceId: 'ins_1', instanceName: 'web-1', bytes: 3 * 1024 ** 3 }] })),
    [`GET ${api}/backups`]: (_init, url) => backups(url),
    [`POST ${api}/instances/ins_1/backups`]: () => json(201, operation({ status: 'queued', backupId: null, finishedAt: null })),
  });
}

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(routesFor({}));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  const router = createMemoryRouter([{ path: '/folders/:folderId/instances/:instanceId', element: <InstanceRoute /> }], {
    initialEntries: ['/folders/default/instances/ins_1'],
  });
  renderRouter(router);
}

describe('Back up now on the instance page', () => {
  it('posts the policy chosen in the dialog and confirms with a toast', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Back up now' }));
    const dialog = screen.getByRole('dialog', { name: 'Back up web-1 now' });
    const daily = within(dialog).getByRole('radio', { name: 'Default daily' }) as HTMLInputElement;
    const weekly = within(dialog).getByRole('radio', { name: 'Default weekly' }) as HTMLInputElement;
    expect(daily.checked).toBe(true);

    fireEvent.click(weekly);
    expect(weekly.checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start backup' }));

    expect(await screen.findByText('Backup started')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    const post = fetchMock.mock.calls.find(([url, init]) => url === `${api}/instances/ins_1/backups` && init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ policyId: 'pol_2' });
  });

  it('is disabled, with the reason, without a linked policy, offline or removed', async () => {
    fetchMock.mockImplementation(routesFor({ policies: [], connection: 'no_policies' }));
    renderPage();
    const button = (await screen.findByRole('button', { name: 'Back up now' })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.parentElement?.getAttribute('title')).toMatch(/Link a policy first/);

    const base = { status: 'registered' as const, online: true, policies: linked, activity: 'idle' as const };
    expect(backUpNowBlocker(base)).toBeNull();
    expect(backUpNowBlocker({ ...base, online: false })).toMatch(/offline/);
    expect(backUpNowBlocker({ ...base, status: 'deleted' })).toMatch(/removed/);
    expect(backUpNowBlocker({ ...base, activity: 'backing_up' })).toMatch(/already running/);
  });
});

describe('Backups on the instance page', () => {
  it('lists the instance’s newest backups with its storage used and a link to all of them', async () => {
    const requests: Record<string, string>[] = [];
    fetchMock.mockImplementation(
      routesFor({}, (url) => {
        requests.push(searchOf(url));
        return json(200, { items: [backup(), backup({ id: 'bak_2', type: 'incremental' })], total: 14 });
      }),
    );
    renderPage();
    const section = await screen.findByRole('region', { name: 'Backups' });
    const table = await within(section).findByRole('table', { name: 'Backups' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    // The instance is the page itself: no Instance column.
    expect(within(table).queryByRole('columnheader', { name: 'Instance' })).toBeNull();
    expect(section.textContent).toContain('The newest 10 of 14');
    expect(within(section).getByRole('link', { name: 'All backups' }).getAttribute('href')).toBe('/folders/default/backups?instanceId=ins_1');
    await waitFor(() => expect(within(section).getByText('Storage used').nextElementSibling?.textContent).toBe('3.00 GiB'));
    expect(requests).toContainEqual({ instanceId: 'ins_1', sort: 'startedAt', order: 'desc', limit: '10', offset: '0' });
  });

  it('shows the running backup’s live progress while the instance backs up', async () => {
    const running = backup({
      id: 'bak_run',
      status: 'running',
      finishedAt: null,
      durationMs: null,
      progress: {
        phase: 'uploading',
        filesDone: 900,
        filesTotal: 1000,
        bytesDone: 900 * 1024 ** 2,
        bytesTotal: 1000 * 1024 ** 2,
        bytesUploaded: 100 * 1024 ** 2,
        bytesPerSecond: 25 * 1024 ** 2,
        etaSeconds: 4,
        currentPath: '/home/ann/photo.jpg',
      },
    });
    fetchMock.mockImplementation(
      routesFor({ activity: 'backing_up', progressPercent: 90 }, (url) =>
        json(200, searchOf(url).status === 'running' ? { items: [running], total: 1 } : { items: [running, backup()], total: 2 }),
      ),
    );
    renderPage();
    const banner = await screen.findByRole('region', { name: 'Backup in progress' });
    const bar = await within(banner).findByRole('progressbar', { name: 'Backup progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('90');
    expect(banner.textContent).toContain('Uploading new data');
    expect(banner.textContent).toContain('900 of 1,000');
    expect(banner.textContent).toContain('25.0 MiB/s');
    expect(banner.textContent).toContain('about 4 s');
    expect(banner.textContent).toContain('/home/ann/photo.jpg');
    expect(within(banner).getByRole('link', { name: 'View backup' }).getAttribute('href')).toBe('/folders/default/backups/bak_run');
    expect((screen.getByRole('button', { name: 'Back up now' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
