import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignInForm } from './sign-in-form';

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
  window.history.replaceState(null, '', '/sign-in');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderForm(onSignedIn = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <SignInForm onSignedIn={onSignedIn} />
    </QueryClientProvider>,
  );
  return { onSignedIn, client };
}

function fillAndSubmit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('User name'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('<SignInForm>', () => {
  it("shows the server's message in an alert when sign-in fails", async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ error: { code: 'invalid_credentials', message: 'Wrong user name or password' } }), { status: 401 }),
    );
    const { onSignedIn } = renderForm();
    fillAndSubmit('admin', 'nope');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Wrong user name or password');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('posts the credentials and reports the signed-in user', async () => {
    const me = { user: { id: 'usr_1', username: 'admin', installationAdmin: true, mustChangePassword: false }, folders: [{ id: 'default', name: 'default', role: 'backup.admin' }] };
    fetchMock.mockResolvedValue(new Response(JSON.stringify(me), { status: 200 }));
    const { onSignedIn, client } = renderForm();
    fillAndSubmit('  admin ', 'secret');

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(me));
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/auth/sign-in');
    // The schema trims the user name before it is sent.
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'admin', password: 'secret' });
    expect(client.getQueryData(['auth', 'me'])).toEqual(me);
  });

  it('validates empty fields without calling the server', async () => {
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your user name')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
