import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupsRoute } from '../../../routes/backups.route';
import { backup, instance, json, policySummaries, routeFetch, searchOf, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
let listRequests: Record<string, string>[] = [];
let listAnswer: () => Response;

beforeEach(() => {
  listRequests = [];
  listAnswer = () =>
    json(200, {
      items: [
        backup(),
        backup({
          id: 'bak_2',
          instanceId: 'ins_2',
          instanceName: 'old-db',
          instanceRemoved: true,
          type: 'incremental',
          status: 'running',
          durationMs: null,
          finishedAt: null,
          progress: {
            phase: 'uploading',
            filesDone: 10,
            filesTotal: 20,
            bytesDone: 3 * 1024 ** 2,
            bytesTotal: 4 * 1024 ** 2,
            bytesUploaded: 1024 ** 2,
            bytesPerSecond: 1024 ** 2,
            etaSeconds: 1,
            currentPath: '/srv/db/x',
          },
        }),
        backup({ id: 'bak_3', status: 'completed_with_warnings' }),
      ],
      total: 120,
    });
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/instances`]: () => json(200, { items: [instance()] }),
      [`GET ${api}/policies`]: () => json(200, { items: policySummaries() }),
      [`GET ${api}/storage`]: () => json(200, storageUsage({ folderBytes: 5 * 1024 ** 3, instances: [{ instanceId: 'ins_2', instanceName: 'old-db', bytes: 1 }] })),
      [`GET ${api}/backups`]: (_init, url) => {
        listRequests.push(searchOf(url));
        return listAnswer();
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage(path = '/folders/default/backups') {
  const router = createMemoryRouter(
    [
      { path: '/folders/:folderId/backups', element: <BackupsRoute /> },
      { path: '/folders/:folderId/backups/:backupId', element: <p>Backup page</p> },
    ],
    { initialEntries: [path] },
  );
  renderRouter(router);
  return router;
}

const lastRequest = () => listRequests[listRequests.length - 1];

describe('<BackupListPage>', () => {
  it('lists backups with their figures, badges and links, and the folder’s storage used', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Backups' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);

    const [first, second, third] = rows;
    expect(first?.textContent).toContain('web-1');
    expect(first?.textContent).toContain('Default daily');
    expect(first?.textContent).toContain('Full');
    expect(first?.textContent).toContain('Completed');
    expect(first?.textContent).toContain('3 min 20 s');
    expect(first?.textContent).toContain('3.00 GiB');
    expect(first?.textContent).toContain('512 MiB');
    expect(first?.textContent).toContain('1,234');
    const created = within(first!).getAllByRole('link')[0];
    expect(created?.getAttribute('href')).toBe('/folders/default/backups/bak_1');
    expect(within(first!).getByRole('link', { name: 'web-1' }).getAttribute('href')).toBe('/folders/default/instances/ins_1');

    expect(second?.textContent).toContain('Removed');
    expect(second?.textContent).toContain('Incremental');
    expect(second?.textContent).toContain('Running 75%');
    expect(third?.textContent).toContain('Completed with warnings');

    expect(screen.getByText('1–3 of 120')).toBeTruthy();
    expect(screen.getByText('Storage used').nextElementSibling?.textContent).toBe('5.00 GiB');
    expect(lastRequest()).toEqual({ sort: 'startedAt', order: 'desc', limit: '50', offset: '0' });
    // The removed instance still has data, so it can be chosen as a filter.
    expect(within(screen.getByLabelText('Instance')).getByRole('option', { name: 'old-db' })).toBeTruthy();
  });

  it('sends filters from the URL and writes new ones back to it', async () => {
    const router = renderPage('/folders/default/backups?instanceId=ins_1&type=full&from=2025-06-01&to=2025-06-30&page=2');
    await screen.findByRole('table', { name: 'Backups' });
    expect(lastRequest()).toEqual({
      instanceId: 'ins_1',
      type: 'full',
      from: new Date(2025, 5, 1).toISOString(),
      to: new Date(2025, 5, 30, 23, 59, 59, 999).toISOString(),
      sort: 'startedAt',
      order: 'desc',
      limit: '50',
      offset: '50',
    });
    expect((screen.getByLabelText('Type') as HTMLSelectElement).value).toBe('full');

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    await waitFor(() => expect(lastRequest()?.status).toBe('failed'));
    // A new filter starts again from the first page.
    expect(lastRequest()?.offset).toBe('0');
    expect(searchOf(router.state.location.search)).toEqual({ instanceId: 'ins_1', type: 'full', status: 'failed', from: '2025-06-01', to: '2025-06-30' });

    fireEvent.change(screen.getByLabelText('Policy'), { target: { value: 'pol_2' } });
    await waitFor(() => expect(lastRequest()?.policyId).toBe('pol_2'));

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(lastRequest()).toEqual({ sort: 'startedAt', order: 'desc', limit: '50', offset: '0' }));
    expect(router.state.location.search).toBe('');
  });

  it('sorts on the server when a header is clicked', async () => {
    const router = renderPage();
    await screen.findByRole('table', { name: 'Backups' });
    expect(screen.getByRole('columnheader', { name: /Created/ }).getAttribute('aria-sort')).toBe('descending');

    fireEvent.click(screen.getByRole('button', { name: /New data/ }));
    await waitFor(() => expect(lastRequest()).toMatchObject({ sort: 'newBytes', order: 'asc' }));
    expect(screen.getByRole('columnheader', { name: /New data/ }).getAttribute('aria-sort')).toBe('ascending');

    fireEvent.click(screen.getByRole('button', { name: /New data/ }));
    await waitFor(() => expect(lastRequest()).toMatchObject({ sort: 'newBytes', order: 'desc' }));
    expect(searchOf(router.state.location.search)).toEqual({ sort: 'newBytes', order: 'desc' });
    // Type and status are not server sort keys.
    expect(within(screen.getByRole('columnheader', { name: 'Type' })).queryByRole('button')).toBeNull();
  });

  it('pages with Previous and Next', async () => {
    renderPage();
    await screen.findByText('1–3 of 120');
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(lastRequest()?.offset).toBe('50'));
    await screen.findByText('51–53 of 120');

    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(lastRequest()?.offset).toBe('0'));
  });

  it('explains how to get a first backup when there is none', async () => {
    listAnswer = () => json(200, { items: [], total: 0 });
    renderPage();
    expect(await screen.findByText('No backups yet')).toBeTruthy();
    expect(screen.getByText(/Back up now/).textContent).toContain('Link a policy');
  });

  it('says when filters match nothing', async () => {
    listAnswer = () => json(200, { items: [], total: 0 });
    renderPage('/folders/default/backups?status=failed');
    expect(await screen.findByText('No backups match these filters')).toBeTruthy();
  });
});
