import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstanceRoute } from '../../../routes/instances.route';
import { instance, json, me, routeFetch, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => vi.stubGlobal('fetch', fetchMock));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function serve(current: () => ReturnType<typeof instance>, rotate: () => Response) {
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, me('backup.editor')),
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/instances/ins_1`]: () => json(200, current()),
      [`POST ${api}/instances/ins_1/credential-rotation`]: rotate,
      [`GET ${api}/backups`]: () => json(200, { items: [], total: 0 }),
      [`GET ${api}/storage`]: () => json(200, storageUsage()),
    }),
  );
  renderRouter(createMemoryRouter([{ path: '/folders/:folderId/instances/:instanceId', element: <InstanceRoute /> }], { initialEntries: ['/folders/default/instances/ins_1'] }));
}

const credential = () => {
  const term = screen.getAllByText('Credential', { selector: 'dt' })[0];
  return term?.nextElementSibling?.textContent ?? '';
};

describe('Rotate credential', () => {
  it('asks first, then shows the rotation as pending until the agent picks it up', async () => {
    const rotate = vi.fn(() => json(200, instance({ credentialRotationPending: true })));
    serve(() => instance(), rotate);
    expect(await screen.findByRole('heading', { level: 1, name: 'web-1' })).toBeTruthy();
    expect(credential()).toBe('Issued at registration');

    fireEvent.click(screen.getByRole('button', { name: 'Rotate credential' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate the credential of web-1?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(rotate).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Rotate credential' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate credential' }));
    await waitFor(() => expect(credential()).toBe('Rotation pending — the agent picks it up on its next heartbeat'));
    expect(rotate).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    // One rotation at a time.
    expect((screen.getByRole('button', { name: 'Rotate credential' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows when the credential was last rotated', async () => {
    serve(() => instance({ credentialRotatedAt: new Date(Date.now() - 5 * 60_000).toISOString() }), () => json(500, {}));
    await screen.findByRole('heading', { level: 1, name: 'web-1' });
    expect(credential()).toMatch(/^Credential rotated 5 minutes ago$/);
  });

  it('shows the server’s refusal in the dialog', async () => {
    serve(() => instance(), () => json(403, { error: { code: 'forbidden', message: 'Your role may not do this' } }));
    fireEvent.click(await screen.findByRole('button', { name: 'Rotate credential' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate credential' }));
    expect(await within(dialog).findByText('Your role may not do this')).toBeTruthy();
    expect(credential()).toBe('Issued at registration');
  });
});
