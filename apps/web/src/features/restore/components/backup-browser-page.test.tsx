import type { Role } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupFilesRoute, BackupRoute } from '../../../routes/backups.route';
import { backup, catalogItem, catalogPage, json, me, routeFetch, searchOf, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const catalogUrl = `${api}/backups/bak_1/catalog`;
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };

const listings: Record<string, ReturnType<typeof catalogItem>[]> = {
  '/': [
    catalogItem('/', 'docs', { type: 'dir', size: 3000, fileCount: 3, childCount: 2 }),
    catalogItem('/', 'etc', { type: 'dir', size: 200, fileCount: 1, childCount: 1 }),
    catalogItem('/', 'notes.txt', { size: 2048 }),
    catalogItem('/', 'latest', { type: 'symlink', size: 9, target: 'notes.txt' }),
  ],
  '/docs': [catalogItem('/docs', 'reports', { type: 'dir', size: 1000, fileCount: 1 }), catalogItem('/docs', 'readme.md', { size: 2000 })],
  '/docs/reports': [catalogItem('/docs/reports', 'q1.csv', { size: 1000 })],
  '/etc': [catalogItem('/etc', 'hosts', { size: 200 })],
};

function routes(role: Role | null = 'backup.editor') {
  return {
    [`GET ${api}`]: () => json(200, folder),
    ['GET /api/v1/auth/me']: () => (role ? json(200, me(role)) : json(401, { error: { code: 'unauthenticated', message: 'Sign in' } })),
    [`GET ${api}/storage`]: () => json(200, storageUsage()),
    [`GET ${api}/backups/bak_1`]: () => json(200, backup()),
    [`GET ${catalogUrl}`]: (_init: RequestInit | undefined, url: string) => {
      const path = searchOf(url).path ?? '/';
      const entries = listings[path];
      return entries ? json(200, catalogPage(path, entries)) : json(404, { error: { code: 'not_found', message: 'No such folder' } });
    },
    [`GET ${catalogUrl}/search`]: () =>
      json(200, {
        q: 'q1',
        items: [catalogItem('/docs/reports', 'q1.csv', { size: 1000 }), catalogItem('/archive', 'q1-old.csv', { size: 500 })],
        total: 2,
        tookMs: 12,
      }),
  };
}

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(routeFetch(routes()));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/folders/:folderId/backups/:backupId', element: <BackupRoute /> },
      { path: '/folders/:folderId/backups/:backupId/files', element: <BackupFilesRoute /> },
    ],
    { initialEntries: [path] },
  );
  renderRouter(router);
  return router;
}

const catalogCalls = () => fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url.startsWith(`${catalogUrl}?`));
const lastCatalogParams = () => searchOf(catalogCalls().at(-1) ?? '');
const row = (name: string) => screen.getByRole('row', { name });
const nameCells = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]?.textContent);

describe('<BackupBrowserPage>', () => {
  it('lists a folder with sizes, folder totals and types', async () => {
    renderAt('/folders/default/backups/bak_1/files');
    const table = await screen.findByRole('table', { name: 'Files in /' });
    expect(nameCells(table)).toEqual(['docs', 'etc', 'notes.txt', 'latest→ notes.txt']);
    expect(within(table).getAllByRole('row').slice(1).map((r) => r.getAttribute('aria-label'))).toEqual(['docs', 'etc', 'notes.txt', 'latest']);
    expect(row('docs').textContent).toContain('2.93 KiB · 3 files');
    expect(row('docs').textContent).toContain('Folder');
    expect(row('notes.txt').textContent).toContain('2.00 KiB');
    expect(row('latest').textContent).toContain('Symbolic link');
    expect(lastCatalogParams()).toEqual({ path: '/', sort: 'name', order: 'asc', offset: '0', limit: '1000' });
    expect(screen.getByText(/4 items/).textContent).toContain('4 items');
  });

  it('opens folders with Enter, goes up with Backspace and back through the breadcrumbs', async () => {
    const router = renderAt('/folders/default/backups/bak_1/files');
    await screen.findByRole('table', { name: 'Files in /' });

    const docs = row('docs');
    docs.focus();
    fireEvent.keyDown(docs, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(row('etc'));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(row('docs'));

    fireEvent.keyDown(row('docs'), { key: 'Enter' });
    await screen.findByRole('table', { name: 'Files in /docs' });
    expect(router.state.location.search).toBe('?path=%2Fdocs');
    await waitFor(() => expect(document.activeElement).toBe(row('reports')));

    fireEvent.keyDown(row('reports'), { key: 'Enter' });
    await screen.findByRole('table', { name: 'Files in /docs/reports' });
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumbs' });
    expect(within(crumbs).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['web-1', '/docs', '/reports']);

    // Backspace goes up and puts focus on the folder we came from.
    fireEvent.keyDown(row('q1.csv'), { key: 'Backspace' });
    await screen.findByRole('table', { name: 'Files in /docs' });
    await waitFor(() => expect(document.activeElement).toBe(row('reports')));

    fireEvent.click(within(crumbs).getByRole('link', { name: 'web-1' }));
    await screen.findByRole('table', { name: 'Files in /' });
    expect(router.state.location.search).toBe('');
  });

  it('sorts on the server when a header is clicked', async () => {
    renderAt('/folders/default/backups/bak_1/files?path=/docs');
    await screen.findByRole('table', { name: 'Files in /docs' });

    fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    await waitFor(() => expect(lastCatalogParams()).toMatchObject({ path: '/docs', sort: 'size', order: 'asc', offset: '0' }));
    expect(screen.getByRole('columnheader', { name: /Size/ }).getAttribute('aria-sort')).toBe('ascending');

    fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    await waitFor(() => expect(lastCatalogParams()).toMatchObject({ sort: 'size', order: 'desc' }));
    expect(screen.getByRole('columnheader', { name: /Size/ }).getAttribute('aria-sort')).toBe('descending');

    fireEvent.click(screen.getByRole('button', { name: /Modified/ }));
    await waitFor(() => expect(lastCatalogParams()).toMatchObject({ sort: 'mtime', order: 'asc' }));
  });

  it('keeps selections across folders and search results in the restore list', async () => {
    renderAt('/folders/default/backups/bak_1/files');
    await screen.findByRole('table', { name: 'Files in /' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select notes.txt' }));
    // Space on a focused row toggles it too.
    row('etc').focus();
    fireEvent.keyDown(row('etc'), { key: ' ' });
    expect(screen.getByText('2 items selected')).toBeTruthy();

    fireEvent.click(within(row('docs')).getByRole('link', { name: 'docs' }));
    await screen.findByRole('table', { name: 'Files in /docs' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select readme.md' }));

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search in backup' }), { target: { value: 'q1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('table', { name: 'Search results' });
    expect(screen.getByRole('status').textContent).toBe('2 matches for “q1” in 12 ms');
    expect(searchOf(fetchMock.mock.calls.map(([u]) => String(u)).find((u) => u.includes('/catalog/search')) ?? '')).toEqual({ q: 'q1', limit: '200' });
    expect(within(results).getByRole('link', { name: '/archive' })).toBeTruthy();
    fireEvent.click(within(results).getByRole('checkbox', { name: 'Select q1.csv' }));

    const basket = screen.getByRole('region', { name: 'Restore list' });
    expect(within(basket).getByText('4 items selected')).toBeTruthy();
    fireEvent.click(within(basket).getByRole('button', { name: 'Show list' }));
    const list = within(basket).getByRole('list', { name: 'Selected items' });
    expect(within(list).getAllByRole('listitem').map((li) => li.querySelector('.font-mono')?.textContent)).toEqual([
      '/notes.txt',
      '/etc',
      '/docs/readme.md',
      '/docs/reports/q1.csv',
    ]);
    expect(JSON.parse(sessionStorage.getItem('cloud-backup.restore-basket.bak_1') ?? '[]')).toHaveLength(4);

    fireEvent.click(within(basket).getByRole('button', { name: 'Remove /etc' }));
    expect(within(basket).getByText('3 items selected')).toBeTruthy();

    // A result's folder opens the folder with the entry marked; the selection shows there too.
    fireEvent.click(within(results).getByRole('link', { name: '/docs/reports' }));
    await screen.findByRole('table', { name: 'Files in /docs/reports' });
    expect((screen.getByRole('checkbox', { name: 'Select q1.csv' }) as HTMLInputElement).checked).toBe(true);
    expect(row('q1.csv').className).toContain('bg-amber-50');

    fireEvent.click(within(basket).getByRole('button', { name: 'Clear all' }));
    expect(screen.queryByRole('region', { name: 'Restore list' })).toBeNull();
  });

  it('offers downloads as plain links: files directly, folders as tar or zip', async () => {
    renderAt('/folders/default/backups/bak_1/files');
    await screen.findByRole('table', { name: 'Files in /' });
    const file = screen.getByRole('link', { name: 'Download notes.txt' });
    expect(file.getAttribute('href')).toBe(`${api}/backups/bak_1/download?path=%2Fnotes.txt`);
    expect(file.hasAttribute('download')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Download docs' }));
    expect(screen.getByRole('link', { name: 'Download docs as tar' }).getAttribute('href')).toBe(`${api}/backups/bak_1/download?path=%2Fdocs&format=tar`);
    expect(screen.getByRole('link', { name: 'Download docs as zip' }).getAttribute('href')).toBe(`${api}/backups/bak_1/download?path=%2Fdocs&format=zip`);
  });

  it('shows a file’s versions with links to each backup and downloads', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        ...routes(),
        [`GET ${catalogUrl}/versions`]: () =>
          json(200, {
            path: '/notes.txt',
            archiveId: 'arc_1',
            versions: [
              { backupId: 'bak_2', startedAt: '2025-06-02T12:00:00.000Z', type: 'incremental', status: 'completed', present: false, entryType: null, size: null, mtime: null, changed: false },
              { backupId: 'bak_1', startedAt: '2025-06-01T12:00:00.000Z', type: 'full', status: 'completed', present: true, entryType: 'file', size: 2048, mtime: '2025-05-30T08:00:00.000Z', changed: true },
            ],
          }),
      }),
    );
    renderAt('/folders/default/backups/bak_1/files');
    await screen.findByRole('table', { name: 'Files in /' });
    fireEvent.click(screen.getByRole('button', { name: 'Versions of notes.txt' }));
    const dialog = screen.getByRole('dialog', { name: 'Versions of notes.txt' });
    const rows = within(await within(dialog).findByRole('table', { name: 'Versions' })).getAllByRole('row').slice(1);
    expect(rows[0]?.textContent).toContain('Absent');
    expect(rows[1]?.textContent).toContain('Present');
    expect(rows[1]?.textContent).toContain('Changed');
    expect(rows[1]?.textContent).toContain('This backup');
    expect(within(rows[0] as HTMLElement).getAllByRole('link')[0]?.getAttribute('href')).toBe('/folders/default/backups/bak_2/files?highlight=notes.txt');
    expect(within(rows[0] as HTMLElement).queryByRole('link', { name: /^Download/ })).toBeNull();
    expect(within(rows[1] as HTMLElement).getByRole('link', { name: /^Download notes.txt from/ }).getAttribute('href')).toBe(`${api}/backups/bak_1/download?path=%2Fnotes.txt`);
  });

  it('shows a viewer downloads but no selection or restore controls', async () => {
    fetchMock.mockImplementation(routeFetch(routes('backup.viewer')));
    renderAt('/folders/default/backups/bak_1/files');
    await screen.findByRole('table', { name: 'Files in /' });
    await waitFor(() => expect(screen.queryByRole('checkbox')).toBeNull());
    expect(screen.getByRole('link', { name: 'Download notes.txt' })).toBeTruthy();
    fireEvent.keyDown(row('notes.txt'), { key: ' ' });
    expect(screen.queryByRole('region', { name: 'Restore list' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Restore…' })).toBeNull();
  });

  it('pages in a huge folder as the end comes into view, rendering only the rows in view', async () => {
    const page = (offset: number) => Array.from({ length: 1000 }, (_, i) => catalogItem('/big', `file-${String(offset + i).padStart(6, '0')}`));
    fetchMock.mockImplementation(
      routeFetch({
        ...routes(),
        [`GET ${catalogUrl}`]: (_init: RequestInit | undefined, url: string) => {
          const offset = Number(searchOf(url).offset);
          return json(200, catalogPage('/big', page(offset), { total: 100_000, offset }));
        },
      }),
    );
    renderAt('/folders/default/backups/bak_1/files?path=/big');
    const table = await screen.findByRole('table', { name: 'Files in /big' });
    expect(table.getAttribute('aria-rowcount')).toBe('100001');
    expect(within(table).getAllByRole('row').length).toBeLessThan(40);
    expect(catalogCalls()).toHaveLength(1);

    row('file-000000').focus();
    fireEvent.keyDown(row('file-000000'), { key: 'End' });
    await waitFor(() => expect(document.activeElement).toBe(row('file-000999')));
    await waitFor(() => expect(lastCatalogParams()).toMatchObject({ path: '/big', offset: '1000', limit: '1000' }));
    await waitFor(() => expect(screen.getByText(/2,000 loaded/)).toBeTruthy());
    expect(catalogCalls()).toHaveLength(2);
    expect(within(table).getAllByRole('row').length).toBeLessThan(40);

    fireEvent.keyDown(row('file-000999'), { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(row('file-001000')));
  });

  it('keeps the loaded rows when a further page fails, and asks again only on Try again', async () => {
    let failures = 0;
    fetchMock.mockImplementation(
      routeFetch({
        ...routes(),
        [`GET ${catalogUrl}`]: (_init: RequestInit | undefined, url: string) => {
          const offset = Number(searchOf(url).offset);
          if (offset > 0 && failures++ === 0) return json(500, { error: { code: 'internal_error', message: 'Catalog cache unreadable' } });
          const entries = Array.from({ length: offset === 0 ? 1000 : 5 }, (_, i) => catalogItem('/big', `f-${String(offset + i).padStart(5, '0')}`));
          return json(200, catalogPage('/big', entries, { total: 1005, offset }));
        },
      }),
    );
    renderAt('/folders/default/backups/bak_1/files?path=/big');
    await screen.findByRole('table', { name: 'Files in /big' });
    row('f-00000').focus();
    fireEvent.keyDown(row('f-00000'), { key: 'End' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Catalog cache unreadable');
    expect(row('f-00999')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(catalogCalls()).toHaveLength(2);

    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByText(/^1,005 items/).textContent).not.toContain('loaded'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(catalogCalls()).toHaveLength(3);
  });

  it('links to the browser from a successful backup’s page', async () => {
    renderAt('/folders/default/backups/bak_1');
    const browse = await screen.findByRole('link', { name: 'Browse files' });
    expect(browse.getAttribute('href')).toBe('/folders/default/backups/bak_1/files');
  });

  it('offers no browsing for a failed backup', async () => {
    fetchMock.mockImplementation(routeFetch({ ...routes(), [`GET ${api}/backups/bak_1`]: () => json(200, backup({ status: 'failed', error: 'Agent lost' })) }));
    renderAt('/folders/default/backups/bak_1/files');
    expect(await screen.findByText('There are no files to browse')).toBeTruthy();
    expect(catalogCalls()).toHaveLength(0);
  });
});
