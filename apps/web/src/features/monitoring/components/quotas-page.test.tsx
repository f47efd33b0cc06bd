import type { FolderQuotas, Me } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuotasRoute } from '../../../routes/quotas.route';
import { json, me, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const TB = 1000 ** 4;

function quotas(limits = { vmLinked: 50, bmsLinked: 20, storageBytes: 10 * TB }): FolderQuotas {
  return {
    limits,
    defaults: true,
    lines: [
      { key: 'vmLinked', label: 'Linked virtual machines', used: 46, limit: limits.vmLinked, unit: 'count', editable: true },
      { key: 'bmsLinked', label: 'Linked bare-metal servers', used: 20, limit: limits.bmsLinked, unit: 'count', editable: true },
      { key: 'storageBytes', label: 'Backup storage', used: 2.5 * TB, limit: limits.storageBytes, unit: 'bytes', editable: true },
      { key: 'policyNameChars', label: 'Policy name length', used: null, limit: 128, unit: 'chars', editable: false },
    ],
  };
}

let user: Me;
let current: FolderQuotas;
let puts: unknown[] = [];
let putAnswer: (body: unknown) => Response;

beforeEach(() => {
  user = me('backup.admin');
  puts = [];
  current = quotas();
  putAnswer = (body) => {
    current = { ...quotas(body as FolderQuotas['limits']), defaults: false };
    return json(200, current);
  };
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, user),
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/quotas`]: () => json(200, current),
      [`PUT ${api}/quotas`]: (init) => {
        const body = JSON.parse(String(init?.body)) as unknown;
        puts.push(body);
        return putAnswer(body);
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  renderRouter(createMemoryRouter([{ path: '/folders/:folderId/quotas', element: <QuotasRoute /> }], { initialEntries: ['/folders/default/quotas'] }));
}

const asAdmin = () => {
  user = { ...user, user: { ...user.user, installationAdmin: true } };
};

describe('<QuotasPage>', () => {
  it('shows each limit with its use and a bar that turns amber at 90 % and red at 100 %', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Quotas' });
    const vm = within(table).getByRole('row', { name: /Linked virtual machines/ });
    expect(vm.textContent).toContain('46');
    expect(vm.textContent).toContain('50');
    expect(within(vm).getByRole('progressbar').getAttribute('data-level')).toBe('warning');
    const bms = within(table).getByRole('row', { name: /bare-metal/ });
    expect(within(bms).getByRole('progressbar').getAttribute('data-level')).toBe('full');
    expect(bms.textContent).toContain('Reached');
    const storage = within(table).getByRole('row', { name: /Backup storage/ });
    expect(storage.textContent).toContain('2.5 TB');
    expect(storage.textContent).toContain('10 TB');
    expect(within(storage).getByRole('progressbar').getAttribute('data-level')).toBe('ok');
    expect(within(table).getByRole('row', { name: /Policy name/ }).textContent).toContain('Fixed limit');
    // A folder admin is not an installation admin.
    await waitFor(() => expect(screen.getByText(/Only an installation admin changes these limits/)).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Edit limits' })).toBeNull();
  });

  it('lets an installation admin edit limits, in TB or GB, and checks the input first', async () => {
    asAdmin();
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit limits' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit limits' });
    const vms = within(dialog).getByLabelText('Linked virtual machines') as HTMLInputElement;
    expect(vms.value).toBe('50');
    expect((within(dialog).getByLabelText('Backup storage') as HTMLInputElement).value).toBe('10');
    expect((within(dialog).getByLabelText('Unit') as HTMLSelectElement).value).toBe('TB');

    fireEvent.change(vms, { target: { value: '-1' } });
    fireEvent.change(within(dialog).getByLabelText('Linked bare-metal servers'), { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save limits' }));
    await waitFor(() => expect(within(dialog).getByText('Cannot be negative')).toBeTruthy());
    expect(within(dialog).getByText('Enter a whole number')).toBeTruthy();
    expect(vms.getAttribute('aria-invalid')).toBe('true');
    expect(puts).toHaveLength(0);

    fireEvent.change(vms, { target: { value: '80' } });
    fireEvent.change(within(dialog).getByLabelText('Linked bare-metal servers'), { target: { value: '25' } });
    fireEvent.change(within(dialog).getByLabelText('Backup storage'), { target: { value: '1500' } });
    fireEvent.change(within(dialog).getByLabelText('Unit'), { target: { value: 'GB' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save limits' }));
    await waitFor(() => expect(puts).toEqual([{ vmLinked: 80, bmsLinked: 25, storageBytes: 1500 * 1000 ** 3 }]));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('Limits set for this folder')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /Linked virtual machines/ })).getByRole('progressbar').getAttribute('data-level')).toBe('ok');
  });

  it('shows the server’s field errors at the field', async () => {
    asAdmin();
    putAnswer = () => json(400, { error: { code: 'validation_failed', message: 'Invalid input', fields: { storageBytes: 'Below the storage already used' } } });
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit limits' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit limits' });
    fireEvent.change(within(dialog).getByLabelText('Backup storage'), { target: { value: '1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save limits' }));
    await waitFor(() => expect(within(dialog).getByText('Below the storage already used')).toBeTruthy());
    expect(within(dialog).getByLabelText('Backup storage').getAttribute('aria-invalid')).toBe('true');
    expect(puts).toHaveLength(1);
  });
});
