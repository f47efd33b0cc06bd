import type { PolicyInput } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, policy, routeFetch } from '../../../test/fixtures';
import { api, findForm, renderEditor } from './policy-form.test-utils';

let posted: PolicyInput[] = [];

beforeEach(() => {
  posted = [];
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(
      routeFetch({
        [`POST ${api}/policies`]: (init) => {
          const body = JSON.parse(String(init?.body)) as PolicyInput;
          posted.push(body);
          return json(201, policy({ id: 'pol_new', name: body.name, settings: body.settings }));
        },
      }),
    ),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const change = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });

async function save(form: HTMLElement): Promise<PolicyInput> {
  fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
  await waitFor(() => expect(posted).toHaveLength(1));
  return posted[0]!;
}

describe('<PolicyForm> settings with several shapes', () => {
  it('switches the schedule to an interval and the retention rules on and off', async () => {
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    change(within(form).getByRole('textbox', { name: 'Name' }), 'Every 6 hours');
    fireEvent.click(within(form).getByRole('radio', { name: 'Interval between backups' }));
    change(within(form).getByRole('spinbutton', { name: 'Repeat every' }), '6');
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Keep last' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Keep for' }));
    change(within(form).getByRole('spinbutton', { name: 'Keep for how long' }), '2');
    change(within(form).getByRole('combobox', { name: 'Keep for unit' }), 'weeks');
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Keep backup sets' }));
    change(within(form).getByRole('spinbutton', { name: 'Daily' }), '');
    change(within(form).getByRole('spinbutton', { name: 'Hourly' }), '24');
    fireEvent.click(within(form).getByRole('radio', { name: 'Before the new backup starts' }));
    change(within(form).getByRole('spinbutton', { name: 'Max parallel backups' }), '3');

    const body = await save(form);
    expect(body.settings.schedule).toEqual({ kind: 'interval', every: 6, unit: 'hours' });
    expect(body.settings.retention).toEqual({
      mode: 'rules',
      keepLast: null,
      keepFor: { value: 2, unit: 'weeks' },
      backupSets: { hourly: 24, daily: null, weekly: 4, monthly: 12 },
      applyAt: 'before_backup',
    });
    expect(body.settings.maxParallelBackups).toBe(3);
  });

  it('uses every-N-minutes windows, month days with the last day, and months', async () => {
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    change(within(form).getByRole('textbox', { name: 'Name' }), 'Month ends');
    change(within(form).getByRole('combobox', { name: 'Period' }), 'monthly');
    fireEvent.click(within(form).getByRole('radio', { name: 'Repeatedly within a time window' }));
    change(within(form).getByRole('spinbutton', { name: 'Repeat every' }), '30');
    change(within(form).getByRole('combobox', { name: 'Unit' }), 'minutes');
    change(within(form).getByRole('textbox', { name: 'From' }), '22:00');
    const days = within(form).getByRole('group', { name: 'Days of the month' });
    fireEvent.click(within(days).getByRole('checkbox', { name: 'Last day of the month' }));
    fireEvent.click(within(days).getByRole('checkbox', { name: 'Day 15' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'December' }));

    const body = await save(form);
    expect(body.settings.schedule).toEqual({
      kind: 'fixed',
      period: 'monthly',
      timesOfDay: { mode: 'every', every: 30, unit: 'minutes', from: '22:00', to: '23:59' },
      weekdays: [],
      // Monthly starts on day 1; the chips keep calendar order.
      monthDays: [1, 15, 'last'],
      months: [12],
    });
  });

  it('refuses an empty number with a message at the field', async () => {
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    const delay = within(form).getByRole('spinbutton', { name: 'Random delay (minutes)' });
    change(delay, '');
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(delay.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Enter a whole number')).toBeTruthy();
  });

  it('inserts an archive name variable at the cursor and removes a command', async () => {
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    change(within(form).getByRole('textbox', { name: 'Name' }), 'Named');
    const archive = within(form).getByRole('textbox', { name: 'Archive name' }) as HTMLInputElement;
    change(archive, 'db--A');
    archive.setSelectionRange(3, 3);
    fireEvent.click(within(form).getByRole('button', { name: 'Insert [Policy Name]' }));
    expect(archive.value).toBe('db-[Policy Name]-A');

    fireEvent.click(within(form).getByRole('button', { name: 'Add post-backup command' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Remove post-backup command' }));
    const body = await save(form);
    expect(body.settings.archiveName).toBe('db-[Policy Name]-A');
    expect(body.settings.postCommand).toBeNull();
  });
});
