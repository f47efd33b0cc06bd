import type { FolderHealth } from '@cloud-backup/domain';
import { cleanup, screen, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverviewRoute } from '../../../routes/overview.route';
import { json, me, routeFetch, storageUsage } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

const api = '/api/v1/folders/default';
const fetchMock = vi.fn<typeof fetch>();
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const overview = { folder, instances: { vm: 3, bms: 1, online: 3, offline: 1, protected: 2, unprotected: 2 }, policies: 3 };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function health(over: Partial<FolderHealth> = {}): FolderHealth {
  return {
    protectedInstances: 2,
    instances: 4,
    storageUsedBytes: 5 * 1024 ** 3,
    backupsLast24h: { succeeded: 7, failed: 2 },
    recentFailures: [
      { backupId: 'bak_9', operationId: 'op_9', instanceId: 'ins_2', instanceName: 'db-1', policyName: 'Default daily', startedAt: hoursAgo(2), error: 'Disk full' },
    ],
    atRisk: [
      { instanceId: 'ins_2', instanceName: 'db-1', policyId: 'pol_1', policyName: 'Default daily', lastGoodBackupAt: hoursAgo(50), allowedAgeSeconds: 26 * 3600 },
      { instanceId: 'ins_3', instanceName: 'files-1', policyId: 'pol_2', policyName: 'Weekly', lastGoodBackupAt: null, allowedAgeSeconds: 7 * 86_400 },
    ],
    agentsOffline: [{ instanceId: 'ins_4', instanceName: 'bms-1', lastSeenAt: hoursAgo(3) }],
    ...over,
  };
}

let answer: FolderHealth;

beforeEach(() => {
  answer = health();
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, me('backup.viewer')),
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/overview`]: () => json(200, overview),
      [`GET ${api}/storage`]: () => json(200, storageUsage()),
      [`GET ${api}/health`]: () => json(200, answer),
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  renderRouter(createMemoryRouter([{ path: '/folders/:folderId/overview', element: <OverviewRoute /> }], { initialEntries: ['/folders/default/overview'] }));
}

const card = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;

describe('Overview health', () => {
  it('shows protection, storage, the last day’s backups, instances at risk and offline agents', async () => {
    renderPage();
    const atRisk = await screen.findByRole('table', { name: 'Instances at risk' });
    expect(card('Protected instances')).toBe('2 of 4');
    expect(card('Backup storage')).toBe('5.00 GiB');
    expect(card('Backups in the last 24 h')).toBe('7 / 2');
    expect(card('Agents offline')).toBe('1');
    const failed = screen.getByRole('link', { name: '2 failed backups' });
    expect(failed.getAttribute('href')).toBe('/folders/default/operations?type=backup&status=failed');
    expect(failed.className).toContain('text-red-700');

    const rows = within(atRisk).getAllByRole('row').slice(1);
    // Worst first: no good backup at all.
    expect(rows[0]?.textContent).toContain('files-1');
    expect(rows[0]?.textContent).toContain('None yet');
    expect(rows[0]?.textContent).toContain('7 d');
    expect(rows[1]?.textContent).toContain('2 days ago');
    expect(rows[1]?.textContent).toContain('1 d 2 h');
    expect(within(rows[1]!).getByRole('link', { name: 'db-1' }).getAttribute('href')).toBe('/folders/default/instances/ins_2');
    expect(within(rows[1]!).getByRole('link', { name: 'Default daily' }).getAttribute('href')).toBe('/folders/default/policies/pol_1');

    const offline = screen.getByRole('list', { name: 'Agents offline' });
    expect(offline.textContent).toContain('bms-1');
    expect(offline.textContent).toContain('Last seen 3 hours ago');
    expect(screen.getByRole('list', { name: 'Recent failures' }).textContent).toContain('Disk full');
  });

  it('has empty states when all is well', async () => {
    answer = health({ backupsLast24h: { succeeded: 3, failed: 0 }, recentFailures: [], atRisk: [], agentsOffline: [] });
    renderPage();
    expect(await screen.findByText('No instance is at risk')).toBeTruthy();
    expect(screen.getByText('Every agent is online.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /failed backups/ })).toBeNull();
    expect(card('Backups in the last 24 h')).toBe('3 / 0');
  });
});
