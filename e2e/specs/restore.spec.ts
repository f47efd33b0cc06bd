import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AgentHost } from '../fixtures/agent.fixture';
import { connectAgent, consoleApi } from '../fixtures/api';
import { expect, test } from '../fixtures/test';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('browse a backup → search → pick files from two folders and a folder → restore to another instance → overwrite older → download a tar', async ({ page, host, signIn }) => {
  test.setTimeout(180_000);
  const target = new AgentHost();
  try {
    const src = host.root;
    mkdirSync(path.join(src, 'docs/sub'), { recursive: true });
    mkdirSync(path.join(src, 'media'));
    mkdirSync(path.join(src, 'notes'));
    writeFileSync(path.join(src, 'docs/a.txt'), 'alpha, as backed up\n');
    writeFileSync(path.join(src, 'docs/b.txt'), 'bravo\n');
    writeFileSync(path.join(src, 'docs/sub/c.txt'), 'charlie\n');
    writeFileSync(path.join(src, 'media/photo.bin'), randomBytes(3 * 1024 * 1024));
    writeFileSync(path.join(src, 'media/clip.bin'), randomBytes(512 * 1024));
    writeFileSync(path.join(src, 'notes/todo.txt'), 'restore me\n');
    const original = {
      a: sha(path.join(src, 'docs/a.txt')),
      todo: sha(path.join(src, 'notes/todo.txt')),
      photo: sha(path.join(src, 'media/photo.bin')),
      clip: sha(path.join(src, 'media/clip.bin')),
      b: sha(path.join(src, 'docs/b.txt')),
      c: sha(path.join(src, 'docs/sub/c.txt')),
    };

    await signIn(page);
    const sourceId = await connectAgent(page.request, host, 'vm');
    const targetId = await connectAgent(page.request, target, 'vm');
    const api = consoleApi(page.request);
    const policies = await api.get<{ items: { id: string; name: string }[] }>('/folders/default/policies');
    const daily = policies.items.find((p) => p.name === 'Default daily')!;
    await api.put(`/folders/default/instances/${sourceId}/policies/${daily.id}`);
    await api.post(`/folders/default/instances/${sourceId}/backups`, { policyId: daily.id });
    type B = { id: string; status: string };
    let backup: B | undefined;
    await expect
      .poll(async () => (backup = (await api.get<{ items: B[] }>(`/folders/default/backups?instanceId=${sourceId}`)).items[0])?.status, { timeout: 60_000 })
      .toBe('completed');

    // The instance changes after the backup: one file edited, one deleted.
    writeFileSync(path.join(src, 'docs/a.txt'), 'alpha, edited later\n');
    rmSync(path.join(src, 'notes/todo.txt'));

    // Browse: from the backup page into the file browser, down into docs by its link.
    await page.goto(`/folders/default/backups/${backup!.id}`);
    await page.getByRole('link', { name: 'Browse files' }).click();
    const files = page.getByRole('table', { name: 'Files in /' });
    await expect(files.getByRole('row', { name: 'docs' })).toBeVisible();
    await files.getByRole('row', { name: 'docs' }).getByRole('link', { name: 'docs' }).click();
    const docs = page.getByRole('table', { name: 'Files in /docs' });
    await docs.getByRole('checkbox', { name: 'Select a.txt' }).check();

    // Search finds the deleted file; select it from the results.
    await page.getByRole('searchbox', { name: 'Search in backup' }).fill('todo');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('table', { name: 'Search results' });
    await expect(results.getByRole('row', { name: /todo\.txt/ }).getByRole('link', { name: '/notes' })).toBeVisible();
    await results.getByRole('checkbox', { name: 'Select todo.txt' }).check();
    await page.getByRole('button', { name: 'Clear search' }).click();

    // Back to the root by the breadcrumbs, then a whole folder.
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link').first().click();
    await files.getByRole('checkbox', { name: 'Select media' }).check();
    const basket = page.getByRole('region', { name: 'Restore list' });
    await expect(basket.getByText('3 items selected')).toBeVisible();

    // Restore to the second instance, into a folder created in the dialog, overwriting nothing.
    await basket.getByRole('button', { name: 'Restore…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore' });
    const targetName = (await api.get<{ name: string }>(`/folders/default/instances/${targetId}`)).name;
    await dialog.getByLabel('Target instance').selectOption({ label: targetName });
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('radio', { name: 'Custom folder' }).check();
    await dialog.getByLabel('New folder name').fill('bad*name');
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await expect(dialog.getByText(/cannot contain/)).toBeVisible();
    await dialog.getByLabel('New folder name').fill('restored');
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await expect(dialog.getByRole('navigation', { name: 'Target folder' }).getByText('restored')).toBeVisible();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('radio', { name: 'Do not overwrite' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Start restore' }).click();
    await expect(page).toHaveURL(/\/operations\/op_/);
    await expect(page.getByRole('region', { name: 'Restore result' })).toBeVisible({ timeout: 60_000 });

    const out = path.join(target.root, 'restored');
    expect(sha(path.join(out, 'a.txt'))).toBe(original.a);
    expect(sha(path.join(out, 'todo.txt'))).toBe(original.todo);
    expect(sha(path.join(out, 'media/photo.bin'))).toBe(original.photo);
    expect(sha(path.join(out, 'media/clip.bin'))).toBe(original.clip);

    // Overwrite older only: an older copy is replaced, a newer one is kept.
    writeFileSync(path.join(out, 'a.txt'), 'stale copy\n');
    utimesSync(path.join(out, 'a.txt'), new Date('2001-01-01'), new Date('2001-01-01'));
    writeFileSync(path.join(out, 'todo.txt'), 'edited on the target after the backup\n');
    const future = new Date(Date.now() + 86_400_000);
    utimesSync(path.join(out, 'todo.txt'), future, future);
    await page.goto(`/folders/default/backups/${backup!.id}/files?path=/docs`);
    await page.getByRole('table', { name: 'Files in /docs' }).getByRole('checkbox', { name: 'Select a.txt' }).check();
    await page.goto(`/folders/default/backups/${backup!.id}/files?path=/notes`);
    await page.getByRole('table', { name: 'Files in /notes' }).getByRole('checkbox', { name: 'Select todo.txt' }).check();
    await expect(basket.getByText('2 items selected')).toBeVisible();
    await basket.getByRole('button', { name: 'Restore…' }).click();
    await dialog.getByLabel('Target instance').selectOption({ label: targetName });
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('radio', { name: 'Custom folder' }).check();
    await dialog.getByRole('list', { name: 'Folders in /' }).getByRole('button', { name: 'restored' }).click();
    await dialog.getByRole('button', { name: 'Use this folder' }).click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('radio', { name: 'Overwrite older only' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Start restore' }).click();
    await expect(page.getByRole('region', { name: 'Restore result' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Skipped files' }).getByText(/todo\.txt/)).toBeVisible();
    expect(sha(path.join(out, 'a.txt'))).toBe(original.a);
    expect(readFileSync(path.join(out, 'todo.txt'), 'utf8')).toBe('edited on the target after the backup\n');
    expect(Math.abs(statSync(path.join(out, 'a.txt')).mtimeMs - statSync(path.join(src, 'docs/b.txt')).mtimeMs)).toBeLessThan(60_000);

    // Download a folder as tar straight from the browser: it unpacks to the same bytes.
    await page.goto(`/folders/default/backups/${backup!.id}/files?path=/`);
    await page.getByRole('table', { name: 'Files in /' }).getByRole('row', { name: 'docs' }).getByRole('button', { name: 'Download docs' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download docs as tar' }).click();
    const download = await downloading;
    const scratch = mkdtempSync(path.join(tmpdir(), 'cb-e2e-tar-'));
    try {
      const tar = path.join(scratch, 'docs.tar');
      await download.saveAs(tar);
      const unpack = spawnSync('tar', ['-xf', tar, '-C', scratch]);
      expect(unpack.status, unpack.stderr.toString()).toBe(0);
      expect(sha(path.join(scratch, 'docs/a.txt'))).toBe(original.a);
      expect(sha(path.join(scratch, 'docs/b.txt'))).toBe(original.b);
      expect(sha(path.join(scratch, 'docs/sub/c.txt'))).toBe(original.c);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  } finally {
    await target.dispose();
  }
});
