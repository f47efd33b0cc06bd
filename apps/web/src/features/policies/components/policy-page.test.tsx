import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PolicyRoute } from '../../../routes/policies.route';
import { backup, instance, json, operation, policySummaries, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const policy = {
  ...policySummaries()[0]!,
  instances: [
    { id: 'ins_1', name: 'web-1', kind: 'vm' as const, online: true },
    { id: 'ins_2', name: 'db-1', kind: 'vm' as const, online: true },
  ],
};

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/policies/pol_1`]: () => json(200, policy),
      [`GET ${api}/instances`]: () => json(200, { items: [instance()] }),
      [`GET ${api}/backups`]: () => json(200, { items: [backup({ instanceName: 'db-1', instanceId: 'ins_2' })], total: 1 }),
      [`POST ${api}/policies/pol_1/backups`]: () => json(201, { items: [operation({ id: 'op_a' }), operation({ id: 'op_b' })] }),
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  const router = createMemoryRouter([{ path: '/folders/:folderId/policies/:policyId', element: <PolicyRoute /> }], {
    initialEntries: ['/folders/default/policies/pol_1'],
  });
  renderRouter(router);
}

describe('<PolicyPage> backups', () => {
  it('backs up every linked instance now and says how many backups started', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Back up now' }));
    expect(await screen.findByText('Started 2 backups')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url, init]) => url === `${api}/policies/pol_1/backups` && init?.method === 'POST')).toBe(true);
  });

  it('lists the policy’s newest backups with a link to all of them', async () => {
    renderPage();
    const section = await screen.findByRole('region', { name: 'Backups' });
    const table = await within(section).findByRole('table', { name: 'Backups' });
    expect(within(table).getByRole('link', { name: 'db-1' })).toBeTruthy();
    // The policy is the page itself: no Policy column.
    expect(within(table).queryByRole('columnheader', { name: 'Policy' })).toBeNull();
    expect(within(section).getByRole('link', { name: 'All backups' }).getAttribute('href')).toBe('/folders/default/backups?policyId=pol_1');
  });
});
