import type { Role } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupFilesRoute, BackupRoute } from '../../../routes/backups.route';
import { backup, catalogItem, catalogPage, instance, json, me, operation, routeFetch, searchOf, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';
import { basketItemOf, basketStorageKey } from './restore-basket.context';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };

const instances = [
  instance({ id: 'ins_1', name: 'web-1' }),
  instance({ id: 'ins_2', name: 'web-2' }),
  instance({ id: 'ins_3', name: 'db-1', kind: 'bms' }),
  instance({ id: 'ins_4', name: 'web-3', online: false, connection: 'failed' }),
];

const targetFiles: Record<string, { name: string; type: 'dir' | 'file' }[]> = {
  '/': [
    { name: 'home', type: 'dir' },
    { name: 'srv', type: 'dir' },
    { name: 'swapfile', type: 'file' },
  ],
  '/srv': [],
  '/srv/restored': [],
};

let restoreBodies: unknown[];
let folderBodies: unknown[];

function routes(role: Role = 'backup.editor') {
  return {
    [`GET ${api}`]: () => json(200, folder),
    ['GET /api/v1/auth/me']: () => json(200, me(role)),
    [`GET ${api}/storage`]: () => json(200, storageUsage()),
    [`GET ${api}/backups/bak_1`]: () => json(200, backup()),
    [`GET ${api}/backups/bak_1/catalog`]: () => json(200, catalogPage('/', [catalogItem('/', 'etc', { type: 'dir' }), catalogItem('/', 'notes.txt')])),
    [`GET ${api}/instances`]: () => json(200, { items: instances }),
    [`GET ${api}/instances/ins_2/files`]: (_init: RequestInit | undefined, url: string) => {
      const path = searchOf(url).path ?? '/';
      const entries = (targetFiles[path] ?? []).map((e) => ({ ...e, size: 0, mtime: '2025-06-01T12:00:00.000Z' }));
      return json(200, { path, entries, truncated: false });
    },
    [`POST ${api}/instances/ins_2/files/folders`]: (init: RequestInit | undefined) => {
      const body = JSON.parse(String(init?.body)) as { parent: string; name: string };
      folderBodies.push(body);
      return json(201, { path: `${body.parent}/${body.name}` });
    },
    [`POST ${api}/backups/bak_1/restore`]: (init: RequestInit | undefined) => {
      restoreBodies.push(JSON.parse(String(init?.body)));
      return json(201, operation({ id: 'op_r', type: 'file_restore', status: 'queued' }));
    },
  };
}

beforeEach(() => {
  restoreBodies = [];
  folderBodies = [];
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
      { path: '/folders/:folderId/operations/:operationId', element: <p>Operation page</p> },
    ],
    { initialEntries: [path] },
  );
  renderRouter(router);
  return router;
}

/** A restore list kept from earlier in the session: a folder, a file inside it (redundant) and another file. */
function withBasket() {
  const items = [
    catalogItem('/docs', 'reports', { type: 'dir' }),
    catalogItem('/docs/reports', 'q1.csv'),
    catalogItem('/', 'notes.txt'),
  ].map(basketItemOf);
  sessionStorage.setItem(basketStorageKey('bak_1'), JSON.stringify(items));
}

/** The dialog once the instances are in (it shows a spinner until then). */
async function loadedDialog() {
  await screen.findByRole('combobox', { name: 'Target instance' });
  return screen.getByRole('dialog', { name: 'Restore' });
}

/** Next, then wait for the step it leads to (the step's fields are checked first, asynchronously). */
async function next(dialog: HTMLElement, step: number) {
  fireEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
  await within(dialog).findByText(new RegExp(`^Step ${step} of 4`));
}

async function openRestoreFromBasket() {
  withBasket();
  const router = renderAt('/folders/default/backups/bak_1/files');
  const basket = await screen.findByRole('region', { name: 'Restore list' });
  expect(within(basket).getByText('3 items selected')).toBeTruthy();
  fireEvent.click(within(basket).getByRole('button', { name: 'Restore…' }));
  return { router, dialog: await loadedDialog() };
}

describe('<RestoreDialog>', () => {
  it('offers only connected instances of the backup’s kind, the source first, and says why others are not', async () => {
    const { dialog } = await openRestoreFromBasket();
    const select = within(dialog).getByRole('combobox', { name: 'Target instance' }) as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['Choose an instance…', 'web-1 (original)', 'web-2']);
    expect(select.value).toBe('ins_1');
    const refused = within(dialog).getByRole('list', { name: 'Instances not offered' });
    expect(within(refused).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'db-1 — Bare-metal server: a virtual machine backup restores only to virtual machines',
      'web-3 — Offline: its agent is not connected',
    ]);
  });

  it('sends exactly what the user chose: custom folder created on the target, overwrite all', async () => {
    const { router, dialog } = await openRestoreFromBasket();
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Target instance' }), { target: { value: 'ins_2' } });
    await next(dialog, 2);

    expect((within(dialog).getByRole('radio', { name: 'Original location' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Custom folder' }));
    // Next without a chosen folder is refused.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Choose a folder on the target');

    const folders = await within(dialog).findByRole('list', { name: 'Folders in /' });
    expect(within(folders).getAllByRole('button').map((b) => b.textContent)).toEqual(['home', 'srv']);
    fireEvent.click(within(folders).getByRole('button', { name: 'srv' }));
    await within(dialog).findByRole('list', { name: 'Folders in /srv' });

    const name = within(dialog).getByRole('textbox', { name: 'New folder name' });
    fireEvent.change(name, { target: { value: 'bad*name' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create folder' }));
    expect(await within(dialog).findByText(/A name cannot contain/)).toBeTruthy();
    expect(folderBodies).toEqual([]);

    fireEvent.change(name, { target: { value: ' restored ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create folder' }));
    await within(dialog).findByRole('list', { name: 'Folders in /srv/restored' });
    expect(folderBodies).toEqual([{ parent: '/srv', name: 'restored' }]);
    expect(within(dialog).getByText('/srv/restored', { selector: 'span' })).toBeTruthy();
    await next(dialog, 3);

    const older = within(dialog).getByRole('radio', { name: 'Overwrite older only' });
    expect((older as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Overwrite all' }));
    await next(dialog, 4);

    const items = within(dialog).getByRole('list', { name: 'Items to restore' });
    expect(within(items).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['/docs/reports/', '/notes.txt']);
    expect(dialog.textContent).toContain('web-2');
    expect(dialog.textContent).toContain('Overwrite all');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Start restore' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/operations/op_r'));
    expect(restoreBodies).toEqual([
      {
        targetInstanceId: 'ins_2',
        // The file inside the selected folder is not asked for twice.
        scope: { kind: 'items', paths: ['/docs/reports', '/notes.txt'] },
        location: { kind: 'custom', path: '/srv/restored' },
        overwrite: 'all',
      },
    ]);
    expect(sessionStorage.getItem(basketStorageKey('bak_1'))).toBeNull();
  });

  it('keeps the dialog open with the server’s refusal', async () => {
    fetchMock.mockImplementation(
      routeFetch({ ...routes(), [`POST ${api}/backups/bak_1/restore`]: () => json(409, { error: { code: 'conflict', message: 'web-1 went offline' } }) }),
    );
    const { router, dialog } = await openRestoreFromBasket();
    for (const step of [2, 3, 4]) await next(dialog, step);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start restore' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('web-1 went offline');
    expect(router.state.location.pathname).toBe('/folders/default/backups/bak_1/files');
    expect(screen.getByRole('region', { name: 'Restore list' }).textContent).toContain('3 items selected');
  });

  it('shows the agent’s message when the target’s files cannot be read', async () => {
    fetchMock.mockImplementation(
      routeFetch({ ...routes(), [`GET ${api}/instances/ins_2/files`]: () => json(504, { error: { code: 'agent_timeout', message: 'The agent did not answer in time' } }) }),
    );
    const { dialog } = await openRestoreFromBasket();
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Target instance' }), { target: { value: 'ins_2' } });
    await next(dialog, 2);
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Custom folder' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('The agent did not answer in time');
    expect(within(dialog).queryByRole('button', { name: 'Create folder' })).toBeNull();
  });

  it('restores a whole instance from the backup page, to the original location only', async () => {
    const router = renderAt('/folders/default/backups/bak_1');
    fireEvent.click(await screen.findByRole('button', { name: 'Restore whole instance…' }));
    const dialog = await loadedDialog();
    await next(dialog, 2);
    expect((within(dialog).getByRole('radio', { name: 'Custom folder' }) as HTMLInputElement).disabled).toBe(true);
    await next(dialog, 3);
    await next(dialog, 4);
    expect(dialog.textContent).toContain('The whole instance');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start restore' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/operations/op_r'));
    expect(restoreBodies).toEqual([{ targetInstanceId: 'ins_1', scope: { kind: 'whole' }, location: { kind: 'original' }, overwrite: 'older' }]);
  });

  it('shows a viewer no restore controls, on the backup page or in the browser', async () => {
    fetchMock.mockImplementation(routeFetch(routes('backup.viewer')));
    withBasket();
    renderAt('/folders/default/backups/bak_1');
    expect(await screen.findByRole('link', { name: 'Browse files' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull());
    expect(screen.queryByRole('button', { name: 'Restore whole instance…' })).toBeNull();

    fireEvent.click(screen.getByRole('link', { name: 'Browse files' }));
    await screen.findByRole('table', { name: 'Files in /' });
    expect(screen.queryByRole('region', { name: 'Restore list' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Restore…' })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
