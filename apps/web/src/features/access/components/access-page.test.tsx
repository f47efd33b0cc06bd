import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessRoute } from '../../../routes/folder-sections.route';
import { json, me, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default/access';
const fetchMock = vi.fn<typeof fetch>();
const grants = [
  { userId: 'usr_1', username: 'ann', role: 'backup.admin', grantedAt: null, grantedBy: null },
  { userId: 'usr_2', username: 'bob', role: 'backup.viewer', grantedAt: '2025-06-01T12:00:00.000Z', grantedBy: 'ann' },
];
const lastAdmin = { error: { code: 'last_folder_admin', message: 'The folder would have no backup.admin left' } };

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAccess(extra: Parameters<typeof routeFetch>[0] = {}, role: Parameters<typeof me>[0] = 'backup.admin') {
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, me(role)),
      [`GET ${api}`]: () => json(200, { items: grants }),
      [`GET ${api}/users`]: () => json(200, { items: [{ id: 'usr_2', username: 'bob' }, { id: 'usr_3', username: 'cleo' }] }),
      ...extra,
    }),
  );
  const router = createMemoryRouter([{ path: '/folders/:folderId/access', element: <AccessRoute /> }], { initialEntries: ['/folders/default/access'] });
  renderRouter(router);
}

describe('<AccessPage>', () => {
  it('lists the members with their roles', async () => {
    renderAccess();
    const table = await screen.findByRole('table', { name: 'Folder members' });
    const bob = within(table).getByText('bob').closest('tr')!;
    expect(bob.textContent).toContain('backup.viewer');
    expect(bob.textContent).toContain('by ann');
    expect(within(table).getByText('ann').closest('tr')!.textContent).toContain('—');
    expect(within(table).getByRole('button', { name: 'Revoke access of ann' })).toBeTruthy();
  });

  it('grants a picked user a picked role', async () => {
    const put = vi.fn((_init: RequestInit | undefined) => json(200, { items: [...grants, { userId: 'usr_3', username: 'cleo', role: 'backup.editor', grantedAt: '2025-06-02T12:00:00.000Z', grantedBy: 'ann' }] }));
    renderAccess({ [`PUT ${api}`]: put });
    await screen.findByRole('table', { name: 'Folder members' });
    fireEvent.click(screen.getByRole('button', { name: 'Grant role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Grant role' });
    await within(dialog).findByRole('option', { name: 'cleo' });
    fireEvent.change(within(dialog).getByLabelText('User'), { target: { value: 'usr_3' } });
    // Each role is explained next to its choice.
    expect(within(dialog).getByText(/plus managing who has access/)).toBeTruthy();
    fireEvent.click(within(dialog).getByLabelText('Editor (backup.editor)'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Grant role' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(JSON.parse(String(put.mock.calls[0]?.[0]?.body))).toEqual({ userId: 'usr_3', role: 'backup.editor' });
    expect(await screen.findByText('cleo')).toBeTruthy();
  });

  it('asks for a user before granting', async () => {
    renderAccess();
    await screen.findByRole('table', { name: 'Folder members' });
    fireEvent.click(screen.getByRole('button', { name: 'Grant role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Grant role' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Grant role' }));
    expect(await within(dialog).findByText('Pick the user to grant the role to')).toBeTruthy();
  });

  it('shows last_folder_admin in the dialog when changing the last admin’s role', async () => {
    const put = vi.fn((_init: RequestInit | undefined) => json(409, lastAdmin));
    renderAccess({ [`PUT ${api}`]: put });
    const table = await screen.findByRole('table', { name: 'Folder members' });
    fireEvent.click(within(table).getByRole('button', { name: 'Change role of ann' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change role of ann' });
    fireEvent.click(within(dialog).getByLabelText('Viewer (backup.viewer)'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change role' }));

    expect((await within(dialog).findByRole('alert')).textContent).toContain('no backup.admin left');
    expect(JSON.parse(String(put.mock.calls[0]?.[0]?.body))).toEqual({ userId: 'usr_1', role: 'backup.viewer' });
  });

  it('revokes after confirmation and shows a refusal in the confirmation', async () => {
    const del = vi.fn(() => json(200, { items: [grants[0]] }));
    renderAccess({ [`DELETE ${api}/usr_2`]: del, [`DELETE ${api}/usr_1`]: () => json(409, lastAdmin) });
    const table = await screen.findByRole('table', { name: 'Folder members' });

    fireEvent.click(within(table).getByRole('button', { name: 'Revoke access of ann' }));
    let dialog = await screen.findByRole('dialog', { name: 'Revoke access of ann?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke access' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('no backup.admin left');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    fireEvent.click(within(table).getByRole('button', { name: 'Revoke access of bob' }));
    dialog = await screen.findByRole('dialog', { name: 'Revoke access of bob?' });
    expect(del).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke access' }));
    await waitFor(() => expect(screen.queryByText('bob')).toBeNull());
    expect(del).toHaveBeenCalledTimes(1);
  });

  it('tells other roles that only folder admins manage access, without asking the server', async () => {
    renderAccess({}, 'backup.editor');
    expect(await screen.findByText('Only folder admins manage access')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Grant role' })).toBeNull();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith(api))).toBe(false);
  });
});
