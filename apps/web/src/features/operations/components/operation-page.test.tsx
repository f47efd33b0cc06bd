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

  it('shows a finished restore with what it restored, skipped and failed', async () => {
    const restore = {
      operationId: 'op_r',
      backupId: 'bak_1',
      sourceInstanceId: 'ins_1',
      targetInstanceId: 'ins_2',
      targetInstanceName: 'web-2',
      request: {
        targetInstanceId: 'ins_2',
        scope: { kind: 'items' as const, paths: ['/docs', '/notes.txt'] },
        location: { kind: 'custom' as const, path: '/srv/restored' },
        overwrite: 'older' as const,
      },
      progress: null,
      summary: {
        restoredFiles: 1234,
        restoredDirs: 56,
        restoredBytes: 3 * 1024 ** 3,
        skippedCount: 2,
        failedCount: 1,
        skipped: [
          { path: '/srv/restored/docs/a.txt', reason: 'The file on the target is newer' },
          { path: '/srv/restored/docs/b.txt', reason: 'The file on the target is newer' },
        ],
        failed: [{ path: '/srv/restored/docs/c.bin', reason: 'Chunk c0ffee is damaged' }],
      },
    };
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, folder),
        [`GET ${api}/operations/op_r`]: () =>
          json(200, operationWithLog({ id: 'op_r', type: 'file_restore', status: 'succeeded_with_warnings', target: { kind: 'instance', id: 'ins_2', name: 'web-2' }, restore })),
      }),
    );
    renderAt('/folders/default/operations/op_r');
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('File restore: web-2');
    expect(valueOf('Target instance')).toBe('web-2');
    expect(valueOf('Location')).toBe('/srv/restored');
    expect(valueOf('Overwrite')).toBe('Overwrite older only');
    expect(valueOf('Restored')).toBe('1,234 files, 56 folders (3.00 GiB)');
    expect(valueOf('Skipped')).toBe('2');
    expect(valueOf('Failed')).toBe('1');
    expect(screen.queryByRole('progressbar', { name: 'Restore progress' })).toBeNull();

    const skipped = screen.getByRole('table', { name: 'Skipped files' });
    expect(within(skipped).getAllByRole('row')).toHaveLength(3);
    expect(within(skipped).getAllByRole('row')[1]?.textContent).toContain('The file on the target is newer');
    const failed = screen.getByRole('table', { name: 'Failed files' });
    expect(within(failed).getByRole('row', { name: /c\.bin/ }).textContent).toContain('Chunk c0ffee is damaged');
    expect(screen.getByRole('alert').textContent).toContain('1 file was not restored');
  });

  it('shows a running restore’s live progress', async () => {
    const restore = {
      operationId: 'op_r',
      backupId: 'bak_1',
      sourceInstanceId: 'ins_1',
      targetInstanceId: 'ins_1',
      targetInstanceName: 'web-1',
      request: { targetInstanceId: 'ins_1', scope: { kind: 'whole' as const }, location: { kind: 'original' as const }, overwrite: 'all' as const },
      progress: {
        phase: 'restoring' as const,
        filesDone: 500,
        filesTotal: 2000,
        bytesDone: 1024 ** 3,
        bytesTotal: 4 * 1024 ** 3,
        bytesPerSecond: 50 * 1024 ** 2,
        etaSeconds: 62,
        currentPath: '/home/ann/big.iso',
      },
      summary: null,
    };
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, folder),
        [`GET ${api}/operations/op_r`]: () =>
          json(200, operationWithLog({ id: 'op_r', type: 'restore', status: 'running', finishedAt: null, progressPercent: 25, result: null, restore })),
      }),
    );
    renderAt('/folders/default/operations/op_r');
    const bar = await screen.findByRole('progressbar', { name: 'Restore progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(valueOf('What')).toBe('The whole instance');
    expect(valueOf('Files')).toBe('500 of 2,000');
    expect(valueOf('Data written')).toBe('1.00 GiB of 4.00 GiB');
    expect(valueOf('Throughput')).toBe('50.0 MiB/s');
    expect(valueOf('Time left')).toBe('about 1 min 2 s');
    expect(valueOf('Current file')).toBe('/home/ann/big.iso');
    expect(screen.queryByRole('region', { name: 'Restore result' })).toBeNull();
  });
});
