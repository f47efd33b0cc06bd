import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangePasswordRoute } from '../../../routes/change-password.route';
import { json, me, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';
import { RequireAuth } from '../components/require-auth';

const fetchMock = vi.fn<typeof fetch>();
const pending = { ...me(), user: { ...me().user, mustChangePassword: true } };
const cleared = { ...me(), user: { ...me().user, mustChangePassword: false } };

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderApp(path: string) {
  const router = createMemoryRouter(
    [
      {
        element: <RequireAuth />,
        children: [
          { path: '/', element: <h1>Home page</h1> },
          { path: '/folders/:folderId/overview', element: <h1>Overview page</h1> },
          { path: '/change-password', element: <ChangePasswordRoute /> },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  renderRouter(router);
  return router;
}

function fill(current: string, next: string, confirm = next) {
  fireEvent.change(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('Confirm new password'), { target: { value: confirm } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('change password', () => {
  it('sends every page to /change-password while a change is pending', async () => {
    fetchMock.mockImplementation(routeFetch({ 'GET /api/v1/auth/me': () => json(200, pending) }));
    const router = renderApp('/folders/default/overview');
    expect(await screen.findByRole('heading', { name: 'Change password' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/change-password');
    expect(screen.queryByRole('heading', { name: 'Overview page' })).toBeNull();
  });

  it('does not redirect users without a pending change', async () => {
    fetchMock.mockImplementation(routeFetch({ 'GET /api/v1/auth/me': () => json(200, cleared) }));
    renderApp('/folders/default/overview');
    expect(await screen.findByRole('heading', { name: 'Overview page' })).toBeTruthy();
  });

  it('posts the current and new password, refetches me and goes home', async () => {
    let current = pending;
    const post = vi.fn((_init: RequestInit | undefined) => {
      current = cleared;
      return json(200, cleared);
    });
    const getMe = vi.fn(() => json(200, current));
    fetchMock.mockImplementation(routeFetch({ 'GET /api/v1/auth/me': getMe, 'POST /api/v1/auth/password': post }));
    const router = renderApp('/');
    await screen.findByRole('heading', { name: 'Change password' });
    fill('initial-password', 'a-much-longer-secret');

    await screen.findByRole('heading', { name: 'Home page' });
    expect(router.state.location.pathname).toBe('/');
    expect(JSON.parse(String(post.mock.calls[0]?.[0]?.body))).toEqual({ currentPassword: 'initial-password', newPassword: 'a-much-longer-secret' });
    expect(getMe.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("shows the server's refusal and clears the current password", async () => {
    fetchMock.mockImplementation(
      routeFetch({
        'GET /api/v1/auth/me': () => json(200, pending),
        'POST /api/v1/auth/password': () => json(400, { error: { code: 'wrong_password', message: 'The current password is wrong' } }),
      }),
    );
    renderApp('/change-password');
    await screen.findByRole('heading', { name: 'Change password' });
    fill('not-it', 'a-much-longer-secret');
    const form = screen.getByRole('button', { name: 'Change password' }).closest('form')!;
    expect((await within(form).findByRole('alert')).textContent).toBe('The current password is wrong');
    await waitFor(() => expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe(''));
  });

  it('checks length and confirmation without calling the server', async () => {
    fetchMock.mockImplementation(routeFetch({ 'GET /api/v1/auth/me': () => json(200, pending) }));
    renderApp('/change-password');
    await screen.findByRole('heading', { name: 'Change password' });
    fetchMock.mockClear();
    fill('initial-password', 'short');
    expect(await screen.findByText('At least 12 characters')).toBeTruthy();
    fill('initial-password', 'a-much-longer-secret', 'a-much-longer-secreT');
    expect(await screen.findByText('The passwords do not match')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
