import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstanceRoute } from '../../../routes/instances.route';
import { instance, json, linkUsage, policySummaries, routeFetch, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const fetchMock = vi.fn<typeof fetch>();
let posted: unknown[] = [];

function routes(current = instance(), usage = linkUsage({ vm: 3 })) {
  return routeFetch({
    [`GET ${api}`]: () => json(200, folder),
    [`GET ${api}/instances/ins_1`]: () => json(200, current),
    [`GET ${api}/policies`]: () => json(200, { items: policySummaries() }),
    [`GET ${api}/link-usage`]: () => json(200, usage),
    [`GET ${api}/backups`]: () => json(200, { items: [], total: 0 }),
    [`GET ${api}/storage`]: () => json(200, storageUsage()),
    [`POST ${api}/instances/ins_1/policies`]: (init) => {
      posted.push(JSON.parse(String(init?.body)));
      return json(200, instance({ policies: [{ id: 'pol_1', name: 'Default daily' }, { id: 'pol_3', name: 'Default monthly' }], connection: 'ok' }));
    },
  });
}

beforeEach(() => {
  posted = [];
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function openDialog() {
  const router = createMemoryRouter([{ path: '/folders/:folderId/instances/:instanceId', element: <InstanceRoute /> }], { initialEntries: ['/folders/default/instances/ins_1'] });
  renderRouter(router);
  fireEvent.click(await screen.findByRole('button', { name: 'Link policies' }));
  const dialog = screen.getByRole('dialog', { name: 'Link policies to web-1' });
  await within(dialog).findByRole('group', { name: 'Policies to link' });
  return dialog;
}

describe('<LinkPoliciesDialog>', () => {
  it('links the chosen policies in one request', async () => {
    fetchMock.mockImplementation(routes(instance({ policies: [{ id: 'pol_2', name: 'Default weekly' }], connection: 'ok' })));
    const dialog = await openDialog();
    // Already linked policies are not offered.
    expect(within(dialog).queryByRole('checkbox', { name: 'Default weekly' })).toBeNull();
    const link = within(dialog).getByRole('button', { name: 'Link selected' }) as HTMLButtonElement;
    expect(link.disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Default daily' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Default monthly' }));
    // The instance counts already, so linking more policies uses nothing more.
    expect(await within(dialog).findByText('Virtual machines: 3 of 50 used')).toBeTruthy();
    fireEvent.click(link);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posted).toEqual([{ policyIds: ['pol_1', 'pol_3'] }]);
    expect(await screen.findByText('Linked 2 policies to web-1')).toBeTruthy();
  });

  it('refuses when a first policy would take the instance past the limit', async () => {
    fetchMock.mockImplementation(routes(instance(), linkUsage({ vm: 50 })));
    const dialog = await openDialog();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Default daily' }));
    expect(await within(dialog).findByText('Linking 1 more virtual machine: 51 of 50 used')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toContain('Limit reached: at most 50 virtual machines');
    expect((within(dialog).getByRole('button', { name: 'Link selected' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
