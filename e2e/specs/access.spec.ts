import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { connectAgent, consoleApi } from '../fixtures/api';
import { ADMIN_PASSWORD } from '../fixtures/server.fixture';
import { expect, test } from '../fixtures/test';

const INITIAL_PASSWORD = 'bob-initial-password';
const BOB_PASSWORD = 'bob-chosen-password-2';

async function signInAs(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page, username: string) {
  await page.getByRole('button', { name: username, exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** A state-changing call crafted in the page, with the session cookie and the CSRF header, as a script would send it. */
async function craftedCall(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; code: string | undefined }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      return { status: res.status, code: json?.error?.code };
    },
    { method, url, body },
  );
}

test('admin creates a folder and a viewer → the viewer browses backups with no restore, delete or policy controls → crafted calls are refused → the audit log shows each step', async ({
  page,
  host,
  signIn,
}) => {
  // About 40 s; up to 60 s on a loaded two-core machine, as four sign-ins and a password change each run the slow KDF.
  test.setTimeout(120_000);
  mkdirSync(path.join(host.root, 'docs'), { recursive: true });
  writeFileSync(path.join(host.root, 'docs/readme.md'), '# Team B\n'.repeat(50));
  writeFileSync(path.join(host.root, 'notes.txt'), 'kept safe\n');

  // ── The admin creates the folder through the folder picker and activates it.
  await signIn(page);
  await page.getByRole('button', { name: 'Folder default' }).click();
  await page.getByRole('menuitem', { name: 'Create folder…' }).click();
  const createFolder = page.getByRole('dialog', { name: 'Create folder' });
  await createFolder.getByLabel('Folder name').fill('team-b');
  await createFolder.getByRole('button', { name: 'Create folder' }).click();
  // The admin was on default's overview: wait for the new folder's.
  await expect(page).toHaveURL(/\/folders\/(?!default\/)[^/]+\/overview$/);
  const folderId = /\/folders\/([^/]+)\/overview$/.exec(page.url())![1]!;
  await expect(page.getByRole('button', { name: 'Folder team-b' })).toHaveAccessibleDescription('Your role: Admin');
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByText('Service active')).toBeVisible();

  // ── A user with an initial password, on the Users admin page.
  await page.getByRole('button', { name: 'admin', exact: true }).click();
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Create user' }).click();
  const createUser = page.getByRole('dialog', { name: 'Create user' });
  await createUser.getByLabel('User name').fill('bob');
  await createUser.getByLabel('Initial password').fill(INITIAL_PASSWORD);
  await createUser.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /bob/ })).toBeVisible();

  // ── Back to team-b with the picker; grant bob backup.viewer on its Access page.
  await page.getByRole('button', { name: 'Choose a folder' }).click();
  await page.getByRole('menuitemradio', { name: /team-b/ }).click();
  await expect(page).toHaveURL(new RegExp(`/folders/${folderId}/overview$`));
  await page.getByRole('navigation', { name: 'Folder' }).getByRole('link', { name: 'Access' }).click();
  await page.getByRole('button', { name: 'Grant role' }).click();
  const grant = page.getByRole('dialog', { name: 'Grant role' });
  await grant.getByRole('combobox', { name: 'User' }).selectOption({ label: 'bob' });
  await grant.getByRole('radio', { name: 'Viewer (backup.viewer)' }).check();
  await grant.getByRole('button', { name: 'Grant role' }).click();
  await expect(page.getByRole('table', { name: 'Folder members' }).getByRole('row', { name: /bob/ })).toContainText('backup.viewer');

  // ── Something to look at: a real agent in team-b, linked by API, backed up from the console.
  const instanceId = await connectAgent(page.request, host, 'vm', '', folderId);
  const api = consoleApi(page.request);
  const policies = await api.get<{ items: { id: string; name: string }[] }>(`/folders/${folderId}/policies`);
  const daily = policies.items.find((p) => p.name === 'Default daily')!;
  await api.put(`/folders/${folderId}/instances/${instanceId}/policies/${daily.id}`);
  await page.goto(`/folders/${folderId}/instances/${instanceId}`);
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start backup' }).click();
  await expect(page.getByRole('region', { name: 'Backups' }).getByText('Completed', { exact: true })).toHaveCount(1, { timeout: 45_000 });
  await signOut(page, 'admin');

  // ── bob signs in, must choose a password, and lands in team-b as a viewer.
  await signInAs(page, 'bob', INITIAL_PASSWORD);
  await expect(page).toHaveURL(/\/change-password$/);
  await page.getByLabel('Current password').fill(INITIAL_PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(BOB_PASSWORD);
  await page.getByLabel('Confirm new password').fill(BOB_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(new RegExp(`/folders/${folderId}/overview$`));
  await expect(page.getByRole('button', { name: 'Folder team-b' })).toHaveAccessibleDescription('Your role: Viewer');
  const nav = page.getByRole('navigation', { name: 'Folder' });
  await expect(nav.getByRole('link', { name: 'Backups' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Access' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Connect instance' })).toHaveCount(0);

  // The backups list and one backup: browse yes; restore, verify, delete no.
  await nav.getByRole('link', { name: 'Backups' }).click();
  const backups = page.getByRole('table', { name: 'Backups' });
  await expect(backups.getByRole('row')).toHaveCount(2); // header + the one backup
  await backups.getByRole('row').nth(1).getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/folders/${folderId}/backups/[^/]+$`));
  const backupId = /\/backups\/([^/]+)$/.exec(page.url())![1]!;
  await expect(page.getByRole('link', { name: 'Browse files' })).toBeVisible();
  for (const name of [/Restore/, 'Verify', /^Delete/]) await expect(page.getByRole('button', { name })).toHaveCount(0);

  await page.getByRole('link', { name: 'Browse files' }).click();
  const files = page.getByRole('table', { name: 'Files in /' });
  await files.getByRole('row', { name: 'docs' }).getByRole('link', { name: 'docs' }).click();
  const docs = page.getByRole('table', { name: 'Files in /docs' });
  await expect(docs.getByRole('link', { name: 'Download readme.md' })).toBeVisible();
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Restore/ })).toHaveCount(0);

  // Policies and the instance: nothing to create, edit, delete, back up, link or remove.
  await nav.getByRole('link', { name: 'Policies' }).click();
  await expect(page.getByRole('link', { name: 'Default daily' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create policy' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Default daily' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Default daily' })).toBeVisible();
  for (const name of ['Back up now', /^Delete/, 'Link instances', /^Unlink/]) await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit policy' })).toHaveCount(0);
  await page.goto(`/folders/${folderId}/instances/${instanceId}`);
  await expect(page.getByRole('region', { name: 'Agent' })).toBeVisible();
  for (const name of ['Back up now', 'Link policies', /^Unlink/, 'Rotate credential', 'Remove from service']) {
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  }

  // ── What the console hides, the API refuses, whatever the console shows.
  const base = `/api/v1/folders/${folderId}`;
  expect(await craftedCall(page, 'DELETE', `${base}/backups/${backupId}`)).toEqual({ status: 403, code: 'forbidden' });
  expect(await craftedCall(page, 'POST', `${base}/backups/${backupId}/restore`, { targetInstanceId: instanceId, scope: { kind: 'whole' } })).toEqual({
    status: 403,
    code: 'forbidden',
  });
  expect(await craftedCall(page, 'POST', `${base}/instances/${instanceId}/backups`, { policyId: daily.id })).toEqual({ status: 403, code: 'forbidden' });
  // The refused delete changed nothing: the backup is still there for bob to read.
  expect((await page.request.get(`${base}/backups/${backupId}`)).status()).toBe(200);
  await signOut(page, 'bob');

  // ── The admin reads the folder's audit log.
  await signInAs(page, 'admin', ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'admin', exact: true })).toBeVisible();
  await page.goto(`/folders/${folderId}/audit`);
  const log = page.getByRole('table', { name: 'Audit log' });
  const entry = (action: string, actor: string) => log.getByRole('row').filter({ hasText: action }).filter({ hasText: actor });
  await expect(entry('folder.create', 'admin')).toHaveCount(1);
  await expect(entry('folder.activate', 'admin')).toHaveCount(1);
  await expect(entry('access.grant', 'admin')).toContainText(/bob.*backup\.viewer/);
  await expect(entry('instance.register', '')).toHaveCount(1);
  await expect(entry('policy.link', 'admin')).toHaveCount(1);
  await expect(entry('backup.start', 'admin')).toHaveCount(1);
  await expect(entry('auth.password_change', 'bob')).toHaveCount(1);
  await expect(entry('auth.sign_in', 'bob')).toHaveCount(1);
  await expect(entry('auth.sign_in', 'admin')).toHaveCount(2);
  // The server records refusals in no audit entry (they answer 403 before any service runs); none was a deletion.
  await expect(log.getByRole('row').filter({ hasText: 'backup.delete' })).toHaveCount(0);
});
