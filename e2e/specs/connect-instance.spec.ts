import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '../fixtures/test';
import { ADMIN_PASSWORD, repoRoot } from '../fixtures/server.fixture';

function osPrettyName(): string {
  const text = readFileSync('/etc/os-release', 'utf8');
  return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? os.type();
}

test('sign in → activate → connect wizard → real agent registers → link Default daily → status OK', async ({ page, host, signIn }) => {
  await signIn(page);

  // The folder is not active yet: the overview offers the activation wizard.
  await expect(page.getByRole('heading', { name: 'Activate Cloud Backup' })).toBeVisible();
  await expect(page.getByText('Host name').first()).toBeVisible();
  await expect(page.getByLabel('Create default policies')).toBeChecked();
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByText('Service active')).toBeVisible();

  await page.getByRole('link', { name: 'Virtual machines' }).click();
  await page.getByRole('link', { name: 'Connect instance' }).first().click();
  await expect(page.getByLabel('Virtual machine')).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Kernel').first()).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Agent data folder').fill(host.dataDir);
  await page.getByLabel('Agent root').fill(host.root);
  const commands = page.getByTestId('agent-command');
  await expect(commands).toHaveCount(3);
  await expect(commands.nth(1)).toContainText(host.dataDir);
  const [download, register, run] = await commands.allTextContents();
  expect(download).toMatch(/^curl -fsSL http:\/\/localhost:\d+\/downloads\/cloud-backup-agent\.mjs/);
  await expect(page.getByRole('status').filter({ hasText: 'Waiting for the instance to register' })).toBeVisible();

  // Run exactly what the wizard shows, as a user would paste it.
  expect((await host.exec(download!)).code).toBe(0);
  const registered = await host.exec(register!);
  expect(registered.stderr).toBe('');
  expect(registered.code).toBe(0);
  const agent = host.background(run!);

  // The wizard moves on by itself once the instance registers.
  await expect(page.getByText('Instance connected')).toBeVisible();
  await expect(page.getByText(os.hostname()).first()).toBeVisible();
  await expect(page.getByLabel('Default daily')).toBeChecked();
  await page.getByRole('button', { name: 'Link and finish' }).click();

  await expect(page.getByRole('heading', { name: os.hostname() })).toBeVisible();
  await expect(page.getByText('OK', { exact: true }).first()).toBeVisible();
  const machine = page.getByRole('region', { name: 'Machine' });
  await expect(machine).toContainText(os.hostname());
  await expect(machine).toContainText(os.release());
  await expect(machine).toContainText(osPrettyName());
  await expect(page.getByRole('region', { name: 'Policies' })).toContainText('Default daily');

  // The registration token was one-time: the same command again is refused with exit code 3.
  const replay = await host.exec(register!.replace(host.dataDir, path.join(host.workDir, 'second')));
  expect(replay.code).toBe(3);
  expect(replay.stderr).toMatch(/already used/);

  // The instance stays online on the list while the agent heartbeats.
  await page.getByRole('link', { name: 'Virtual machines' }).click();
  const row = page.getByRole('row', { name: new RegExp(os.hostname()) });
  await expect(row).toContainText('OK');
  await expect(row).toContainText('Default daily');
  expect(agent.output()).not.toMatch(/error/i);
});

test('a bad password is refused with a clear message; sign-out ends the session', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong user name or password');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Activate Cloud Backup' })).toBeVisible();

  await page.getByRole('button', { name: 'admin' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).or(page.getByRole('button', { name: 'Sign out' })).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/folders/default/overview');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  const me = await page.request.get('/api/v1/auth/me');
  expect(me.status()).toBe(401);
});

test('removing an instance from the service stops its agent', async ({ page, host, signIn }) => {
  await signIn(page);
  const headers = { 'x-requested-with': 'e2e' };
  expect((await page.request.post('/api/v1/folders/default/activation', { headers, data: { createDefaultPolicies: true } })).ok()).toBe(true);
  const token = await (await page.request.post('/api/v1/folders/default/registration-tokens', { headers, data: { kind: 'bms' } })).json();
  const agentBin = path.join(repoRoot, 'apps/agent/dist/agent.mjs');
  const reg = await host.exec(`node ${agentBin} register --server ${token.serverUrl} --token ${token.token} --data-dir ${host.dataDir} --root ${host.root}`);
  expect(reg.code).toBe(0);
  const agent = host.background(`node ${agentBin} run --data-dir ${host.dataDir}`);

  await page.goto('/folders/default/bms');
  await page.getByRole('link', { name: os.hostname() }).click();
  await expect(page.getByText('Online', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Remove from service' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('backups');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page).toHaveURL(/\/folders\/default\/bms$/);
  await expect(page.getByRole('link', { name: os.hostname() })).toHaveCount(0);

  // The agent is told on its next heartbeat and exits with code 5.
  expect(await agent.exited).toBe(5);
  expect(agent.output()).toMatch(/removed from the service/);
});
