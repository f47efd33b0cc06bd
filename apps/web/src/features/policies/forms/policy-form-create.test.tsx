import { defaultPolicies, PolicyInput } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, policy, routeFetch } from '../../../test/fixtures';
import { api, describedText, findForm, renderEditor } from './policy-form.test-utils';

const fetchMock = vi.fn<typeof fetch>();
let posted: unknown[] = [];

beforeEach(() => {
  posted = [];
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(
    routeFetch({
      [`POST ${api}/policies`]: (init) => {
        const body = JSON.parse(String(init?.body)) as PolicyInput;
        posted.push(body);
        return json(201, policy({ id: 'pol_new', name: body.name, settings: body.settings }));
      },
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const change = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });

describe('<PolicyForm> create', () => {
  it('shows invalid input at the field and sends nothing', async () => {
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    change(within(form).getByRole('textbox', { name: 'Time of day 1' }), '25:00');
    change(within(form).getByRole('textbox', { name: 'Archive name' }), 'backup-[Machine Name]');
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));

    const name = within(form).getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(name)).toContain('Enter a name');
    expect(describedText(within(form).getByRole('textbox', { name: 'Time of day 1' }))).toContain('Use HH:MM (00:00–23:59)');
    expect(describedText(within(form).getByRole('textbox', { name: 'Archive name' }))).toContain('Must not end with a variable');
    expect(screen.getByText('Some settings need attention; see the messages at the fields.')).toBeTruthy();
    expect(posted).toEqual([]);
  });

  it('posts exactly the form’s values as a PolicyInput and opens the new policy', async () => {
    const router = renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    change(within(form).getByRole('textbox', { name: 'Name' }), 'Nightly');
    change(within(form).getByRole('combobox', { name: 'Backup scheme' }), 'weekly_full_daily_incremental');
    change(within(form).getByRole('combobox', { name: 'Weekly full backup day' }), 'sun');
    fireEvent.click(within(form).getByRole('button', { name: 'Add time' }));
    change(within(form).getByRole('textbox', { name: 'Time of day 2' }), '15:30');
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Saturday' }));

    const zone = within(form).getByRole('combobox', { name: 'Time zone' });
    fireEvent.focus(zone);
    change(zone, 'berlin');
    fireEvent.click(within(screen.getByRole('listbox', { name: 'Time zone' })).getByRole('option', { name: 'Europe/Berlin' }));

    change(within(form).getByRole('spinbutton', { name: 'Number of backups to keep' }), '30');
    fireEvent.click(within(form).getByRole('button', { name: 'Add path' }));
    change(within(form).getByRole('textbox', { name: 'Path 2' }), '/home');
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Validation' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add pre-backup command' }));
    const pre = within(form).getByRole('group', { name: 'Pre-backup command' });
    change(within(pre).getByRole('textbox', { name: 'Command' }), '/usr/bin/sync');
    fireEvent.click(within(form).getByRole('radio', { name: 'Only in chosen hours' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Monday 03:00–04:00' }));

    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/policies/pol_new'));

    const defaults = defaultPolicies()[0]!.settings;
    const window = Array.from({ length: 7 }, (_, day) => Array.from({ length: 24 }, (_, hour) => !(day === 0 && hour === 3)));
    const expected: PolicyInput = {
      name: 'Nightly',
      enabled: true,
      settings: {
        ...defaults,
        scheme: { type: 'weekly_full_daily_incremental', fullDay: 'sun' },
        schedule: { kind: 'fixed', period: 'daily', timesOfDay: { mode: 'at', times: ['03:00', '15:30'] }, weekdays: ['sat'], monthDays: [], months: [] },
        timeZone: 'Europe/Berlin',
        retention: { mode: 'rules', keepLast: 30, keepFor: null, backupSets: null, applyAt: 'after_backup' },
        sources: { paths: ['/', '/home'], skipPseudoFilesystems: true },
        validation: true,
        preCommand: { command: '/usr/bin/sync', args: [], workingDir: null, stopOnError: true, waitForFinish: true },
        backupWindow: window,
      },
    };
    expect(posted).toEqual([expected]);
    expect(PolicyInput.parse(posted[0])).toEqual(posted[0]);
  });

  it('puts the server’s field messages on the fields they name', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        [`POST ${api}/policies`]: () =>
          json(400, {
            error: {
              code: 'validation_failed',
              message: 'Some settings are not valid',
              fields: { 'settings.schedule.timesOfDay.times.0': 'Times of day must differ', 'settings.sources.paths.0': 'Outside the agent root' },
            },
          }),
      }),
    );
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    change(within(form).getByRole('textbox', { name: 'Name' }), 'Nightly');
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The policy was not saved');
    expect(alert.textContent).toContain('Some settings are not valid');
    expect(describedText(within(form).getByRole('textbox', { name: 'Time of day 1' }))).toContain('Times of day must differ');
    expect(describedText(within(form).getByRole('textbox', { name: 'Path 1' }))).toContain('Outside the agent root');
  });

  it('shows a taken name at the name field', async () => {
    fetchMock.mockImplementation(
      routeFetch({ [`POST ${api}/policies`]: () => json(409, { error: { code: 'conflict', message: 'A policy named Nightly already exists' } }) }),
    );
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    const name = within(form).getByRole('textbox', { name: 'Name' });
    change(name, 'Nightly');
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(describedText(name)).toContain('A policy named Nightly already exists'));
  });

  it('asks before discarding changes, and leaves at once when there are none', async () => {
    const router = renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    change(within(form).getByRole('textbox', { name: 'Name' }), 'Nightly');
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    const dialog = screen.getByRole('dialog', { name: 'Discard your changes?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(router.state.location.pathname).toBe('/folders/default/policies/new');

    change(within(form).getByRole('textbox', { name: 'Name' }), '');
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/policies'));
  });
});
