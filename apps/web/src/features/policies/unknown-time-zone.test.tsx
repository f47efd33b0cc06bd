import type { PolicyInput } from '@cloud-backup/domain';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { displayZone } from '../../lib/time-zone';
import { PolicyRoute } from '../../routes/policies.route';
import { json, linkedInstance, policy, routeFetch } from '../../test/fixtures';
import { renderRouter } from '../../test/render-router';
import { formatRunTime } from './forms/next-runs-preview';
import { api, describedText, findForm, renderEditor } from './forms/policy-form.test-utils';

// A zone name this Intl does not know, standing in for a real IANA zone missing from a browser's older
// zone database (the server, with a complete one, accepted it).
const UNKNOWN = 'America/Atlantis_Test';
const saved = policy({ settings: { ...policy().settings, timeZone: UNKNOWN }, instances: [linkedInstance()] });
const folder = { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' };
let puts: PolicyInput[] = [];

beforeEach(() => {
  puts = [];
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(
      routeFetch({
        [`GET ${api}`]: () => json(200, folder),
        [`GET ${api}/policies/pol_1`]: () => json(200, saved),
        [`GET ${api}/backups`]: () => json(200, { items: [], total: 0 }),
        [`GET ${api}/instances`]: () => json(200, { items: [] }),
        [`POST ${api}/policies/pol_1/retention-preview`]: () => json(200, { instances: [] }),
        [`PUT ${api}/policies/pol_1`]: (init) => {
          const body = JSON.parse(String(init?.body)) as PolicyInput;
          puts.push(body);
          return json(200, { ...saved, name: body.name, settings: body.settings });
        },
      }),
    ),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a time zone unknown to the browser', () => {
  it('is the premise: this Intl really throws for it', () => {
    expect(() => new Intl.DateTimeFormat('en-US', { timeZone: UNKNOWN })).toThrow(RangeError);
  });

  it('formats in UTC instead of throwing; known zones are kept', () => {
    expect(displayZone('Europe/Paris')).toEqual({ zone: 'Europe/Paris', known: true });
    expect(displayZone(UNKNOWN)).toEqual({ zone: 'UTC', known: false });
    const at = new Date('2025-06-05T03:00:00.000Z');
    expect(formatRunTime(at, UNKNOWN)).toBe(formatRunTime(at, 'UTC'));
    expect(formatRunTime(at, 'Asia/Tokyo')).not.toBe(formatRunTime(at, 'UTC'));
  });

  it('the policy page still loads and names the zone', async () => {
    const router = createMemoryRouter([{ path: '/folders/:folderId/policies/:policyId', element: <PolicyRoute /> }], {
      initialEntries: ['/folders/default/policies/pol_1'],
    });
    renderRouter(router);
    expect(await screen.findByRole('heading', { name: 'Default daily', level: 1 })).toBeTruthy();
    expect(screen.getAllByText(new RegExp(UNKNOWN)).length).toBeGreaterThan(0);
    expect(screen.queryByText(/does not understand/)).toBeNull();
  });

  it('the editor previews the next runs in UTC with a note, and saves the zone unchanged', async () => {
    const router = renderEditor('/folders/default/policies/pol_1/edit');
    const form = await findForm('Edit Default daily');
    const table = screen.getByRole('table', { name: 'Next runs' });
    expect(within(table).getByRole('columnheader', { name: 'Policy time (UTC)' })).toBeTruthy();
    // Daily at 03:00 on the UTC clock, from Wednesday 4 June 2025 12:00 UTC.
    expect(within(table).getAllByRole('row')[1]!.querySelector('time')?.getAttribute('datetime')).toBe('2025-06-05T03:00:00.000Z');
    expect(screen.getByRole('note').textContent).toContain(`does not know the time zone “${UNKNOWN}”, so times here are in UTC`);
    expect(describedText(within(form).getByRole('combobox', { name: 'Time zone' }))).toContain('times here are in UTC');

    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Nightly' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/policies/pol_1'));
    expect(puts).toHaveLength(1);
    expect(puts[0]!.settings.timeZone).toBe(UNKNOWN);
  });

  it('choosing a zone the browser knows brings the preview back to that zone', async () => {
    renderEditor('/folders/default/policies/pol_1/edit');
    const form = await findForm('Edit Default daily');
    const zone = within(form).getByRole('combobox', { name: 'Time zone' });
    fireEvent.focus(zone);
    fireEvent.change(zone, { target: { value: 'Berlin' } });
    fireEvent.click(within(screen.getByRole('listbox', { name: 'Time zone' })).getByRole('option', { name: 'Europe/Berlin' }));
    const table = screen.getByRole('table', { name: 'Next runs' });
    expect(within(table).getByRole('columnheader', { name: 'Policy time (Europe/Berlin)' })).toBeTruthy();
    // 03:00 in Berlin (summer time) is 01:00 UTC.
    expect(within(table).getAllByRole('row')[1]!.querySelector('time')?.getAttribute('datetime')).toBe('2025-06-05T01:00:00.000Z');
    expect(screen.queryByRole('note')).toBeNull();
    expect(describedText(zone)).not.toContain('times here are in UTC');
  });
});
