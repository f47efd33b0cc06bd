import { POLICY_NAME_MAX, PolicyInput, type PolicySettings } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, policy, routeFetch } from '../../../test/fixtures';
import { newPolicyValues, policyFormErrorMap, type PolicyFormValues } from './policy-form.schema';
import { api, describedText, findForm, renderEditor } from './policy-form.test-utils';

/*
 * Bad input in the policy editor: each case ends with a message at the field concerned and no write request.
 * Where the control itself makes a value impossible to enter (a month day of 32, an unknown time zone), the
 * test shows that the control prevents it, and checks the schema's message through the form's own resolver.
 */

const fetchMock = vi.fn<typeof fetch>();
/** Every request the form sent that would change something ("POST /api/v1/…"). */
let writes: string[] = [];

function serve(routes: Parameters<typeof routeFetch>[0]) {
  const route = routeFetch(routes);
  fetchMock.mockImplementation((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    if (method !== 'GET') writes.push(`${method} ${url}`);
    return route(input, init);
  });
}

const savedOk = (init: RequestInit | undefined) => {
  const body = JSON.parse(String(init?.body)) as PolicyInput;
  return json(201, policy({ id: 'pol_new', name: body.name, settings: body.settings }));
};

beforeEach(() => {
  writes = [];
  vi.stubGlobal('fetch', fetchMock);
  serve({ [`POST ${api}/policies`]: savedOk, [`PUT ${api}/policies/pol_1`]: savedOk });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  fetchMock.mockReset();
});

/** The field errors the form's resolver (the domain schema with the form's wording) gives for `values`. */
async function formErrors(values: PolicyFormValues): Promise<unknown> {
  const resolver = zodResolver(PolicyInput, { error: policyFormErrorMap });
  const { errors } = await resolver(values, undefined, { fields: {}, shouldUseNativeValidation: false });
  // Drop the refs react-hook-form adds, keeping message and type.
  return JSON.parse(JSON.stringify(errors)) as unknown;
}

function withSchedule(schedule: Partial<Extract<PolicySettings['schedule'], { kind: 'fixed' }>>): PolicyFormValues {
  const base = newPolicyValues();
  if (base.settings.schedule.kind !== 'fixed') throw new Error('A new policy starts with a fixed schedule');
  return { ...base, name: 'Nightly', settings: { ...base.settings, schedule: { ...base.settings.schedule, ...schedule } } };
}

const change = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });

/** Opens the create form with a valid name, so the only problem is the one each test makes. */
async function createForm(): Promise<HTMLElement> {
  renderEditor('/folders/default/policies/new');
  const form = await findForm('Create policy');
  change(within(form).getByRole('textbox', { name: 'Name' }), 'Nightly');
  return form;
}

/** Clicks Save and waits for the form to report that it refused. */
async function saveRefused(form: HTMLElement): Promise<void> {
  fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
  expect(await screen.findByText('Some settings need attention; see the messages at the fields.')).toBeTruthy();
}

describe('<PolicyForm> bad input', () => {
  it('refuses a fixed schedule with no times of day', async () => {
    const form = await createForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Remove time of day 1' }));
    const times = within(form).getByRole('group', { name: 'Times of day' });
    expect(within(times).queryAllByRole('textbox')).toHaveLength(0);

    await saveRefused(form);
    expect(within(times).getByText('Add at least one entry')).toBeTruthy();
    expect(writes).toEqual([]);
  });

  it('offers no month day after 31; the schema the form checks with refuses 32', async () => {
    const form = await createForm();
    const days = within(form).getByRole('group', { name: 'Days of the month' });
    const names = within(days)
      .getAllByRole('checkbox')
      .map((c) => c.getAttribute('aria-label'));
    expect(names).toEqual([...Array.from({ length: 31 }, (_, i) => `Day ${i + 1}`), 'Last day of the month']);
    // Every day there is, plus Last, is still a valid schedule: the chips cannot make a bad one.
    for (const chip of within(days).getAllByRole('checkbox')) fireEvent.click(chip);
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(writes).toEqual([`POST ${api}/policies`]));

    // No control can enter 32, and a stored policy holding it never reaches the form (the console refuses
    // the response), so the message is checked where the form gets it: its resolver.
    expect(await formErrors(withSchedule({ monthDays: [32] }))).toEqual({ settings: { schedule: { monthDays: [{ type: 'too_big', message: 'Must be at most 31' }] } } });
  });

  it('refuses keeping the last 0 backups', async () => {
    const form = await createForm();
    const keepLast = within(form).getByRole('spinbutton', { name: 'Number of backups to keep' });
    change(keepLast, '0');

    await saveRefused(form);
    expect(keepLast.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(keepLast)).toContain('Must be at least 1');
    expect(writes).toEqual([]);
  });

  it('keeps an unknown time zone out of the picker; the schema the form checks with refuses it', async () => {
    const form = await createForm();
    const zone = within(form).getByRole('combobox', { name: 'Time zone' }) as HTMLInputElement;
    fireEvent.focus(zone);
    change(zone, 'Mars/Olympus_Mons');
    expect(screen.getByText('No matches')).toBeTruthy();
    fireEvent.blur(zone);
    // What was typed was only a query: the field keeps the zone it had, and that one saves.
    expect(zone.value).toBe('UTC');
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(writes).toEqual([`POST ${api}/policies`]));

    // The picker only commits zones this browser knows (a stored policy's zone the browser lacks is kept
    // as it is, see unknown-time-zone.test.tsx), so the message is checked at the resolver.
    const base = newPolicyValues();
    expect(await formErrors({ ...base, name: 'Nightly', settings: { ...base.settings, timeZone: 'Mars/Olympus_Mons' } })).toEqual({
      settings: { timeZone: { type: 'custom', message: 'Unknown IANA time zone' } },
    });
  });

  it('refuses a name of 51 characters', async () => {
    const form = await createForm();
    const name = within(form).getByRole('textbox', { name: 'Name' }) as HTMLInputElement;
    // Typing stops at the limit; a value set by script or autofill is not held to maxlength, so the schema checks too.
    expect(name.maxLength).toBe(POLICY_NAME_MAX);
    change(name, 'n'.repeat(POLICY_NAME_MAX + 1));

    await saveRefused(form);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(name)).toContain(`At most ${POLICY_NAME_MAX} characters`);
    expect(writes).toEqual([]);
  });

  it('shows the server’s duplicate-name message at the Name field', async () => {
    serve({
      [`POST ${api}/policies`]: () =>
        json(409, { error: { code: 'conflict', message: 'The policy was not saved', fields: { name: 'A policy named Nightly already exists in this folder' } } }),
    });
    const form = await createForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));

    const name = within(form).getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(describedText(name)).toContain('A policy named Nightly already exists in this folder'));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(name);
    expect(writes).toEqual([`POST ${api}/policies`]);
  });
});
