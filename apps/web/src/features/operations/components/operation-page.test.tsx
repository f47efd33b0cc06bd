import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OperationRoute, OperationsRoute } from '../../../routes/operations.route';
import { json, operation, operationWithLog, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };

beforeEach(() => vi.stubGlobal('fetch', fetchMock));
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
}

function valueOf(label: string): string {
  return screen.getAllByText(label, { selector: 'dt' })[0]?.nextElementSibling?.textContent ?? '';
}

describe('<OperationPage>', () => {
  it('shows the operation and its log, and keeps refreshing while it runs', async () => {
    let reads = 0;
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, folder),
        [`GET ${api}/operations/op_1`]: () => {
          reads += 1;
          const log = [
            { at: '2025-06-01T12:00:00.000Z', level: 'info' as const, step: 'scan', message: 'Found 1,234 files' },
            { at: '2025-06-01T12:00:05.000Z', level: 'warning' as const, step: 'read', message: '/home/ann/socket: sockets are skipped' },
          ];
          if (reads > 1) log.push({ at: '2025-06-01T12:00:09.000Z', level: 'info' as const, step: 'upload', message: 'Uploaded 12 chunks' });
          return json(200, operationWithLog({ status: 'running', finishedAt: null, progressPercent: 42, result: null, log }));
        },
      }),
    );
    renderAt('/folders/default/operations/op_1');
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Backup: web-1');
    expect(valueOf('Status')).toBe('Running');
    expect(valueOf('Started by')).toBe('admin');
    expect(valueOf('Finished')).toBe('Still running');
    expect(screen.getByRole('progressbar', { name: 'Operation progress' }).getAttribute('aria-valuenow')).toBe('42');
    expect(screen.getByRole('link', { name: 'web-1' }).getAttribute('href')).toBe('/folders/default/instances/ins_1');
    expect(screen.getByRole('link', { name: 'View backup' }).getAttribute('href')).toBe('/folders/default/backups/bak_1');

    const log = screen.getByRole('list', { name: 'Operation log' });
    const lines = within(log).getAllByRole('listitem');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.textContent).toContain('Warning');
    expect(lines[1]?.textContent).toContain('read');
    expect(lines[1]?.textContent).toContain('sockets are skipped');

    // Polled every 2 s while running, as a fallback for the event stream.
    await waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(3), { timeout: 4_000 });
  });

  it('lists operations with links to each one', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, folder),
        [`GET ${api}/operations`]: () =>
          json(200, {
            items: [operation(), operation({ id: 'op_2', type: 'verify', status: 'failed', target: { kind: 'backup', id: 'bak_1', name: 'web-1 backup' } })],
            total: 2,
          }),
      }),
    );
    renderAt('/folders/default/operations');
    const table = await screen.findByRole('table', { name: 'Operations' });
    const verify = within(table).getByRole('row', { name: /Verify/ });
    expect(verify.textContent).toContain('Failed');
    expect(within(verify).getByRole('link', { name: 'Verify' }).getAttribute('href')).toBe('/folders/default/operations/op_2');
    expect(within(verify).getByRole('link', { name: 'web-1 backup' }).getAttribute('href')).toBe('/folders/default/backups/bak_1');
    expect(within(table).getByRole('row', { name: /Backup/ }).textContent).toContain('3 min 20 s');
  });
});
