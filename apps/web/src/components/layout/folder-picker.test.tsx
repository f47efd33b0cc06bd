import type { FolderMembership, Me } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { meQuery } from '../../features/auth/api/auth.queries';
import { useRequiredParam } from '../../lib/use-required-param';
import { json, routeFetch } from '../../test/fixtures';
import { AppHeader } from './app-header';
import { renderRouter } from '../../test/render-router';
import { FolderPicker, folderSectionHref } from './folder-picker';

const folders: FolderMembership[] = [
  { id: 'default', name: 'default', role: 'backup.admin' },
  { id: 'fld_b', name: 'team-b', role: 'backup.viewer' },
];
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => vi.stubGlobal('fetch', fetchMock));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPicker(path: string, mayCreate: boolean) {
  const router = createMemoryRouter(
    [{ path: '/folders/:folderId/*', element: <FolderPicker folders={folders} currentId={path.split('/')[2] ?? null} mayCreate={mayCreate} /> }],
    { initialEntries: [path] },
  );
  renderRouter(router);
  return router;
}

describe('folderSectionHref', () => {
  it('keeps the section, drops what is below it, and sends anything else to the overview', () => {
    expect(folderSectionHref('/folders/default/backups/bak_1/files', 'fld_b')).toBe('/folders/fld_b/backups');
    expect(folderSectionHref('/folders/default/policies', 'fld_b')).toBe('/folders/fld_b/policies');
    expect(folderSectionHref('/folders/default/instances/ins_1', 'fld_b')).toBe('/folders/fld_b/overview');
    expect(folderSectionHref('/admin/users', 'fld b')).toBe('/folders/fld%20b/overview');
  });
});

describe('<FolderPicker>', () => {
  it('shows the current folder with the role and lists every folder with its role', () => {
    renderPicker('/folders/default/backups', false);
    const button = screen.getByRole('button', { name: 'Folder default', description: 'Your role: Admin' });
    fireEvent.click(button);
    const menu = screen.getByRole('menu', { name: 'Folders' });
    const items = within(menu).getAllByRole('menuitemradio');
    expect(items.map((i) => i.textContent)).toEqual(['defaultAdmin', 'team-bViewer']);
    expect(items[0]?.getAttribute('aria-checked')).toBe('true');
    // Only installation admins create folders.
    expect(within(menu).queryByRole('menuitem', { name: 'Create folder…' })).toBeNull();
  });

  it('is keyboard usable: arrows open and move, Space picks the same section in the other folder, Escape closes', async () => {
    const router = renderPicker('/folders/default/backups/bak_1', false);
    const button = screen.getByRole('button', { name: 'Folder default' });
    button.focus();
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    const menu = await screen.findByRole('menu');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('defaultAdmin'));
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);

    fireEvent.keyDown(button, { key: 'ArrowDown' });
    const reopened = await screen.findByRole('menu');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('defaultAdmin'));
    fireEvent.keyDown(reopened, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('team-bViewer');
    fireEvent.keyDown(reopened, { key: 'ArrowDown' }); // wraps round
    expect(document.activeElement?.textContent).toBe('defaultAdmin');
    fireEvent.keyDown(reopened, { key: 'End' });
    fireEvent.keyDown(reopened, { key: ' ' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/fld_b/backups'));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('lets an installation admin create a folder, refetches Me and opens the new folder', async () => {
    const created = { id: 'fld_new', name: 'team-c', activated: false, activatedAt: null };
    const user = { id: 'usr_1', username: 'admin', installationAdmin: true, mustChangePassword: false };
    let current: Me = { user, folders };
    const post = vi.fn((init: RequestInit | undefined) => {
      expect(JSON.parse(String(init?.body))).toEqual({ name: 'team-c' });
      current = { user, folders: [...folders, { id: 'fld_new', name: 'team-c', role: 'backup.admin' }] };
      return json(201, created);
    });
    fetchMock.mockImplementation(routeFetch({ 'POST /api/v1/folders': post, 'GET /api/v1/auth/me': () => json(200, current), 'GET /api/v1/folders': () => json(200, { items: [] }) }));
    // As the folder layout does: the header reads Me from the query cache.
    function Header() {
      const folderId = useRequiredParam('folderId');
      const me = useQuery(meQuery());
      return me.data ? <AppHeader me={me.data} folderId={folderId} /> : null;
    }
    const router = createMemoryRouter([{ path: '/folders/:folderId/*', element: <Header /> }], { initialEntries: ['/folders/default/overview'] });
    renderRouter(router);

    fireEvent.click(await screen.findByRole('button', { name: 'Folder default' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Create folder…' }));
    const dialog = screen.getByRole('dialog', { name: 'Create folder' });
    // The name is checked with the domain schema before anything is sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create folder' }));
    expect(await within(dialog).findByText('Enter a folder name')).toBeTruthy();
    expect(post).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('Folder name'), { target: { value: 'team-c' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create folder' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/fld_new/overview'));
    expect(post).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    // The refetched Me has the new folder, with the creator as its admin.
    expect(await screen.findByRole('button', { name: 'Folder team-c', description: 'Your role: Admin' })).toBeTruthy();
  });
});
