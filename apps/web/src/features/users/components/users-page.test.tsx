import type { Me, User } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminUsersRoute } from '../../../routes/admin-users.route';
import { json, me, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const fetchMock = vi.fn<typeof fetch>();
const at = '2025-06-01T12:00:00.000Z';

function user(over: Partial<User> = {}): User {
  return { id: 'usr_2', username: 'bob', disabled: false, mustChangePassword: false, installationAdmin: false, createdAt: at, ...over };
}
const ann = user({ id: 'usr_1', username: 'ann', installationAdmin: true });
const admin = { ...me(), user: { ...me().user, installationAdmin: true } };

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderUsers(extra: Parameters<typeof routeFetch>[0] = {}, signedIn: Me = admin) {
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, signedIn),
      'GET /api/v1/admin/users': () => json(200, { items: [ann, user()] }),
      ...extra,
    }),
  );
  renderRouter(createMemoryRouter([{ path: '/admin/users', element: <AdminUsersRoute /> }], { initialEntries: ['/admin/users'] }));
}

const body = (mock: { mock: { calls: unknown[][] } }) => JSON.parse(String((mock.mock.calls[0]?.[0] as RequestInit | undefined)?.body));

describe('<UsersPage>', () => {
  it('lists the users and offers no way to disable yourself', async () => {
    renderUsers();
    const table = await screen.findByRole('table', { name: 'Users' });
    expect(within(table).getByText('bob').closest('tr')!.textContent).toContain('Active');
    expect(within(table).getByRole('button', { name: 'Disable bob' })).toBeTruthy();
    expect(within(table).queryByRole('button', { name: 'Disable ann' })).toBeNull();
  });

  it('is refused to users who are not installation admins', async () => {
    renderUsers({}, me());
    expect(await screen.findByText('Installation admins only')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/admin/users'))).toBe(false);
  });

  it('creates a user with an initial password, and shows username_taken in the dialog', async () => {
    const post = vi.fn((_init: RequestInit | undefined) => json(409, { error: { code: 'username_taken', message: 'That user name is taken' } }));
    renderUsers({ 'POST /api/v1/admin/users': post });
    await screen.findByRole('table', { name: 'Users' });
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create user' });
    fireEvent.change(within(dialog).getByLabelText('User name'), { target: { value: ' cleo ' } });
    fireEvent.change(within(dialog).getByLabelText('Initial password'), { target: { value: 'short' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await within(dialog).findByText('At least 12 characters')).toBeTruthy();
    expect(post).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('Initial password'), { target: { value: 'long-enough-secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('That user name is taken');
    expect(body(post)).toEqual({ username: 'cleo', initialPassword: 'long-enough-secret' });
  });

  it('disables a user after confirmation', async () => {
    const patch = vi.fn((_init: RequestInit | undefined) => json(200, user({ disabled: true })));
    renderUsers({ 'PATCH /api/v1/admin/users/usr_2': patch });
    const table = await screen.findByRole('table', { name: 'Users' });
    fireEvent.click(within(table).getByRole('button', { name: 'Disable bob' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable bob?' });
    expect(patch).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable user' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(body(patch)).toEqual({ disabled: true });
  });

  it('resets a password and shows a refusal in the dialog', async () => {
    const reset = vi.fn((_init: RequestInit | undefined) => json(500, { error: { code: 'internal_error', message: 'Could not reset the password' } }));
    renderUsers({ 'POST /api/v1/admin/users/usr_2/password': reset });
    const table = await screen.findByRole('table', { name: 'Users' });
    fireEvent.click(within(table).getByRole('button', { name: 'Reset password of bob' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset password of bob' });
    fireEvent.change(within(dialog).getByLabelText('New initial password'), { target: { value: 'another-long-secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Could not reset the password');
    expect(body(reset)).toEqual({ newPassword: 'another-long-secret' });
  });
});
