import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { AgentHost } from '../fixtures/agent.fixture';
import { connectAgent, consoleApi } from '../fixtures/api';
import { startServer } from '../fixtures/server.fixture';
import { expect, test as base } from '../fixtures/test';

// The scheduler looks every second instead of every 10 s, so each run starts right at its minute.
const test = base.extend({
  server: async ({}, use, testInfo) => {
    const server = await startServer({ SCHEDULER_TICK_SECONDS: '1' });
    await use(server);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('server.log', { body: server.logs.join('') });
    await server.stop();
  },
});

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NAME = 'Every minute, keep 2';

/** Every setting of the policy the test creates, as the API must store it (none left at its default). */
const SETTINGS = {
  scheme: { type: 'weekly_full_daily_incremental', fullDay: 'fri' },
  schedule: {
    kind: 'fixed',
    period: 'weekly',
    timesOfDay: { mode: 'every', every: 1, unit: 'minutes', from: '00:00', to: '23:59' },
    weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    monthDays: [],
    months: Array.from({ length: 12 }, (_, i) => i + 1),
  },
  timeZone: 'Europe/Berlin',
  randomDelay: { enabled: false, minutes: 7 },
  maxParallelBackups: 5,
  runMissedLater: true,
  retention: { mode: 'rules', keepLast: 2, keepFor: null, backupSets: null, applyAt: 'after_backup' },
  sources: { paths: ['/', '/data'], skipPseudoFilesystems: true },
  fileFilters: { exclusionMasks: ['*.tmp'], inclusionMasks: ['*.txt'] },
  compression: 'high',
  fastBackup: false,
  validation: true,
  reattempts: { enabled: true, intervalMinutes: 2, maxAttempts: 3 },
  preCommand: { command: 'true', args: ['pre-backup'], workingDir: '/data', stopOnError: true, waitForFinish: true },
  // Its output stays in the agent's own log (the backup is committed by then), so it leaves a file to show it ran.
  postCommand: { command: 'touch', args: ['post-backup.marker'], workingDir: null, stopOnError: false, waitForFinish: false },
  archiveName: 'e2e-[Machine Name]-every-minute',
  backupWindow: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => true)),
};

type PolicyDto = { id: string; name: string; enabled: boolean; settings: unknown; instances: { id: string; nextRunAt: string | null }[] };
type BackupDto = { id: string; instanceId: string; status: string; archiveName: string; sources: string[]; operationId: string | null };
type OperationDto = { id: string; type: string; status: string; startedBy: string; target: { kind: string; id: string } };

/** The accessible names of the checked chips in a group, in the group's order. */
function checkedIn(group: Locator): Promise<(string | null)[]> {
  return group.getByRole('checkbox').evaluateAll((boxes) => boxes.filter((b) => (b as unknown as { checked: boolean }).checked).map((b) => b.getAttribute('aria-label')));
}

test('create a policy with every setting → it reads back in the editor → link two instances → a run every minute → retention keeps the last 2', async ({ page, host, signIn }) => {
  test.setTimeout(300_000);
  const second = new AgentHost();
  try {
    // What each instance holds: the masks keep keep.txt, drop scratch.tmp (excluded) and notes.md (not included).
    for (const h of [host, second]) {
      mkdirSync(path.join(h.root, 'data'));
      writeFileSync(path.join(h.root, 'data/keep.txt'), 'kept\n');
      writeFileSync(path.join(h.root, 'data/scratch.tmp'), 'excluded by *.tmp\n');
      writeFileSync(path.join(h.root, 'notes.md'), 'not included by *.txt\n');
    }

    await signIn(page);
    const vmId = await connectAgent(page.request, host, 'vm');
    const bmsId = await connectAgent(page.request, second, 'bms');
    const api = consoleApi(page.request);
    const hostName = (await api.get<{ name: string }>(`/folders/default/instances/${vmId}`)).name;

    await page.goto('/folders/default');
    await page.getByRole('link', { name: 'Policies', exact: true }).click();
    await page.getByRole('link', { name: 'Create policy' }).click();
    const form = page.getByRole('form', { name: 'Create policy' });
    const general = form.getByRole('region', { name: 'General' });
    const schedule = form.getByRole('region', { name: 'Schedule' });
    const retention = form.getByRole('region', { name: 'Retention', exact: true });
    const sources = form.getByRole('region', { name: 'Sources and filters' });
    const advanced = form.getByRole('region', { name: 'Advanced' });

    // General. Enabled stays on (the only value under which it runs); the scheme is not the default one.
    await general.getByRole('textbox', { name: 'Name' }).fill(NAME);
    await general.getByRole('checkbox', { name: 'Enabled' }).check();
    await general.getByRole('combobox', { name: 'Backup scheme' }).selectOption({ label: 'Weekly full, daily incremental' });
    await general.getByRole('combobox', { name: 'Weekly full backup day' }).selectOption({ label: 'Friday' });

    // Schedule: weekly on every weekday of every month, every minute from 00:00 to 23:59, in Berlin.
    await schedule.getByRole('combobox', { name: 'Period' }).selectOption('weekly');
    const weekdays = schedule.getByRole('group', { name: 'Weekdays' });
    await expect.poll(() => checkedIn(weekdays)).toEqual(['Monday']); // weekly starts on Monday
    for (const day of WEEKDAYS.slice(1)) await weekdays.getByRole('checkbox', { name: day }).check();
    await schedule.getByRole('radio', { name: 'Repeatedly within a time window' }).check();
    await schedule.getByRole('spinbutton', { name: 'Repeat every' }).fill('1');
    await schedule.getByRole('combobox', { name: 'Unit', exact: true }).selectOption('minutes');
    await schedule.getByRole('textbox', { name: 'From' }).fill('00:00');
    await schedule.getByRole('textbox', { name: 'To' }).fill('23:59');
    for (const month of MONTHS) await schedule.getByRole('group', { name: 'Months' }).getByRole('checkbox', { name: month }).check();
    const zone = schedule.getByRole('combobox', { name: 'Time zone' });
    await zone.click();
    await zone.fill('berlin');
    await page.getByRole('listbox', { name: 'Time zone' }).getByRole('option', { name: 'Europe/Berlin' }).click();
    await expect(zone).toHaveValue('Europe/Berlin');

    // Retention: delete by rules, keep the last 2, after the new backup.
    await retention.getByRole('radio', { name: 'Delete by rules' }).check();
    await retention.getByRole('spinbutton', { name: 'Number of backups to keep' }).fill('2');
    await retention.getByRole('radio', { name: 'Before the new backup starts' }).check();
    await retention.getByRole('radio', { name: 'After the new backup completes' }).check();

    // Sources and filters.
    await sources.getByRole('button', { name: 'Add path' }).click();
    await sources.getByRole('textbox', { name: 'Path 2' }).fill('/data');
    await expect(sources.getByRole('checkbox', { name: 'Skip pseudo file systems' })).toBeChecked();
    await sources.getByRole('button', { name: 'Add exclusion mask' }).click();
    await sources.getByRole('textbox', { name: 'Exclusion mask 1' }).fill('*.tmp');
    await sources.getByRole('button', { name: 'Add inclusion mask' }).click();
    await sources.getByRole('textbox', { name: 'Inclusion mask 1' }).fill('*.txt');

    // Advanced: data, runs, commands, archive name and window.
    await advanced.getByRole('combobox', { name: 'Compression' }).selectOption({ label: 'High' });
    await advanced.getByRole('checkbox', { name: 'Fast backup' }).uncheck();
    await advanced.getByRole('checkbox', { name: 'Validation' }).check();
    await advanced.getByRole('spinbutton', { name: 'Reattempt interval (minutes)' }).fill('2');
    await advanced.getByRole('spinbutton', { name: 'Max attempts' }).fill('3');
    await advanced.getByRole('spinbutton', { name: 'Random delay (minutes)' }).fill('7');
    // Off, so every run starts at its minute.
    await advanced.getByRole('checkbox', { name: 'Random start delay' }).uncheck();
    await expect(advanced.getByRole('spinbutton', { name: 'Random delay (minutes)' })).toBeDisabled();
    await advanced.getByRole('spinbutton', { name: 'Max parallel backups' }).fill('5');
    await expect(advanced.getByRole('checkbox', { name: 'Run missed backups later' })).toBeChecked();

    await advanced.getByRole('button', { name: 'Add pre-backup command' }).click();
    const pre = advanced.getByRole('group', { name: 'Pre-backup command' });
    await pre.getByRole('textbox', { name: 'Command' }).fill('true');
    await pre.getByRole('button', { name: 'Add argument' }).click();
    await pre.getByRole('textbox', { name: 'Argument 1' }).fill('pre-backup');
    await pre.getByRole('textbox', { name: 'Working directory' }).fill('/data');
    await advanced.getByRole('button', { name: 'Add post-backup command' }).click();
    const post = advanced.getByRole('group', { name: 'Post-backup command' });
    await post.getByRole('textbox', { name: 'Command' }).fill('touch');
    await post.getByRole('button', { name: 'Add argument' }).click();
    await post.getByRole('textbox', { name: 'Argument 1' }).fill('post-backup.marker');
    await post.getByRole('checkbox', { name: 'Stop on error' }).uncheck();
    await post.getByRole('checkbox', { name: 'Wait for finish' }).uncheck();

    // The archive name: a variable inserted at the cursor, then text after it (it must not end with one).
    const archive = advanced.getByRole('textbox', { name: 'Archive name' });
    await archive.fill('e2e-');
    await advanced.getByRole('button', { name: 'Insert [Machine Name]' }).click();
    await archive.press('End');
    await archive.pressSequentially('-every-minute');
    await expect(archive).toHaveValue('e2e-[Machine Name]-every-minute');

    await advanced.getByRole('radio', { name: 'Only in chosen hours' }).check();
    const grid = advanced.getByRole('grid', { name: 'Allowed start hours' });
    await advanced.getByRole('button', { name: 'Block all hours' }).click();
    await expect(grid.locator('button[aria-pressed="true"]')).toHaveCount(0);
    await advanced.getByRole('button', { name: 'Allow all hours' }).click();
    await expect(grid.locator('button[aria-pressed="true"]')).toHaveCount(7 * 24);

    await form.getByRole('button', { name: 'Save policy' }).click();
    await expect(page).toHaveURL(/\/folders\/default\/policies\/[^/]+$/);
    await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
    const policyId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // Stored exactly as entered.
    const created = await api.get<PolicyDto>(`/folders/default/policies/${policyId}`);
    expect(created).toMatchObject({ name: NAME, enabled: true, instances: [] });
    expect(created.settings).toEqual(SETTINGS);

    // Every value reads back in the editor.
    await page.getByRole('link', { name: 'Edit policy' }).click();
    const edit = page.getByRole('form', { name: `Edit ${NAME}` });
    const g = edit.getByRole('region', { name: 'General' });
    await expect(g.getByRole('textbox', { name: 'Name' })).toHaveValue(NAME);
    await expect(g.getByRole('checkbox', { name: 'Enabled' })).toBeChecked();
    await expect(g.getByRole('combobox', { name: 'Backup scheme' })).toHaveValue('weekly_full_daily_incremental');
    await expect(g.getByRole('combobox', { name: 'Backup scheme' })).toBeDisabled();
    await expect(g.getByRole('combobox', { name: 'Weekly full backup day' })).toHaveValue('fri');

    const s = edit.getByRole('region', { name: 'Schedule' });
    await expect(s.getByRole('radio', { name: 'Fixed times' })).toBeChecked();
    await expect(s.getByRole('combobox', { name: 'Period' })).toHaveValue('weekly');
    await expect(s.getByRole('radio', { name: 'Repeatedly within a time window' })).toBeChecked();
    await expect(s.getByRole('spinbutton', { name: 'Repeat every' })).toHaveValue('1');
    await expect(s.getByRole('combobox', { name: 'Unit', exact: true })).toHaveValue('minutes');
    await expect(s.getByRole('textbox', { name: 'From' })).toHaveValue('00:00');
    await expect(s.getByRole('textbox', { name: 'To' })).toHaveValue('23:59');
    expect(await checkedIn(s.getByRole('group', { name: 'Weekdays' }))).toEqual(WEEKDAYS);
    expect(await checkedIn(s.getByRole('group', { name: 'Days of the month' }))).toEqual([]);
    expect(await checkedIn(s.getByRole('group', { name: 'Months' }))).toEqual(MONTHS);
    await expect(s.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Berlin');

    const r = edit.getByRole('region', { name: 'Retention', exact: true });
    await expect(r.getByRole('radio', { name: 'Delete by rules' })).toBeChecked();
    await expect(r.getByRole('checkbox', { name: 'Keep last' })).toBeChecked();
    await expect(r.getByRole('spinbutton', { name: 'Number of backups to keep' })).toHaveValue('2');
    await expect(r.getByRole('checkbox', { name: 'Keep for' })).not.toBeChecked();
    await expect(r.getByRole('checkbox', { name: 'Keep backup sets' })).not.toBeChecked();
    await expect(r.getByRole('radio', { name: 'After the new backup completes' })).toBeChecked();

    const src = edit.getByRole('region', { name: 'Sources and filters' });
    await expect(src.getByRole('textbox', { name: /^Path \d+$/ })).toHaveCount(2);
    await expect(src.getByRole('textbox', { name: 'Path 1' })).toHaveValue('/');
    await expect(src.getByRole('textbox', { name: 'Path 2' })).toHaveValue('/data');
    await expect(src.getByRole('checkbox', { name: 'Skip pseudo file systems' })).toBeChecked();
    await expect(src.getByRole('textbox', { name: /^Exclusion mask \d+$/ })).toHaveCount(1);
    await expect(src.getByRole('textbox', { name: 'Exclusion mask 1' })).toHaveValue('*.tmp');
    await expect(src.getByRole('textbox', { name: /^Inclusion mask \d+$/ })).toHaveCount(1);
    await expect(src.getByRole('textbox', { name: 'Inclusion mask 1' })).toHaveValue('*.txt');

    const a = edit.getByRole('region', { name: 'Advanced' });
    await expect(a.getByRole('combobox', { name: 'Compression' })).toHaveValue('high');
    await expect(a.getByRole('combobox', { name: 'Compression' })).toBeDisabled();
    await expect(a.getByRole('checkbox', { name: 'Fast backup' })).not.toBeChecked();
    await expect(a.getByRole('checkbox', { name: 'Validation' })).toBeChecked();
    await expect(a.getByRole('checkbox', { name: 'Reattempts' })).toBeChecked();
    await expect(a.getByRole('spinbutton', { name: 'Reattempt interval (minutes)' })).toHaveValue('2');
    await expect(a.getByRole('spinbutton', { name: 'Max attempts' })).toHaveValue('3');
    await expect(a.getByRole('checkbox', { name: 'Random start delay' })).not.toBeChecked();
    await expect(a.getByRole('spinbutton', { name: 'Random delay (minutes)' })).toHaveValue('7');
    await expect(a.getByRole('spinbutton', { name: 'Max parallel backups' })).toHaveValue('5');
    await expect(a.getByRole('checkbox', { name: 'Run missed backups later' })).toBeChecked();
    const editPre = a.getByRole('group', { name: 'Pre-backup command' });
    await expect(editPre.getByRole('textbox', { name: 'Command' })).toHaveValue('true');
    await expect(editPre.getByRole('textbox', { name: /^Argument \d+$/ })).toHaveCount(1);
    await expect(editPre.getByRole('textbox', { name: 'Argument 1' })).toHaveValue('pre-backup');
    await expect(editPre.getByRole('textbox', { name: 'Working directory' })).toHaveValue('/data');
    await expect(editPre.getByRole('checkbox', { name: 'Stop on error' })).toBeChecked();
    await expect(editPre.getByRole('checkbox', { name: 'Wait for finish' })).toBeChecked();
    const editPost = a.getByRole('group', { name: 'Post-backup command' });
    await expect(editPost.getByRole('textbox', { name: 'Command' })).toHaveValue('touch');
    await expect(editPost.getByRole('textbox', { name: /^Argument \d+$/ })).toHaveCount(1);
    await expect(editPost.getByRole('textbox', { name: 'Argument 1' })).toHaveValue('post-backup.marker');
    await expect(editPost.getByRole('textbox', { name: 'Working directory' })).toHaveValue('');
    await expect(editPost.getByRole('checkbox', { name: 'Stop on error' })).not.toBeChecked();
    await expect(editPost.getByRole('checkbox', { name: 'Wait for finish' })).not.toBeChecked();
    await expect(a.getByRole('textbox', { name: 'Archive name' })).toHaveValue('e2e-[Machine Name]-every-minute');
    await expect(a.getByRole('radio', { name: 'Only in chosen hours' })).toBeChecked();
    const editGrid = a.getByRole('grid', { name: 'Allowed start hours' });
    await expect(editGrid.locator('button[aria-pressed="true"]')).toHaveCount(7 * 24);
    await expect(editGrid.locator('button[aria-pressed="false"]')).toHaveCount(0);

    // Nothing changed, so Cancel leaves at once.
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(new RegExp(`/policies/${policyId}$`));

    // Link both instances through the wizard: search, pick each, review, link.
    const linked = page.getByRole('region', { name: 'Linked instances' });
    await linked.getByRole('button', { name: 'Link instances' }).click();
    const dialog = page.getByRole('dialog', { name: `Link instances to ${NAME}` });
    const search = dialog.getByRole('searchbox', { name: 'Search instances' });
    await search.fill('no such instance');
    await expect(dialog.getByText('Nothing matches')).toBeVisible();
    await search.fill(hostName);
    const picker = dialog.getByRole('table', { name: 'Instances' });
    // Both agents run on this machine, so both instances have its host name; the kind tells them apart.
    await picker.getByRole('row').filter({ hasText: 'Virtual machine' }).getByRole('checkbox', { name: `Select ${hostName}` }).check();
    await picker.getByRole('row').filter({ hasText: 'Bare-metal server' }).getByRole('checkbox', { name: `Select ${hostName}` }).check();
    await expect(dialog.getByRole('status').filter({ hasText: 'selected' })).toHaveText('2 selected');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect(dialog.getByRole('list', { name: 'Instances to link' }).getByRole('listitem')).toHaveCount(2);
    await dialog.getByRole('button', { name: 'Link selected' }).click();
    await expect(dialog).toBeHidden();
    await expect(linked.getByRole('table', { name: 'Linked instances' }).getByRole('row')).toHaveCount(3); // header + 2

    // Both are linked, each with its next run at the coming minute.
    await expect
      .poll(async () => {
        const p = await api.get<PolicyDto>(`/folders/default/policies/${policyId}`);
        return p.instances.map((i) => ({ id: i.id, soon: i.nextRunAt !== null && Date.parse(i.nextRunAt) - Date.now() <= 61_000 })).sort((x, y) => (x.id < y.id ? -1 : 1));
      })
      .toEqual([vmId, bmsId].sort().map((id) => ({ id, soon: true })));

    // A scheduled backup of each instance starts within a minute (at the next whole minute).
    const backupsOf = async (instanceId?: string, status?: string) =>
      (
        await api.get<{ items: BackupDto[]; total: number }>(
          `/folders/default/backups?policyId=${policyId}&limit=100${instanceId ? `&instanceId=${instanceId}` : ''}${status ? `&status=${status}` : ''}`,
        )
      ).items;
    let firstRuns: BackupDto[] = [];
    await expect
      .poll(async () => [...new Set((firstRuns = await backupsOf()).map((b) => b.instanceId))].sort(), { timeout: 75_000, intervals: [1_000] })
      .toEqual([vmId, bmsId].sort());

    // Each instance gets three successful scheduled runs (one a minute); the third one's retention pass
    // deletes the first backup.
    const scheduledSucceeded = async (instanceId: string) =>
      (await api.get<{ items: OperationDto[] }>(`/folders/default/operations?type=backup&targetId=${instanceId}&limit=100`)).items.filter(
        (op) => op.startedBy === 'scheduler' && op.status === 'succeeded',
      ).length;
    await expect
      .poll(async () => Math.min(await scheduledSucceeded(vmId), await scheduledSucceeded(bmsId)), { timeout: 170_000, intervals: [2_000] })
      .toBeGreaterThanOrEqual(3);
    const retentionOps = async () =>
      (await api.get<{ items: OperationDto[] }>('/folders/default/operations?type=retention&limit=100')).items.filter(
        (op) => op.target.kind === 'policy' && op.target.id === policyId,
      );
    // One pass per instance's archive, each finished (its garbage collection included).
    await expect.poll(async () => (await retentionOps()).filter((op) => op.status === 'succeeded').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    for (const instanceId of [vmId, bmsId]) {
      const completed = await backupsOf(instanceId, 'completed');
      expect(completed, `completed backups of ${instanceId}`).toHaveLength(2);
      const first = firstRuns.find((b) => b.instanceId === instanceId)!;
      expect(completed.map((b) => b.id)).not.toContain(first.id);
      // Nothing but the two kept ones and at most the next run, still going.
      expect((await backupsOf(instanceId)).filter((b) => b.status !== 'completed').every((b) => b.status === 'running')).toBe(true);

      // The backups follow the policy: archive name, sources, masks, the pre-command.
      const kept = completed[0]!;
      expect(kept.archiveName).toBe(`e2e-${hostName}-every-minute`);
      expect(kept.sources).toEqual(['/', '/data']);
      const catalog = async (dir: string) =>
        (await api.get<{ entries: { path: string }[] }>(`/folders/default/backups/${kept.id}/catalog?path=${encodeURIComponent(dir)}&limit=1000`)).entries.map((e) => e.path).sort();
      expect(await catalog('/')).toEqual(['/data']);
      expect(await catalog('/data')).toEqual(['/data/keep.txt']);
      const op = await api.get<{ log: { message: string }[] }>(`/folders/default/operations/${kept.operationId}`);
      const log = op.log.map((l) => l.message).join('\n');
      expect(log).toContain('true pre-backup finished with exit code 0');
    }
    // The post-command ran in each agent's root (its default working folder); the masks keep its file out.
    for (const h of [host, second]) expect(existsSync(path.join(h.root, 'post-backup.marker'))).toBe(true);
  } finally {
    await second.dispose();
  }
});
