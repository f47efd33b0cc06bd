import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MonitoringRoute } from '../../../routes/monitoring.route';
import { instance, json, routeFetch, searchOf } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';
import { chartRows } from '../monitoring-format';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const point = (at: string, over: Partial<{ protectedInstances: number; storageUsedBytes: number; agentsAlive: number; backupErrors: number }> = {}) => ({
  at,
  protectedInstances: 1,
  storageUsedBytes: 1024 ** 3,
  agentsAlive: 1,
  backupErrors: 0,
  ...over,
});
let requests: Record<string, string>[] = [];

// The route loads the page lazily; load it once up front so the first test does not wait on the transform.
beforeAll(async () => {
  await import('./monitoring-page');
});
let points: ReturnType<typeof point>[] = [];

beforeEach(() => {
  requests = [];
  points = [point('2025-06-01T11:00:00.000Z'), point('2025-06-01T11:15:00.000Z', { protectedInstances: 3, storageUsedBytes: 5 * 1024 ** 3, agentsAlive: 2, backupErrors: 4 })];
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/instances`]: () => json(200, { items: [instance(), instance({ id: 'ins_2', name: 'db-1' })] }),
      [`GET ${api}/monitoring`]: (_init, url) => {
        const query = searchOf(url);
        requests.push(query);
        return json(200, {
          range: query.range,
          instanceId: query.instanceId ?? null,
          from: '2025-05-31T12:00:00.000Z',
          to: '2025-06-01T12:00:00.000Z',
          bucketSeconds: 900,
          points,
        });
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string) {
  const router = createMemoryRouter([{ path: '/folders/:folderId/monitoring', element: <MonitoringRoute /> }], { initialEntries: [path] });
  renderRouter(router);
  return router;
}

describe('<MonitoringPage>', () => {
  it('draws four charts with their latest values', async () => {
    renderAt('/folders/default/monitoring');
    const errors = await screen.findByTestId('chart-backup-errors');
    expect(requests).toEqual([{ range: 'day' }]);
    expect(within(errors).getByRole('heading').textContent).toBe('Backup errors');
    expect(screen.getByTestId('chart-backup-errors-latest').textContent).toBe('4');
    expect(screen.getByTestId('chart-protected-instances-latest').textContent).toBe('3');
    expect(screen.getByTestId('chart-storage-used-latest').textContent).toBe('5.00 GiB');
    expect(screen.getByTestId('chart-agents-alive-latest').textContent).toBe('2');
    expect(screen.getByRole('img', { name: 'Storage used chart, latest 5.00 GiB' })).toBeTruthy();
  });

  it('keeps range and scope in the URL and asks the server for them', async () => {
    const router = renderAt('/folders/default/monitoring?range=week');
    await screen.findByTestId('chart-backup-errors');
    expect(requests.at(-1)).toEqual({ range: 'week' });
    await waitFor(() => expect(within(screen.getByLabelText('Scope')).getByRole('option', { name: 'db-1' })).toBeTruthy());

    fireEvent.change(screen.getByLabelText('Scope'), { target: { value: 'ins_2' } });
    await waitFor(() => expect(requests.at(-1)).toEqual({ range: 'week', instanceId: 'ins_2' }));
    fireEvent.change(screen.getByLabelText('Range'), { target: { value: 'hour' } });
    await waitFor(() => expect(requests.at(-1)).toEqual({ range: 'hour', instanceId: 'ins_2' }));
    expect(searchOf(router.state.location.search)).toEqual({ range: 'hour', instanceId: 'ins_2' });
  });

  it('says so when there are no samples', async () => {
    points = [];
    renderAt('/folders/default/monitoring');
    await screen.findByTestId('chart-backup-errors');
    expect(screen.getByText('No samples in this range yet')).toBeTruthy();
    expect(screen.getAllByText('No data in this range yet')).toHaveLength(4);
    expect(screen.getByTestId('chart-backup-errors-latest').textContent).toBe('—');
  });
});

describe('chartRows', () => {
  it('breaks the line where buckets are missing instead of inventing values', () => {
    const rows = chartRows({
      range: 'day',
      instanceId: null,
      from: '2025-06-01T00:00:00.000Z',
      to: '2025-06-02T00:00:00.000Z',
      bucketSeconds: 900,
      points: [point('2025-06-01T10:00:00.000Z'), point('2025-06-01T10:15:00.000Z'), point('2025-06-01T11:30:00.000Z')],
    });
    expect(rows.map((r) => r.protectedInstances)).toEqual([1, 1, null, 1]);
    expect(rows[2]?.t).toBe(new Date('2025-06-01T10:30:00.000Z').getTime());
  });
});
