import type { Role } from '@cloud-backup/domain';
import type { QueryClient } from '@tanstack/react-query';
import { cleanup, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderNav } from '../components/layout/folder-nav';
import { authKeys } from '../features/auth/api/auth.queries';
import { backup, instance, json, me, policy, policySummaries, routeFetch, storageUsage } from '../test/fixtures';
import { renderRouter } from '../test/render-router';
import { BackupRoute, BackupsRoute } from './backups.route';
import { ConnectRoute } from './connect.route';
import { InstanceRoute, InstancesRoute } from './instances.route';
import { PoliciesRoute, PolicyRoute } from './policies.route';

const api = '/api/v1/folders/default';
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
const fetchMock = vi.fn<typeof fetch>();

function serve(role: Role) {
  fetchMock.mockClear();
  fetchMock.mockImplementation(
    routeFetch({
      'GET /api/v1/auth/me': () => json(200, me(role)),
      [`GET ${api}`]: () => json(200, folder),
      [`GET ${api}/instances`]: () => json(200, { items: [instance({ connection: 'ok' })] }),
      [`GET ${api}/instances/ins_1`]: () => json(200, instance({ policies: [{ id: 'pol_1', name: 'Default daily' }], connection: 'ok' })),
      [`GET ${api}/policies`]: () => json(200, { items: policySummaries() }),
      [`GET ${api}/policies/pol_1`]: () => json(200, policy({ instances: [{ id: 'ins_1', name: 'web-1', kind: 'vm', online: true, lastBackupAt: null, nextRunAt: null }] })),
      [`GET ${api}/backups`]: () => json(200, { items: [backup()], total: 1 }),
      [`GET ${api}/backups/bak_1`]: () => json(200, backup()),
      [`GET ${api}/storage`]: () => json(200, storageUsage()),
    }),
  );
}

beforeEach(() => vi.stubGlobal('fetch', fetchMock));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Renders one route and waits until the role is known: before that, pages show every action (the server decides). */
async function renderAt(path: string, pattern: string, element: ReactNode): Promise<QueryClient> {
  const client = renderRouter(createMemoryRouter([{ path: pattern, element }, { path: '*', element: <p>elsewhere</p> }], { initialEntries: [path] }));
  await waitFor(() => expect(client.getQueryData(authKeys.me())).toBeDefined());
  return client;
}

const button = (name: string | RegExp) => screen.queryByRole('button', { name });
const link = (name: string | RegExp) => screen.queryByRole('link', { name });

describe('controls follow the role (SPEC §5)', () => {
  it('instance page: a viewer sees no back up, link, unlink, rotate or remove; an editor does', async () => {
    serve('backup.viewer');
    await renderAt('/folders/default/instances/ins_1', '/folders/:folderId/instances/:instanceId', <InstanceRoute />);
    expect(await screen.findByRole('heading', { level: 1, name: 'web-1' })).toBeTruthy();
    expect(button('Back up now')).toBeNull();
    expect(button('Link policies')).toBeNull();
    expect(button('Unlink Default daily')).toBeNull();
    expect(button('Rotate credential')).toBeNull();
    expect(button('Remove from service')).toBeNull();
    // A viewer still sees the instance's backups.
    expect(await screen.findByRole('region', { name: 'Backups' })).toBeTruthy();
    cleanup();

    serve('backup.editor');
    await renderAt('/folders/default/instances/ins_1', '/folders/:folderId/instances/:instanceId', <InstanceRoute />);
    expect(await screen.findByRole('button', { name: 'Back up now' })).toBeTruthy();
    expect(button('Link policies')).toBeTruthy();
    expect(button('Unlink Default daily')).toBeTruthy();
    expect(button('Rotate credential')).toBeTruthy();
    expect(button('Remove from service')).toBeTruthy();
  });

  it('instance page: a user links and unlinks but does not back up, remove or see backups', async () => {
    serve('backup.user');
    await renderAt('/folders/default/instances/ins_1', '/folders/:folderId/instances/:instanceId', <InstanceRoute />);
    expect(await screen.findByRole('button', { name: 'Link policies' })).toBeTruthy();
    expect(button('Unlink Default daily')).toBeTruthy();
    expect(button('Back up now')).toBeNull();
    expect(button('Remove from service')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Backups' })).toBeNull();
  });

  it('policy pages: a viewer cannot create, edit, delete, back up or link; an editor can', async () => {
    serve('backup.viewer');
    await renderAt('/folders/default/policies/pol_1', '/folders/:folderId/policies/:policyId', <PolicyRoute />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Default daily' })).toBeTruthy();
    expect(link('Edit policy')).toBeNull();
    expect(button(/^Delete/)).toBeNull();
    expect(button('Back up now')).toBeNull();
    expect(button('Link instances')).toBeNull();
    cleanup();

    serve('backup.viewer');
    await renderAt('/folders/default/policies', '/folders/:folderId/policies', <PoliciesRoute />);
    await screen.findByRole('table', { name: 'Policies' });
    expect(link('Create policy')).toBeNull();
    cleanup();

    serve('backup.editor');
    await renderAt('/folders/default/policies/pol_1', '/folders/:folderId/policies/:policyId', <PolicyRoute />);
    expect(await screen.findByRole('link', { name: 'Edit policy' })).toBeTruthy();
    expect(button(/^Delete/)).toBeTruthy();
    expect(button('Back up now')).toBeTruthy();
    expect(button('Link instances')).toBeTruthy();
  });

  it('backup page: a viewer browses files but sees no restore, verify or delete; an editor does', async () => {
    serve('backup.viewer');
    await renderAt('/folders/default/backups/bak_1', '/folders/:folderId/backups/:backupId', <BackupRoute />);
    expect(await screen.findByRole('link', { name: 'Browse files' })).toBeTruthy();
    expect(button(/Restore/)).toBeNull();
    expect(button('Verify')).toBeNull();
    expect(button(/^Delete/)).toBeNull();
    cleanup();

    serve('backup.editor');
    await renderAt('/folders/default/backups/bak_1', '/folders/:folderId/backups/:backupId', <BackupRoute />);
    expect(await screen.findByRole('button', { name: 'Restore whole instance…' })).toBeTruthy();
    expect(button('Verify')).toBeTruthy();
    expect(button(/^Delete/)).toBeTruthy();
  });

  it('backups section: an auditor is told their role does not include backups instead of a list', async () => {
    serve('backup.auditor');
    await renderAt('/folders/default/backups', '/folders/:folderId/backups', <BackupsRoute />);
    expect(await screen.findByText('Your role does not include backups')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Backups' })).toBeNull();
    cleanup();

    serve('backup.viewer');
    await renderAt('/folders/default/backups', '/folders/:folderId/backups', <BackupsRoute />);
    expect(await screen.findByRole('table', { name: 'Backups' })).toBeTruthy();
    expect(screen.queryByText('Your role does not include backups')).toBeNull();
  });

  it('instance list and connect wizard: only roles that may connect see Connect instance', async () => {
    serve('backup.viewer');
    await renderAt('/folders/default/vms', '/folders/:folderId/vms', <InstancesRoute kind="vm" />);
    await screen.findByRole('link', { name: 'web-1' });
    expect(link('Connect instance')).toBeNull();
    cleanup();

    serve('backup.viewer');
    await renderAt('/folders/default/connect', '/folders/:folderId/connect', <ConnectRoute />);
    expect(await screen.findByText('Your role does not include connecting instances')).toBeTruthy();
    cleanup();

    serve('backup.user');
    await renderAt('/folders/default/vms', '/folders/:folderId/vms', <InstancesRoute kind="vm" />);
    expect((await screen.findByRole('link', { name: 'Connect instance' })).getAttribute('href')).toBe('/folders/default/connect?kind=vm');
  });

  it('folder navigation hides Backups without backup.read and Access without access.manage', async () => {
    const sections = () => screen.getAllByRole('link').map((l) => l.textContent);
    serve('backup.auditor');
    await renderAt('/folders/default/overview', '/folders/:folderId/*', <FolderNav folderId="default" />);
    await waitFor(() => expect(sections()).not.toContain('Backups'));
    expect(sections()).not.toContain('Access');
    expect(sections()).toContain('Audit log');
    cleanup();

    serve('backup.viewer');
    await renderAt('/folders/default/overview', '/folders/:folderId/*', <FolderNav folderId="default" />);
    expect(sections()).toContain('Backups');
    expect(sections()).not.toContain('Access');
    cleanup();

    serve('backup.admin');
    await renderAt('/folders/default/overview', '/folders/:folderId/*', <FolderNav folderId="default" />);
    expect(sections()).toContain('Backups');
    expect(sections()).toContain('Access');
    // SPEC §8's order, then the sections it does not name.
    expect(sections()).toEqual([
      'Overview',
      'Virtual machines',
      'Bare-metal servers',
      'Policies',
      'Backups',
      'Operations',
      'Monitoring',
      'Quotas',
      'Access',
      'Notifications',
      'Audit log',
    ]);
  });
});
