import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PoliciesRoute } from '../../../routes/policies.route';
import { json, me, policySummaries, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const fetchMock = vi.fn<typeof fetch>();

function routes(role: Parameters<typeof me>[0]) {
  const [daily, weekly, monthly] = policySummaries();
  return routeFetch({
    'GET /api/v1/auth/me': () => json(200, me(role)),
    [`GET ${api}`]: () => json(200, folder),
    [`GET ${api}/policies`]: () => json(200, { items: [{ ...daily!, nextRunAt: '2099-01-01T03:00:00.000Z' }, weekly, monthly] }),
  });
}

beforeEach(() => vi.stubGlobal('fetch', fetchMock));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderList() {
  const router = createMemoryRouter([{ path: '/folders/:folderId/policies', element: <PoliciesRoute /> }], { initialEntries: ['/folders/default/policies'] });
  renderRouter(router);
}

describe('<PolicyListPage>', () => {
  it('offers to create a policy and shows each policy’s next run', async () => {
    fetchMock.mockImplementation(routes('backup.editor'));
    renderList();
    const table = await screen.findByRole('table', { name: 'Policies' });
    expect(screen.getByRole('link', { name: 'Create policy' }).getAttribute('href')).toBe('/folders/default/policies/new');
    expect(within(table).getByRole('columnheader', { name: 'Next run' })).toBeTruthy();
    const daily = within(table).getByRole('link', { name: 'Default daily' }).closest('tr')!;
    expect(daily.querySelector('time')?.getAttribute('dateTime')).toBe('2099-01-01T03:00:00.000Z');
    const weekly = within(table).getByRole('link', { name: 'Default weekly' }).closest('tr')!;
    expect(weekly.querySelector('time')).toBeNull();
  });

  it('hides Create policy from roles that may not write policies', async () => {
    fetchMock.mockImplementation(routes('backup.user'));
    renderList();
    await screen.findByRole('table', { name: 'Policies' });
    // Shown while the role is unknown (the server decides), gone once it is known.
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Create policy' })).toBeNull());
  });
});
