import { describe, expect, it } from 'vitest';
import type { Weekday } from './policy.schema';
import { type FixedSchedule, type IntervalSchedule, nextFixedRun, nextIntervalRun, nextRun, upcomingRuns } from './schedule';

type MonthDay = number | 'last';

function at(times: string[], more: { period?: FixedSchedule['period']; weekdays?: Weekday[]; monthDays?: MonthDay[]; months?: number[] } = {}): FixedSchedule {
  return { kind: 'fixed', period: more.period ?? 'daily', timesOfDay: { mode: 'at', times }, weekdays: more.weekdays ?? [], monthDays: more.monthDays ?? [], months: more.months ?? [] };
}

function every(n: number, unit: 'minutes' | 'hours', from: string, to: string): FixedSchedule {
  return { kind: 'fixed', period: 'daily', timesOfDay: { mode: 'every', every: n, unit, from, to }, weekdays: [], monthDays: [], months: [] };
}

/** `count` successive fixed runs after `from`, as ISO strings. */
function runs(schedule: FixedSchedule, timeZone: string, from: string, count: number): string[] {
  const result: string[] = [];
  let after = new Date(from);
  for (let i = 0; i < count; i += 1) {
    const next = nextFixedRun(schedule, timeZone, after);
    if (!next) break;
    result.push(next.toISOString());
    after = next;
  }
  return result;
}

const iso = (s: string) => new Date(s).toISOString();

describe('fixed schedule: days and times', () => {
  it('daily at listed times, in any order, duplicates firing once', () => {
    expect(runs(at(['18:00', '06:00', '06:00']), 'UTC', '2026-06-01T00:00:00Z', 3)).toEqual([
      iso('2026-06-01T06:00:00Z'),
      iso('2026-06-01T18:00:00Z'),
      iso('2026-06-02T06:00:00Z'),
    ]);
  });

  it('is strictly after `after`: a run exactly at `after` is the previous one', () => {
    expect(nextFixedRun(at(['06:00']), 'UTC', new Date('2026-06-01T06:00:00Z'))).toEqual(new Date('2026-06-02T06:00:00Z'));
    expect(nextFixedRun(at(['06:00']), 'UTC', new Date('2026-06-01T05:59:59.999Z'))).toEqual(new Date('2026-06-01T06:00:00Z'));
  });

  it('works on the wall clock of the time zone', () => {
    // 03:00 in Tokyo (UTC+9) is 18:00 UTC the day before; 00:00 in Kolkata (UTC+5:30) is 18:30 UTC.
    expect(nextFixedRun(at(['03:00']), 'Asia/Tokyo', new Date('2026-06-01T00:00:00Z'))).toEqual(new Date('2026-06-01T18:00:00Z'));
    expect(nextFixedRun(at(['00:00']), 'Asia/Kolkata', new Date('2026-06-01T00:00:00Z'))).toEqual(new Date('2026-06-01T18:30:00Z'));
  });

  it('weekdays restrict the days; an empty list is every day', () => {
    // 2026-11-27 is a Friday.
    expect(runs(at(['08:00'], { weekdays: ['sat', 'sun'] }), 'UTC', '2026-11-27T12:00:00Z', 3)).toEqual([
      iso('2026-11-28T08:00:00Z'),
      iso('2026-11-29T08:00:00Z'),
      iso('2026-12-05T08:00:00Z'),
    ]);
    expect(runs(at(['08:00']), 'UTC', '2026-11-27T12:00:00Z', 2)).toEqual([iso('2026-11-28T08:00:00Z'), iso('2026-11-29T08:00:00Z')]);
  });

  it('weekly on Monday keeps the local time across the New York DST change', () => {
    expect(runs(at(['09:00'], { period: 'weekly', weekdays: ['mon'] }), 'America/New_York', '2026-03-01T00:00:00Z', 2)).toEqual([
      iso('2026-03-02T14:00:00Z'),
      iso('2026-03-09T13:00:00Z'),
    ]);
  });

  it('weekdays and month days must both match (Friday the 13th)', () => {
    expect(runs(at(['12:00'], { weekdays: ['fri'], monthDays: [13] }), 'UTC', '2026-01-01T00:00:00Z', 4)).toEqual([
      iso('2026-02-13T12:00:00Z'),
      iso('2026-03-13T12:00:00Z'),
      iso('2026-11-13T12:00:00Z'),
      iso('2027-08-13T12:00:00Z'),
    ]);
  });

  it("'last' is the last day of the month, leap years included", () => {
    const lastDay = at(['12:00'], { period: 'monthly', monthDays: ['last'] });
    expect(nextFixedRun(lastDay, 'UTC', new Date('2028-02-01T00:00:00Z'))).toEqual(new Date('2028-02-29T12:00:00Z'));
    expect(nextFixedRun(lastDay, 'UTC', new Date('2027-02-01T00:00:00Z'))).toEqual(new Date('2027-02-28T12:00:00Z'));
    expect(runs(lastDay, 'UTC', '2026-04-15T00:00:00Z', 3)).toEqual([iso('2026-04-30T12:00:00Z'), iso('2026-05-31T12:00:00Z'), iso('2026-06-30T12:00:00Z')]);
  });

  it('day 31 skips the months that are shorter', () => {
    expect(runs(at(['10:00'], { period: 'monthly', monthDays: [31] }), 'UTC', '2026-01-31T12:00:00Z', 4)).toEqual([
      iso('2026-03-31T10:00:00Z'),
      iso('2026-05-31T10:00:00Z'),
      iso('2026-07-31T10:00:00Z'),
      iso('2026-08-31T10:00:00Z'),
    ]);
  });

  it('day 31 and the last day of the same month fire once', () => {
    expect(runs(at(['10:00'], { monthDays: [31, 'last'] }), 'UTC', '2026-01-30T00:00:00Z', 3)).toEqual([
      iso('2026-01-31T10:00:00Z'),
      iso('2026-02-28T10:00:00Z'),
      iso('2026-03-31T10:00:00Z'),
    ]);
  });

  it('February 29 waits for the next leap year; February 30 never comes', () => {
    expect(nextFixedRun(at(['00:00'], { monthDays: [29, 30], months: [2] }), 'UTC', new Date('2026-03-01T00:00:00Z'))).toEqual(
      new Date('2028-02-29T00:00:00Z'),
    );
    const started = performance.now();
    expect(nextFixedRun(at(['00:00'], { monthDays: [30], months: [2] }), 'Europe/Berlin', new Date('2026-03-01T00:00:00Z'))).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('months restrict the days', () => {
    const firstOfJanAndJuly = at(['00:00'], { monthDays: [1], months: [1, 7] });
    expect(runs(firstOfJanAndJuly, 'Asia/Kolkata', '2026-02-01T00:00:00Z', 2)).toEqual([iso('2026-06-30T18:30:00Z'), iso('2026-12-31T18:30:00Z')]);
  });

  it('hourly "at" means every hour at the given minutes, whatever the hour part', () => {
    expect(runs(at(['03:15', '07:45'], { period: 'hourly' }), 'UTC', '2026-06-01T22:00:00Z', 4)).toEqual([
      iso('2026-06-01T22:15:00Z'),
      iso('2026-06-01T22:45:00Z'),
      iso('2026-06-01T23:15:00Z'),
      iso('2026-06-01T23:45:00Z'),
    ]);
  });

  it('hourly respects the weekday list', () => {
    // Saturday 23:30 → the next hour on a Monday is Monday 00:30.
    expect(runs(at(['00:30'], { period: 'hourly', weekdays: ['mon'] }), 'UTC', '2026-11-28T23:00:00Z', 2)).toEqual([
      iso('2026-11-30T00:30:00Z'),
      iso('2026-11-30T01:30:00Z'),
    ]);
  });
});

describe('fixed schedule: every N within a window', () => {
  it('steps minutes from `from` up to and including `to`, then waits for the next day', () => {
    expect(runs(every(20, 'minutes', '09:00', '10:00'), 'UTC', '2026-06-01T00:00:00Z', 5)).toEqual([
      iso('2026-06-01T09:00:00Z'),
      iso('2026-06-01T09:20:00Z'),
      iso('2026-06-01T09:40:00Z'),
      iso('2026-06-01T10:00:00Z'),
      iso('2026-06-02T09:00:00Z'),
    ]);
  });

  it('steps hours; a step that overshoots `to` stops before it', () => {
    expect(runs(every(6, 'hours', '00:00', '23:59'), 'UTC', '2026-06-01T00:00:00Z', 4)).toEqual([
      iso('2026-06-01T06:00:00Z'),
      iso('2026-06-01T12:00:00Z'),
      iso('2026-06-01T18:00:00Z'),
      iso('2026-06-02T00:00:00Z'),
    ]);
    expect(runs(every(5, 'hours', '08:00', '12:00'), 'UTC', '2026-06-01T00:00:00Z', 2)).toEqual([iso('2026-06-01T08:00:00Z'), iso('2026-06-02T08:00:00Z')]);
  });

  it('does not wrap past midnight: `to` before `from` runs until 23:59', () => {
    expect(runs(every(1, 'hours', '22:00', '02:00'), 'UTC', '2026-06-01T12:00:00Z', 3)).toEqual([
      iso('2026-06-01T22:00:00Z'),
      iso('2026-06-01T23:00:00Z'),
      iso('2026-06-02T22:00:00Z'),
    ]);
  });

  it('a window of one minute is just `from`', () => {
    expect(runs(every(15, 'minutes', '04:10', '04:10'), 'UTC', '2026-06-01T00:00:00Z', 2)).toEqual([iso('2026-06-01T04:10:00Z'), iso('2026-06-02T04:10:00Z')]);
  });
});

describe('fixed schedule: daylight saving (high-water mark)', () => {
  // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST at 01:00Z; 2026-10-25 03:00 CEST → 02:00 CET at 01:00Z.
  it('a time skipped by spring forward runs when the gap ends', () => {
    expect(runs(at(['02:30']), 'Europe/Berlin', '2026-03-28T12:00:00Z', 2)).toEqual([iso('2026-03-29T01:00:00Z'), iso('2026-03-30T00:30:00Z')]);
  });

  it('times that land on the same instant run once', () => {
    expect(runs(at(['02:30', '03:00', '02:00']), 'Europe/Berlin', '2026-03-29T00:00:00Z', 2)).toEqual([iso('2026-03-29T01:00:00Z'), iso('2026-03-30T00:00:00Z')]);
    expect(runs(every(30, 'minutes', '01:00', '03:00'), 'Europe/Berlin', '2026-03-28T23:30:00Z', 4)).toEqual([
      iso('2026-03-29T00:00:00Z'),
      iso('2026-03-29T00:30:00Z'),
      iso('2026-03-29T01:00:00Z'),
      iso('2026-03-29T23:00:00Z'),
    ]);
  });

  it('a time in the repeated fall-back hour runs once, at its first occurrence', () => {
    expect(runs(at(['02:30']), 'Europe/Berlin', '2026-10-24T12:00:00Z', 2)).toEqual([iso('2026-10-25T00:30:00Z'), iso('2026-10-26T01:30:00Z')]);
    // Asked from inside the repeated hour (02:10 CET, after the first 02:30 already ran): tomorrow.
    expect(nextFixedRun(at(['02:30']), 'Europe/Berlin', new Date('2026-10-25T01:10:00Z'))).toEqual(new Date('2026-10-26T01:30:00Z'));
  });

  it('hourly skips the repeated hour and fires in the gap at its end', () => {
    expect(runs(at(['00:15'], { period: 'hourly' }), 'Europe/Berlin', '2026-10-24T23:00:00Z', 3)).toEqual([
      iso('2026-10-24T23:15:00Z'),
      iso('2026-10-25T00:15:00Z'),
      iso('2026-10-25T02:15:00Z'),
    ]);
    expect(runs(at(['00:15'], { period: 'hourly' }), 'Europe/Berlin', '2026-03-29T00:00:00Z', 3)).toEqual([
      iso('2026-03-29T00:15:00Z'),
      iso('2026-03-29T01:00:00Z'),
      iso('2026-03-29T01:15:00Z'),
    ]);
  });

  it('New York: 01:30 on the fall-back day runs in daylight time only', () => {
    // 2026-11-01 02:00 EDT → 01:00 EST at 06:00Z.
    expect(runs(at(['01:30']), 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([iso('2026-11-01T05:30:00Z'), iso('2026-11-02T06:30:00Z')]);
    // 2026-03-08 02:00 EST → 03:00 EDT at 07:00Z.
    expect(nextFixedRun(at(['02:15']), 'America/New_York', new Date('2026-03-08T05:00:00Z'))).toEqual(new Date('2026-03-08T07:00:00Z'));
  });

  it('Lord Howe shifts by 30 minutes', () => {
    // 2026-10-04 02:00 (+10:30) → 02:30 (+11) at 2026-10-03T15:30Z.
    expect(nextFixedRun(at(['02:10']), 'Australia/Lord_Howe', new Date('2026-10-03T12:00:00Z'))).toEqual(new Date('2026-10-03T15:30:00Z'));
    expect(nextFixedRun(at(['02:40']), 'Australia/Lord_Howe', new Date('2026-10-03T12:00:00Z'))).toEqual(new Date('2026-10-03T15:40:00Z'));
  });
});

describe('interval schedule', () => {
  const hours = (n: number): IntervalSchedule => ({ kind: 'interval', every: n, unit: 'hours' });
  const days = (n: number): IntervalSchedule => ({ kind: 'interval', every: n, unit: 'days' });
  const now = new Date('2026-01-01T00:00:00Z');

  it('without a previous backup, runs now', () => {
    expect(nextIntervalRun(hours(6), 'UTC', null, now)).toEqual(now);
  });

  it('hours are exact elapsed time, even across DST', () => {
    expect(nextIntervalRun(hours(2), 'Europe/Berlin', new Date('2026-03-29T00:30:00Z'), now)).toEqual(new Date('2026-03-29T02:30:00Z'));
  });

  it('days keep the local wall-clock time', () => {
    // 12:00 CEST on 24 October → 12:00 CET on 25 October is 25 hours later.
    expect(nextIntervalRun(days(1), 'Europe/Berlin', new Date('2026-10-24T10:00:00Z'), now)).toEqual(new Date('2026-10-25T11:00:00Z'));
    expect(nextIntervalRun(days(2), 'Europe/Berlin', new Date('2026-03-28T01:30:00Z'), now)).toEqual(new Date('2026-03-30T00:30:00Z'));
  });

  it('days landing in the spring-forward gap move to its end; in the repeated hour, to the first occurrence', () => {
    expect(nextIntervalRun(days(1), 'Europe/Berlin', new Date('2026-03-28T01:30:00Z'), now)).toEqual(new Date('2026-03-29T01:00:00Z'));
    expect(nextIntervalRun(days(1), 'Europe/Berlin', new Date('2026-10-24T00:30:00Z'), now)).toEqual(new Date('2026-10-25T00:30:00Z'));
  });

  it('an overdue run is due now', () => {
    const later = new Date('2026-06-01T00:00:00Z');
    expect(nextIntervalRun(hours(6), 'UTC', new Date('2026-05-01T00:00:00Z'), later)).toEqual(later);
  });

  it('nextRun dispatches on the kind', () => {
    const after = new Date('2026-06-01T00:00:00Z');
    expect(nextRun(at(['06:00']), 'UTC', { after, lastRunEnd: null })).toEqual(new Date('2026-06-01T06:00:00Z'));
    expect(nextRun(hours(6), 'UTC', { after, lastRunEnd: new Date('2026-05-31T23:00:00Z') })).toEqual(new Date('2026-06-01T05:00:00Z'));
    expect(nextRun(hours(6), 'UTC', { after, lastRunEnd: null })).toEqual(after);
  });
});

describe('upcoming runs', () => {
  const from = new Date('2026-11-27T12:00:00Z'); // a Friday

  it('lists fixed runs with their type; only the first can be the first backup', () => {
    const settings = { schedule: at(['03:00']), timeZone: 'UTC', scheme: { type: 'weekly_full_daily_incremental' as const, fullDay: 'mon' as const } };
    const preview = upcomingRuns(settings, { from, count: 4, lastRunEnd: null, hasPrevious: false });
    expect(preview.map((r) => [r.at.toISOString(), r.type])).toEqual([
      [iso('2026-11-28T03:00:00Z'), 'full'],
      [iso('2026-11-29T03:00:00Z'), 'incremental'],
      [iso('2026-11-30T03:00:00Z'), 'full'],
      [iso('2026-12-01T03:00:00Z'), 'incremental'],
    ]);
    expect(upcomingRuns(settings, { from, count: 1, lastRunEnd: null, hasPrevious: true })[0]?.type).toBe('incremental');
  });

  it('decides the type in the policy time zone', () => {
    // 23:30 UTC on Sunday is Monday in Tokyo.
    const settings = { schedule: at(['08:30']), timeZone: 'Asia/Tokyo', scheme: { type: 'weekly_full_daily_incremental' as const, fullDay: 'mon' as const } };
    const preview = upcomingRuns(settings, { from: new Date('2026-11-29T12:00:00Z'), count: 1, lastRunEnd: null, hasPrevious: true });
    expect(preview.map((r) => [r.at.toISOString(), r.type])).toEqual([[iso('2026-11-29T23:30:00Z'), 'full']]);
  });

  it('lists interval runs as if each backup ended when it started', () => {
    const settings = { schedule: { kind: 'interval' as const, every: 12, unit: 'hours' as const }, timeZone: 'UTC', scheme: { type: 'always_incremental' as const } };
    expect(upcomingRuns(settings, { from, count: 3, lastRunEnd: null, hasPrevious: false }).map((r) => [r.at.toISOString(), r.type])).toEqual([
      [from.toISOString(), 'full'],
      [iso('2026-11-28T00:00:00Z'), 'incremental'],
      [iso('2026-11-28T12:00:00Z'), 'incremental'],
    ]);
    const afterPrevious = upcomingRuns(settings, { from, count: 2, lastRunEnd: new Date('2026-11-27T10:00:00Z'), hasPrevious: true });
    expect(afterPrevious.map((r) => r.at.toISOString())).toEqual([iso('2026-11-27T22:00:00Z'), iso('2026-11-28T10:00:00Z')]);
  });

  it('stops early when a schedule never runs, and lists nothing for count 0', () => {
    const never = { schedule: at(['00:00'], { monthDays: [30], months: [2] }), timeZone: 'UTC', scheme: { type: 'always_full' as const } };
    expect(upcomingRuns(never, { from, count: 5, lastRunEnd: null, hasPrevious: false })).toEqual([]);
    const daily = { ...never, schedule: at(['00:00']) };
    expect(upcomingRuns(daily, { from, count: 0, lastRunEnd: null, hasPrevious: false })).toEqual([]);
  });
});
