import { cleanup, screen, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, json, routeFetch } from '../../../test/fixtures';
import { InstanceListPage } from './instance-list-page';
import { renderRouter } from '../../../test/render-router';

const fetchMock = vi.fn<typeof fetch>();
const url = '/api/v1/folders/default/instances?kind=vm';

beforeEach(() => vi.stubGlobal('fetch', fetchMock));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderList() {
  const router = createMemoryRouter([{ path: '/', element: <InstanceListPage folderId="default" kind="vm" /> }]);
  renderRouter(router);
}

describe('<InstanceListPage>', () => {
  it('lists live instances with status, OS, IP and policies, and leaves removed ones out', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${url}`]: () =>
          json(200, {
            items: [
              instance({ id: 'ins_1', name: 'web-1', connection: 'ok', policies: [{ id: 'pol_1', name: 'Default daily' }] }),
              instance({ id: 'ins_2', name: 'db-1', connection: 'failed', online: false }),
              instance({ id: 'ins_3', name: 'old-1', status: 'deleted' }),
            ],
          }),
      }),
    );
    renderList();
    const table = await screen.findByRole('table', { name: 'Virtual machines' });
    const web = within(table).getByRole('row', { name: /web-1/ });
    expect(web.textContent).toContain('OK');
    expect(web.textContent).toContain('Ubuntu 24.04 LTS');
    expect(web.textContent).toContain('10.0.0.5');
    expect(web.textContent).toContain('Default daily');
    expect(within(table).getByRole('row', { name: /db-1/ }).textContent).toContain('Failed');
    expect(within(table).queryByText('old-1')).toBeNull();
    expect(within(table).getByRole('link', { name: 'web-1' }).getAttribute('href')).toBe('/folders/default/instances/ins_1');
  });

  it('offers the connect wizard for the right kind when the list is empty', async () => {
    fetchMock.mockImplementation(routeFetch({ [`GET ${url}`]: () => json(200, { items: [] }) }));
    renderList();
    expect(await screen.findByText('No virtual machines yet')).toBeTruthy();
    for (const link of screen.getAllByRole('link', { name: 'Connect instance' })) {
      expect(link.getAttribute('href')).toBe('/folders/default/connect?kind=vm');
    }
  });

  it('shows the activation guide when the API says the folder is not active', async () => {
    fetchMock.mockImplementation(routeFetch({ [`GET ${url}`]: () => json(409, { error: { code: 'folder_not_active', message: 'Activate first' } }) }));
    renderList();
    expect(await screen.findByRole('heading', { name: 'Activate the service first' })).toBeTruthy();
  });

  it('shows the server message when loading fails', async () => {
    fetchMock.mockImplementation(routeFetch({ [`GET ${url}`]: () => json(403, { error: { code: 'forbidden', message: 'You have no role in this folder' } }) }));
    renderList();
    expect((await screen.findByRole('alert')).textContent).toContain('You have no role in this folder');
  });
});
