import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditRoute } from '../../../routes/audit.route';
import { json, routeFetch, searchOf } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const fetchMock = vi.fn<typeof fetch>();

function event(id: number) {
  return {
    id,
    at: '2025-06-01T12:00:00.000Z',
    actor: { type: 'user', id: 'usr_1', name: 'ann' },
    action: 'policy.update',
    resourceType: 'policy',
    resourceId: `pol_${id}`,
    detail: { name: 'Default daily' },
  };
}

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAudit(handler: (url: string) => Response) {
  const calls: Record<string, string>[] = [];
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/folders/default/audit': (_init, url) => {
        calls.push(searchOf(url));
        return handler(url);
      },
    }),
  );
  const router = createMemoryRouter([{ path: '/folders/:folderId/audit', element: <AuditRoute /> }], { initialEntries: ['/folders/default/audit'] });
  renderRouter(router);
  return calls;
}

describe('<AuditLogPage>', () => {
  it('shows time, actor, action, resource and detail of each entry', async () => {
    renderAudit(() => json(200, { items: [event(1), { ...event(2), actor: { type: 'system', id: null, name: null }, action: 'backup.delete', detail: null }], total: 2 }));
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Time', 'Actor', 'Action', 'Resource', 'Detail']);
    const first = within(table).getByText('pol_1').closest('tr')!;
    expect(first.textContent).toContain('ann');
    expect(first.textContent).toContain('policy.update');
    expect(first.textContent).toContain('name: Default daily');
    expect(within(table).getByText('pol_2').closest('tr')!.textContent).toContain('System');
  });

  it('sends the filters and starts again from the first page', async () => {
    const calls = renderAudit(() => json(200, { items: Array.from({ length: 50 }, (_, i) => event(i + 1)), total: 120 }));
    await screen.findByRole('table', { name: 'Audit log' });
    expect(calls[0]).toEqual({ limit: '50', offset: '0' });

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(calls.at(-1)).toEqual({ limit: '50', offset: '50' }));

    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'policy' } });
    fireEvent.change(screen.getByLabelText('Actor'), { target: { value: ' ann ' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-06-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-06-02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(calls.at(-1)?.action).toBe('policy'));
    const last = calls.at(-1)!;
    expect(last).toMatchObject({ action: 'policy', actor: 'ann', limit: '50', offset: '0' });
    expect(last.from).toBe(new Date('2025-06-01T00:00:00').toISOString());
    expect(last.to).toBe(new Date('2025-06-02T23:59:59.999').toISOString());
  });

  it('refuses a date range that ends before it starts', async () => {
    const calls = renderAudit(() => json(200, { items: [event(1)], total: 1 }));
    await screen.findByRole('table', { name: 'Audit log' });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-06-02' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-06-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('Must not be before From')).toBeTruthy();
    expect(calls).toHaveLength(1);
  });
});
