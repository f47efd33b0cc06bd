import { describe, expect, it } from 'vitest';
import { archiveName, backupTypeFor, zonedDay } from './backup-type';

const monday = new Date('2026-11-23T10:00:00Z');
const tuesday = new Date('2026-11-24T10:00:00Z');

describe('backup type per scheme', () => {
  it('the first backup of an archive is full whatever the scheme', () => {
    expect(backupTypeFor({ type: 'always_incremental' }, false, tuesday, 'UTC')).toBe('full');
  });

  it('follows always-full, always-incremental and weekly full on the chosen day', () => {
    expect(backupTypeFor({ type: 'always_full' }, true, tuesday, 'UTC')).toBe('full');
    expect(backupTypeFor({ type: 'always_incremental' }, true, monday, 'UTC')).toBe('incremental');
    expect(backupTypeFor({ type: 'weekly_full_daily_incremental', fullDay: 'mon' }, true, monday, 'UTC')).toBe('full');
    expect(backupTypeFor({ type: 'weekly_full_daily_incremental', fullDay: 'mon' }, true, tuesday, 'UTC')).toBe('incremental');
  });

  it('decides the weekday in the policy time zone', () => {
    // 23:30 UTC on Sunday is already Monday in Tokyo.
    const sundayNight = new Date('2026-11-22T23:30:00Z');
    expect(backupTypeFor({ type: 'weekly_full_daily_incremental', fullDay: 'mon' }, true, sundayNight, 'UTC')).toBe('incremental');
    expect(backupTypeFor({ type: 'weekly_full_daily_incremental', fullDay: 'mon' }, true, sundayNight, 'Asia/Tokyo')).toBe('full');
  });

  it('custom: full on listed weekdays or month days, including the last day', () => {
    const scheme = { type: 'custom' as const, fullOnWeekdays: ['fri' as const], fullOnMonthDays: ['last' as const, 15] };
    expect(backupTypeFor(scheme, true, new Date('2026-11-30T12:00:00Z'), 'UTC')).toBe('full');
    expect(backupTypeFor(scheme, true, new Date('2026-11-15T12:00:00Z'), 'UTC')).toBe('full');
    expect(backupTypeFor(scheme, true, new Date('2026-11-27T12:00:00Z'), 'UTC')).toBe('full');
    expect(backupTypeFor(scheme, true, new Date('2026-11-26T12:00:00Z'), 'UTC')).toBe('incremental');
    expect(zonedDay(new Date('2028-02-29T12:00:00Z'), 'UTC').daysInMonth).toBe(29);
  });
});

describe('archive names', () => {
  it('expands every variable', () => {
    expect(archiveName('[Machine Name]-[Policy Name]-[Policy ID]-[Unique ID]A', { machineName: 'web', policyName: 'Daily', policyId: 'pol_1', uniqueId: 'arc_2' })).toBe(
      'web-Daily-pol_1-arc_2A',
    );
  });
});
