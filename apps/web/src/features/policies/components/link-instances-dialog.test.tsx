import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PolicyRoute } from '../../../routes/policies.route';
import { instance, json, linkedInstance, linkUsage, policy, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const fetchMock = vi.fn<typeof fetch>();
const current = policy({ instances: [linkedInstance({ id: 'ins_1', name: 'web-1' })] });
const instances = [
  instance({ id: 'ins_1', name: 'web-1', policies: [{ id: 'pol_1', name: 'Default daily' }] }),
  instance({ id: 'ins_2', name: 'app-1' }),
  instance({ id: 'ins_3', name: 'app-2' }),
  instance({ id: 'ins_4', name: 'db-1', policies: [{ id: 'pol_2', name: 'Default weekly' }] }),
  instance({ id: 'ins_5', name: 'metal-1', kind: 'bms', online: false }),
  instance({ id: 'ins_6', name: 'gone-1', status: 'deleted' }),
];
let posted: unknown[] = [];

beforeEach(() => {
  posted = [];
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/policies/pol_1`]: () => json(200, current),
      [`GET ${api}/instances`]: () => json(200, { items: instances }),
      // One virtual machine left before the limit of 50.
      [`GET ${api}/link-usage`]: () => json(200, linkUsage({ vm: 49, bms: 2 })),
      [`GET ${api}/backups`]: () => json(200, { items: [], total: 0 }),
      [`POST ${api}/policies/pol_1/instances`]: (init) => {
        posted.push(JSON.parse(String(init?.body)));
        return json(200, policy({ instances: [...current.instances, linkedInstance({ id: 'ins_2', name: 'app-1' })] }));
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function openWizard() {
  const router = createMemoryRouter([{ path: '/folders/:folderId/policies/:policyId', element: <PolicyRoute /> }], { initialEntries: ['/folders/default/policies/pol_1'] });
  renderRouter(router);
  fireEvent.click(await screen.findByRole('button', { name: 'Link instances' }));
  const dialog = screen.getByRole('dialog', { name: 'Link instances to Default daily' });
  await within(dialog).findByRole('table', { name: 'Instances' });
  await within(dialog).findByText('Virtual machines: 49 of 50 used');
  return dialog;
}

describe('<LinkInstancesDialog>', () => {
  it('lists connected instances, marks linked ones and searches and sorts them', async () => {
    const dialog = await openWizard();
    const table = within(dialog).getByRole('table', { name: 'Instances' });
    const names = () => within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]?.textContent);
    expect(names()).toEqual(['app-1', 'app-2', 'db-1', 'metal-1', 'web-1Linked']);
    const linked = within(table).getByRole('checkbox', { name: 'web-1 is already linked' }) as HTMLInputElement;
    expect(linked.checked && linked.disabled).toBe(true);

    fireEvent.click(within(table).getByRole('button', { name: /Name/ }));
    expect(names()[0]).toBe('web-1Linked');
    fireEvent.change(within(dialog).getByRole('searchbox', { name: 'Search instances' }), { target: { value: 'app' } });
    expect(names()).toEqual(['app-2', 'app-1']);
  });

  it('disables linking with the limit’s message when the selection would pass it', async () => {
    const dialog = await openWizard();
    const next = within(dialog).getByRole('button', { name: 'Next' }) as HTMLButtonElement;
    expect(next.disabled).toBe(true);

    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select app-1' }));
    // db-1 already has a policy, so it does not count again; metal-1 counts against its own limit.
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select db-1' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select metal-1' }));
    expect(within(dialog).getByText('Linking 1 more virtual machine: 50 of 50 used')).toBeTruthy();
    expect(within(dialog).getByText('Linking 1 more bare-metal server: 3 of 20 used')).toBeTruthy();
    expect(next.disabled).toBe(false);

    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select app-2' }));
    expect(within(dialog).getByText('Linking 2 more virtual machines: 51 of 50 used')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toContain('Limit reached: at most 50 virtual machines may be linked to policies in this folder');
    expect(next.disabled).toBe(true);

    // Select all shown toggles every selectable row shown, leaving the linked one alone.
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select all shown instances' }));
    expect(within(dialog).getByText('0 selected')).toBeTruthy();
  });

  it('posts the selected instance ids and closes', async () => {
    const dialog = await openWizard();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select app-1' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select db-1' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(within(dialog).getByRole('list', { name: 'Instances to link' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['app-1', 'db-1']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link selected' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posted).toEqual([{ instanceIds: ['ins_2', 'ins_4'] }]);
    expect(await screen.findByText('Linked 2 instances to Default daily')).toBeTruthy();
  });

  it('shows the server’s refusal in the dialog', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, folder),
        [`GET ${api}/policies/pol_1`]: () => json(200, current),
        [`GET ${api}/instances`]: () => json(200, { items: instances }),
        [`GET ${api}/link-usage`]: () => json(200, linkUsage({ vm: 49, bms: 2 })),
        [`GET ${api}/backups`]: () => json(200, { items: [], total: 0 }),
        [`POST ${api}/policies/pol_1/instances`]: () =>
          json(409, { error: { code: 'limit_exceeded', message: 'Limit reached: at most 50 virtual machines may be linked to policies in this folder' } }),
      }),
    );
    const dialog = await openWizard();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Select app-1' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link selected' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Linking failed');
  });
});
