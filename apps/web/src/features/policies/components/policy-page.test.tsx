import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PolicyRoute } from '../../../routes/policies.route';
import { backup, instance, json, linkedInstance, operation, policySummaries, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const policy = {
  ...policySummaries()[0]!,
  instances: [
    linkedInstance({ id: 'ins_1', name: 'web-1', lastBackupAt: '2025-06-01T03:00:00.000Z', nextRunAt: '2099-06-02T03:00:00.000Z' }),
    linkedInstance({ id: 'ins_2', name: 'db-1' }),
  ],
};

beforeEach(() => {
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/policies/pol_1`]: () => json(200, policy),
      [`GET ${api}/instances`]: () => json(200, { items: [instance()] }),
      [`GET ${api}/backups`]: () => json(200, { items: [backup({ instanceName: 'db-1', instanceId: 'ins_2' })], total: 1 }),
      [`POST ${api}/policies/pol_1/backups`]: () => json(201, { items: [operation({ id: 'op_a' }), operation({ id: 'op_b' })] }),
      [`DELETE ${api}/policies/pol_1`]: () => json(200, { ok: true }),
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
      { path: '/folders/:folderId/policies/:policyId', element: <PolicyRoute /> },
      { path: '/folders/:folderId/policies', element: <p>Policy list</p> },
    ],
    { initialEntries: ['/folders/default/policies/pol_1'] },
  );
  renderRouter(router);
  return router;
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

describe('<PolicyPage> editing', () => {
  it('links to the editor', async () => {
    renderPage();
    expect((await screen.findByRole('link', { name: 'Edit policy' })).getAttribute('href')).toBe('/folders/default/policies/pol_1/edit');
  });

  it('shows each linked instance’s last and next backup, or a dash', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Linked instances' });
    expect(within(table).getByRole('columnheader', { name: 'Last backup' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: 'Next backup' })).toBeTruthy();
    const web = within(table).getByRole('link', { name: 'web-1' }).closest('tr')!;
    const [last, next] = [...web.querySelectorAll('time')];
    expect(last?.getAttribute('dateTime')).toBe('2025-06-01T03:00:00.000Z');
    expect(last?.getAttribute('title')).toBeTruthy();
    expect(next?.textContent).toMatch(/^in /);
    const db = within(table).getByRole('link', { name: 'db-1' }).closest('tr')!;
    expect(db.querySelectorAll('time')).toHaveLength(0);
    expect(within(db).getAllByText('—')).toHaveLength(2);
  });

  it('deletes the policy after a confirmation that names what happens, then shows the list', async () => {
    const router = renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete policy' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Default daily?' });
    expect(dialog.textContent).toContain('2 instances will be unlinked from it');
    expect(dialog.textContent).toContain('Backups already made under this policy are kept');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/policies'));
    expect(fetchMock.mock.calls.some(([url, init]) => url === `${api}/policies/pol_1` && init?.method === 'DELETE')).toBe(true);
    expect(screen.getByText('Deleted Default daily. Its backups are kept.')).toBeTruthy();
  });

  it('keeps the policy when the confirmation is cancelled', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete policy' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);
  });
});
