import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstanceRoute } from '../../../routes/instances.route';
import { instance, json, policySummaries, routeFetch, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/instances/ins_1`]: () => json(200, instance({ policies: [{ id: 'pol_1', name: 'Default daily' }], connection: 'ok' })),
      [`GET ${api}/policies`]: () => json(200, { items: policySummaries() }),
      [`DELETE ${api}/instances/ins_1`]: () => json(200, instance({ status: 'deleted' })),
      [`GET ${api}/backups`]: () => json(200, { items: [], total: 0 }),
      [`GET ${api}/storage`]: () => json(200, storageUsage()),
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  const router = createMemoryRouter(
    [
      { path: '/folders/:folderId/instances/:instanceId', element: <InstanceRoute /> },
      { path: '/folders/:folderId/vms', element: <p>VM list</p> },
    ],
    { initialEntries: ['/folders/default/instances/ins_1'] },
  );
  renderRouter(router);
  return router;
}

function valueOf(label: string): string {
  const term = screen.getAllByText(label, { selector: 'dt' })[0];
  return term?.nextElementSibling?.textContent ?? '';
}

describe('<InstancePage>', () => {
  it('shows the instance with every metadata field under its label', async () => {
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'web-1' })).toBeTruthy();
    expect(screen.getByText('Virtual machine')).toBeTruthy();
    expect(screen.getByText('OK')).toBeTruthy();
    expect(screen.getByText('Online')).toBeTruthy();

    expect(valueOf('Host name')).toBe('web-1.internal');
    expect(valueOf('Operating system')).toBe('Ubuntu 24.04 LTS');
    expect(valueOf('Kernel')).toContain('6.8.0-45-generic');
    expect(valueOf('Architecture')).toBe('x86_64');
    expect(valueOf('IP addresses')).toBe('10.0.0.5');
    expect(valueOf('Network interfaces')).toContain('52:54:00:12:34:56');
    expect(valueOf('Memory')).toBe('8.00 GiB');
    expect(valueOf('CPU')).toBe('AMD EPYC, 2400 MHz, 4 cores');
    expect(valueOf('CPU type')).toBe('Virtual');
    expect(valueOf('Virtualization')).toBe('Virtualized (kvm)');
    expect(within(screen.getByRole('table', { name: 'Mount points' })).getByText('/dev/vda1')).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Disks' })).getByText('QEMU HARDDISK')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unlink Default daily' })).toBeTruthy();
  });

  it('removes the instance after confirmation and returns to its list with a toast', async () => {
    const router = renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove from service' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove web-1 from the service?' });
    expect(dialog.textContent).toContain('Backups already made are kept');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/vms'));
    expect(screen.getByText('web-1 was removed from the service. Its backups are kept.')).toBeTruthy();
  });

  it('shows a removed instance without actions', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, folder),
        [`GET ${api}/instances/ins_1`]: () => json(200, instance({ status: 'deleted', connection: 'failed', online: false })),
        [`GET ${api}/backups`]: () => json(200, { items: [], total: 0 }),
        [`GET ${api}/storage`]: () => json(200, storageUsage()),
      }),
    );
    renderPage();
    expect(await screen.findByText('Removed')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove from service' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Link policy' })).toBeNull();
    expect(screen.queryByText('Failed')).toBeNull();
  });

  it('shows the activation guide when the folder is not active', async () => {
    fetchMock.mockImplementation(routeFetch({ [`GET ${api}`]: () => json(200, { ...folder, activated: false, activatedAt: null }) }));
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Activate the service first' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to Overview' }).getAttribute('href')).toBe('/folders/default/overview');
  });
});
