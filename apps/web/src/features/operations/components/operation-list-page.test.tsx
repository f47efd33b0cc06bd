import type { Role } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OperationRoute, OperationsRoute } from '../../../routes/operations.route';
import { json, me, operation, operationWithLog, routeFetch, searchOf } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const running = operation({ id: 'op_run', status: 'running', finishedAt: null, progressPercent: 42, cancellable: true, target: { kind: 'instance', id: 'ins_2', name: 'db-1' } });
let listRequests: Record<string, string>[] = [];
let cancelCalls: string[] = [];
let role: Role = 'backup.editor';

beforeEach(() => {
  listRequests = [];
  cancelCalls = [];
  role = 'backup.editor';
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, me(role)),
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/operations`]: (_init, url) => {
        listRequests.push(searchOf(url));
        return json(200, { items: [operation({ result: 'Backed up 1,234 files' }), running], total: 120 });
      },
      [`GET ${api}/operations/op_run`]: () => json(200, operationWithLog({ ...running, log: [] })),
      [`POST ${api}/operations/op_run/cancel`]: (_init, url) => {
        cancelCalls.push(url);
        return json(200, { ...running, status: 'cancelled', cancellable: false });
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/folders/:folderId/operations', element: <OperationsRoute /> },
      { path: '/folders/:folderId/operations/:operationId', element: <OperationRoute /> },
    ],
    { initialEntries: [path] },
  );
  renderRouter(router);
  return router;
}

const lastRequest = () => listRequests[listRequests.length - 1];

describe('<OperationListPage>', () => {
  it('shows result, progress and paging, and sends filters from the URL', async () => {
    renderAt('/folders/default/operations?type=backup&status=running&from=2025-06-01&to=2025-06-30&page=2');
    const table = await screen.findByRole('table', { name: 'Operations' });
    expect(lastRequest()).toEqual({
      type: 'backup',
      status: 'running',
      from: new Date(2025, 5, 1).toISOString(),
      to: new Date(2025, 5, 30, 23, 59, 59, 999).toISOString(),
      limit: '50',
      offset: '50',
    });
    expect(within(table).getByRole('row', { name: /web-1/ }).textContent).toContain('Backed up 1,234 files');
    const row = within(table).getByRole('row', { name: /db-1/ });
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42');
    expect(screen.getByText('51–52 of 120')).toBeTruthy();
    expect((screen.getByLabelText('Type') as HTMLSelectElement).value).toBe('backup');
  });

  it('writes new filters to the URL and starts again from the first page', async () => {
    const router = renderAt('/folders/default/operations?page=3');
    await screen.findByRole('table', { name: 'Operations' });
    expect(lastRequest()?.offset).toBe('100');

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    await waitFor(() => expect(lastRequest()?.status).toBe('failed'));
    expect(lastRequest()?.offset).toBe('0');
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'restore' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-06-02' } });
    await waitFor(() => expect(searchOf(router.state.location.search)).toEqual({ status: 'failed', type: 'restore', from: '2025-06-02' }));

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(searchOf(router.state.location.search).page).toBe('2'));

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(lastRequest()).toEqual({ limit: '50', offset: '0' });
  });

  it('asks before cancelling a running operation, then calls the API', async () => {
    renderAt('/folders/default/operations');
    const table = await screen.findByRole('table', { name: 'Operations' });
    const row = within(table).getByRole('row', { name: /db-1/ });
    // Only the cancellable one has the button.
    expect(within(within(table).getByRole('row', { name: /web-1/ })).queryByRole('button', { name: /Cancel/ })).toBeNull();

    fireEvent.click(await within(row).findByRole('button', { name: 'Cancel the backup of db-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this backup?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep running' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(cancelCalls).toHaveLength(0);

    fireEvent.click(within(row).getByRole('button', { name: 'Cancel the backup of db-1' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel operation' }));
    await waitFor(() => expect(cancelCalls).toEqual([`${api}/operations/op_run/cancel`]));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('status').textContent).toContain('The backup of db-1 is being cancelled.');
  });

  it('hides Cancel from roles that may not cancel', async () => {
    role = 'backup.viewer';
    renderAt('/folders/default/operations');
    const table = await screen.findByRole('table', { name: 'Operations' });
    await waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/auth/me'))).toBe(true));
    expect(within(table).queryByRole('button', { name: /Cancel/ })).toBeNull();
  });

  it('offers Cancel on the operation page too', async () => {
    renderAt('/folders/default/operations/op_run');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel the backup of db-1' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel operation' }));
    await waitFor(() => expect(cancelCalls).toHaveLength(1));
  });
});
