import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '../fixtures/test';
import { connectAgent, consoleApi } from '../fixtures/api';

interface Entry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  size: number;
}

/** The tree on disk under `root`, as the catalog should show it. */
function diskTree(root: string, rel = ''): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    const p = `${rel}/${name}`;
    const st = lstatSync(path.join(root, p));
    if (st.isSymbolicLink()) out.push({ path: p, type: 'symlink', size: readlinkSync(path.join(root, p)).length });
    else if (st.isDirectory()) {
      const below = diskTree(root, p);
      // Folders show the total bytes of the files under them.
      const total = below.filter((e) => e.type === 'file').reduce((n, e) => n + e.size, 0);
      out.push({ path: p, type: 'dir', size: total }, ...below);
    }
    else out.push({ path: p, type: 'file', size: st.size });
  }
  return out;
}

test('back up now → live progress → incremental stores only new data → delete the first → the second stays complete', async ({ page, host, signIn }) => {
  test.setTimeout(150_000);
  const root = host.root;
  mkdirSync(path.join(root, 'docs/reports/2024'), { recursive: true });
  mkdirSync(path.join(root, 'photos'));
  mkdirSync(path.join(root, 'données'));
  mkdirSync(path.join(root, 'empty-dir'));
  writeFileSync(path.join(root, 'docs/readme.md'), '# Read me\n'.repeat(200));
  writeFileSync(path.join(root, 'docs/reports/2024/q1.csv'), 'month,revenue\njan,10\nfeb,12\n');
  writeFileSync(path.join(root, 'photos/big.bin'), randomBytes(48 * 1024 * 1024));
  writeFileSync(path.join(root, 'photos/old-raw.bin'), randomBytes(24 * 1024 * 1024));
  writeFileSync(path.join(root, 'données/résumé-日本.txt'), 'Unicode name\n');
  symlinkSync('docs/readme.md', path.join(root, 'link-to-readme'));
  const files = diskTree(root).filter((e) => e.type !== 'dir');
  const logical = files.filter((e) => e.type === 'file').reduce((n, e) => n + e.size, 0);

  await signIn(page);
  const instanceId = await connectAgent(page.request, host, 'vm');
  const api = consoleApi(page.request);
  const policies = await api.get<{ items: { id: string; name: string }[] }>('/folders/default/policies');
  const daily = policies.items.find((p) => p.name === 'Default daily')!;
  await api.put(`/folders/default/instances/${instanceId}/policies/${daily.id}`);

  await page.goto(`/folders/default/instances/${instanceId}`);
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start backup' }).click();
  const live = page.getByRole('region', { name: 'Backup in progress' });
  await expect(live).toBeVisible();
  await expect(live.getByRole('progressbar', { name: 'Backup progress' })).toBeVisible();

  const recent = page.getByRole('region', { name: 'Backups' });
  await expect(recent.getByText('Completed', { exact: true })).toHaveCount(1, { timeout: 60_000 });
  type B = { id: string; type: string; status: string; fileCount: number; logicalBytes: number; newBytes: number };
  const first = (await api.get<{ items: B[] }>(`/folders/default/backups?instanceId=${instanceId}`)).items[0]!;
  expect(first).toMatchObject({ type: 'full', status: 'completed', fileCount: files.length, logicalBytes: logical });
  expect(first.newBytes).toBeGreaterThan(72 * 1024 * 1024);

  // Change a file, add one, remove one: the next backup is incremental and stores only the new data.
  writeFileSync(path.join(root, 'docs/readme.md'), '# Read me, revised\n'.repeat(200));
  writeFileSync(path.join(root, 'docs/notes.txt'), 'new notes\n');
  rmSync(path.join(root, 'photos/old-raw.bin'));
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start backup' }).click();
  await expect(recent.getByText('Completed', { exact: true })).toHaveCount(2, { timeout: 60_000 });
  const second = (await api.get<{ items: B[] }>(`/folders/default/backups?instanceId=${instanceId}`)).items[0]!;
  expect(second.id).not.toBe(first.id);
  expect(second).toMatchObject({ type: 'incremental', status: 'completed', fileCount: files.length });
  expect(second.newBytes).toBeLessThan(64 * 1024);

  const before = await api.get<{ folderBytes: number }>('/folders/default/storage');
  await page.goto(`/folders/default/backups/${first.id}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/folders\/default\/backups$/);
  await expect(page.getByRole('table', { name: 'Backups' }).getByRole('row')).toHaveCount(2); // header + the second
  await expect
    .poll(async () => (await api.get<{ folderBytes: number }>('/folders/default/storage')).folderBytes, { timeout: 20_000 })
    // old-raw.bin (24 MiB) was only in the first backup; GC deletes or rewrites the packs it made mostly dead.
    .toBeLessThan(before.folderBytes - 8 * 1024 * 1024);

  // The second backup is complete on its own: its catalog matches the tree on disk.
  const catalog: Entry[] = [];
  const walk = async (dir: string): Promise<void> => {
    const listing = await api.get<{ entries: { path: string; type: Entry['type']; size: number }[] }>(
      `/folders/default/backups/${second.id}/catalog?path=${encodeURIComponent(dir)}&limit=5000`,
    );
    for (const e of [...listing.entries].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      catalog.push({ path: e.path, type: e.type, size: e.size });
      if (e.type === 'dir') await walk(e.path);
    }
  };
  await walk('/');
  expect(catalog).toEqual(diskTree(root));

  await page.goto(`/folders/default/backups/${second.id}`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText(/no damage found/)).toBeVisible({ timeout: 30_000 });
});
