import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupRoute } from '../../../routes/backups.route';
import { backup, json, operation, operationWithLog, routeFetch, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const routes = {
  [`GET ${api}`]: () => json(200, folder),
  [`GET ${api}/storage`]: () => json(200, storageUsage()),
  [`GET ${api}/backups/bak_1`]: () =>
    json(
      200,
      backup({
        status: 'completed_with_warnings',
        warnings: [{ path: '/home/ann/socket', message: 'Sockets are skipped' }],
      }),
    ),
  [`DELETE ${api}/backups/bak_1`]: () => json(200, operation({ id: 'op_del', type: 'delete_backup', status: 'running', target: { kind: 'backup', id: 'bak_1', name: 'web-1' } })),
};

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(routeFetch(routes));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  const router = createMemoryRouter(
    [
      { path: '/folders/:folderId/backups/:backupId', element: <BackupRoute /> },
      { path: '/folders/:folderId/backups', element: <p>Backup list</p> },
    ],
    { initialEntries: ['/folders/default/backups/bak_1'] },
  );
  renderRouter(router);
  return router;
}

function valueOf(label: string): string {
  const term = screen.getAllByText(label, { selector: 'dt' })[0];
  return term?.nextElementSibling?.textContent ?? '';
}

const calls = (method: string, path: string) => fetchMock.mock.calls.filter(([url, init]) => url === path && (init?.method ?? 'GET') === method);

describe('<BackupPage>', () => {
  it('shows every figure, the sources, the warnings and the operation log link', async () => {
    renderPage();
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toContain('web-1');
    expect(valueOf('Type')).toBe('Full');
    expect(valueOf('Status')).toBe('Completed with warnings');
    expect(valueOf('Policy')).toBe('Default daily');
    expect(valueOf('Duration')).toBe('3 min 20 s');
    expect(valueOf('Files')).toBe('1,234');
    expect(valueOf('Folders')).toBe('56');
    expect(valueOf('Size')).toBe('3.00 GiB');
    expect(valueOf('New data stored')).toBe('512 MiB');
    expect(valueOf('Sources')).toBe('/etc/home');
    await waitFor(() => expect(valueOf('Archive')).toContain('2.00 GiB stored'));
    expect(screen.queryByText('Error', { selector: 'dt' })).toBeNull();

    const warnings = screen.getByRole('list', { name: 'Warnings' });
    expect(warnings.textContent).toContain('/home/ann/socket');
    expect(warnings.textContent).toContain('Sockets are skipped');
    expect(screen.getByRole('link', { name: 'Operation log' }).getAttribute('href')).toBe('/folders/default/operations/op_1');
  });

  it('deletes only after confirmation, then returns to the list with a toast', async () => {
    const router = renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this backup?' });
    expect(dialog.textContent).toContain('Other backups stay complete and restorable');
    expect(dialog.textContent).toContain('garbage collection');
    expect(calls('DELETE', `${api}/backups/bak_1`)).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls('DELETE', `${api}/backups/bak_1`)).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/backups'));
    expect(calls('DELETE', `${api}/backups/bak_1`)).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toContain('was deleted');
  });

  it('keeps the dialog open with the server’s message when the delete is refused', async () => {
    fetchMock.mockImplementation(
      routeFetch({ ...routes, [`DELETE ${api}/backups/bak_1`]: () => json(403, { error: { code: 'forbidden', message: 'Your role cannot delete backups' } }) }),
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect((await within(screen.getByRole('dialog')).findByRole('alert')).textContent).toContain('Your role cannot delete backups');
  });

  it('verifies and lists the damaged chunks with the backups and files they affect', async () => {
    let polls = 0;
    const verifyOp = { id: 'op_v', type: 'verify' as const, target: { kind: 'backup' as const, id: 'bak_1', name: 'web-1' }, backupId: 'bak_1' };
    fetchMock.mockImplementation(
      routeFetch({
        ...routes,
        [`POST ${api}/backups/bak_1/verify`]: () => json(201, operation({ ...verifyOp, status: 'queued', finishedAt: null, progressPercent: null })),
        [`GET ${api}/operations/op_v`]: () => {
          polls += 1;
          if (polls === 1) return json(200, operationWithLog({ ...verifyOp, status: 'running', finishedAt: null, progressPercent: 40 }));
          return json(
            200,
            operationWithLog({
              ...verifyOp,
              status: 'failed',
              result: '1 damaged chunk',
              verify: {
                checkedChunks: 2048,
                checkedBytes: 3 * 1024 ** 3,
                damaged: [
                  {
                    chunkId: 'c0ffee',
                    packId: 'pack_9',
                    backups: [
                      { backupId: 'bak_1', paths: ['/etc/hosts'] },
                      { backupId: 'bak_0', paths: ['/etc/hosts', '/etc/passwd'] },
                    ],
                  },
                ],
              },
            }),
          );
        },
      }),
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Verifying… 40%')).toBeTruthy();

    // Without an event stream, the 2-second fallback poll picks up the finished operation.
    const damaged = await screen.findByRole('list', { name: 'Damaged chunks' }, { timeout: 4_000 });
    expect(damaged.textContent).toContain('c0ffee');
    expect(damaged.textContent).toContain('pack_9');
    expect(damaged.textContent).toContain('This backup');
    expect(damaged.textContent).toContain('/etc/passwd');
    expect(within(damaged).getByRole('link', { name: 'Backup bak_0' }).getAttribute('href')).toBe('/folders/default/backups/bak_0');
    const alert = damaged.closest('[role="alert"]');
    expect(alert?.textContent).toContain('Verified 2,048 chunks (3.00 GiB)');
  });

  it('says when verify finds no damage', async () => {
    const verifyOp = { id: 'op_v', type: 'verify' as const, target: { kind: 'backup' as const, id: 'bak_1', name: 'web-1' } };
    const verify = { checkedChunks: 12, checkedBytes: 1024 ** 2, damaged: [] };
    fetchMock.mockImplementation(
      routeFetch({
        ...routes,
        [`POST ${api}/backups/bak_1/verify`]: () => json(201, operation({ ...verifyOp, status: 'succeeded', verify })),
        [`GET ${api}/operations/op_v`]: () => json(200, operationWithLog({ ...verifyOp, status: 'succeeded', verify })),
      }),
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Verify' }));
    expect((await screen.findByText(/no damage found/)).textContent).toBe('Verified 12 chunks (1.00 MiB): no damage found.');
  });

  it('shows live progress of a running backup and holds Delete and Verify until it ends', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        ...routes,
        [`GET ${api}/backups/bak_1`]: () =>
          json(
            200,
            backup({
              status: 'running',
              finishedAt: null,
              durationMs: null,
              progress: {
                phase: 'reading',
                filesDone: 500,
                filesTotal: 2000,
                bytesDone: 1024 ** 3,
                bytesTotal: 4 * 1024 ** 3,
                bytesUploaded: 0,
                bytesPerSecond: 50 * 1024 ** 2,
                etaSeconds: 62,
                currentPath: '/home/ann/big.iso',
              },
            }),
          ),
      }),
    );
    renderPage();
    const bar = await screen.findByRole('progressbar', { name: 'Backup progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(valueOf('Time left')).toBe('about 1 min 2 s');
    expect(valueOf('Finished')).toBe('Still running');
    expect((screen.getByRole('button', { name: 'Delete' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Verify' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when the backup no longer exists', async () => {
    fetchMock.mockImplementation(
      routeFetch({ ...routes, [`GET ${api}/backups/bak_1`]: () => json(404, { error: { code: 'not_found', message: 'Backup not found' } }) }),
    );
    renderPage();
    expect(await screen.findByText('This backup no longer exists')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to Backups' }).getAttribute('href')).toBe('/folders/default/backups');
  });
});
