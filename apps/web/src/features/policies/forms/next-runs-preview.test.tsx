import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, routeFetch } from '../../../test/fixtures';
import { findForm, renderEditor } from './policy-form.test-utils';

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn<typeof fetch>(routeFetch({ 'GET /never': () => json(404, {}) })));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function runTypes(): string[] {
  const table = screen.getByRole('table', { name: 'Next runs' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]?.textContent ?? '');
}

describe('<NextRunsPreview>', () => {
  it('lists the next 10 runs of a weekly-full scheme with their types, live as the form changes', async () => {
    renderEditor('/folders/default/policies/new');
    const form = await findForm('Create policy');
    fireEvent.change(within(form).getByRole('combobox', { name: 'Backup scheme' }), { target: { value: 'weekly_full_daily_incremental' } });

    // From Wednesday 4 June 2025 12:00 UTC, daily at 03:00 UTC: Thursday 5 June to Saturday 14 June.
    // The first backup is full (nothing to be incremental to), then Monday 9 June is the weekly full.
    expect(runTypes()).toEqual(['Full', 'Incremental', 'Incremental', 'Incremental', 'Full', 'Incremental', 'Incremental', 'Incremental', 'Incremental', 'Incremental']);
    const table = screen.getByRole('table', { name: 'Next runs' });
    const first = within(table).getAllByRole('row')[1]!;
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe('2025-06-05T03:00:00.000Z');
    expect(within(table).getByRole('columnheader', { name: 'Policy time (UTC)' })).toBeTruthy();
    expect(within(table).getAllByRole('columnheader', { name: /^Your time/ })).toHaveLength(1);

    fireEvent.change(within(form).getByRole('combobox', { name: 'Weekly full backup day' }), { target: { value: 'thu' } });
    expect(runTypes().filter((t) => t === 'Full')).toHaveLength(2);

    fireEvent.change(within(form).getByRole('textbox', { name: 'Time of day 1' }), { target: { value: '3 am' } });
    expect(screen.queryByRole('table', { name: 'Next runs' })).toBeNull();
    expect(screen.getByText('Correct the schedule to see its next runs.')).toBeTruthy();
  });
});
