import type { BackupType } from '../backup/backup.schema';
import { backupTypeFor } from './backup-type';
import type { PolicySettings, Schedule, Weekday } from './policy.schema';
import { DAY_MS, HOUR_MS, MINUTE_MS, instantOfWall, wallFields, wallTime } from './zoned-time';

/*
 * When a policy runs (SPEC §3), on the wall clock of the policy's IANA time zone.
 *
 * Fixed schedules. A calendar day qualifies when each non-empty list allows it — empty lists mean "no
 * restriction", as the console words it: its month is in `months`, its weekday in `weekdays`, and its day in
 * `monthDays` (`'last'` matches the month's last day, so day 31 alone skips shorter months). `period` adds no
 * restriction of its own, except that `hourly` with times "at" HH:MM means every hour at each listed minute
 * (the hour is ignored). Otherwise a qualifying day's slots are the listed times, or `from`, `from + every`,
 * … up to and including `to`. A window does not wrap past midnight: `to` earlier than `from` means "until
 * 23:59".
 *
 * Daylight saving ("high-water mark"): a slot at wall time W fires at the first instant at which the local
 * clock reaches or passes W. A slot skipped by a spring-forward gap fires when the gap ends (02:30 on a
 * 02:00→03:00 day fires at 03:00); a slot in a repeated fall-back hour fires once, at its first occurrence;
 * slots that land on the same instant fire once.
 *
 * Interval schedules count from the end of the previous backup: `hours` are exact elapsed hours, `days` keep
 * the local wall-clock time that many calendar days later (moved by the same DST rule). A due time already
 * passed means "due now".
 */

export type FixedSchedule = Extract<Schedule, { kind: 'fixed' }>;
export type IntervalSchedule = Extract<Schedule, { kind: 'interval' }>;

/** How far ahead a fixed schedule is searched: two leap days, so "February 29" is always found. */
const SEARCH_DAYS = 8 * 366;

const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function minuteOfDay(time: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/** The minutes after local midnight at which a qualifying day has a slot, ascending and unique. */
function slotMinutes(schedule: FixedSchedule): number[] {
  const times = schedule.timesOfDay;
  const slots = new Set<number>();
  if (times.mode === 'at') {
    const listed = times.times.map(minuteOfDay).filter((m): m is number => m !== null);
    for (const minute of listed) {
      if (schedule.period !== 'hourly') slots.add(minute);
      else for (let hour = 0; hour < 24; hour += 1) slots.add(hour * 60 + (minute % 60));
    }
  } else {
    const from = minuteOfDay(times.from);
    if (from === null) return [];
    const until = minuteOfDay(times.to);
    const to = until === null || until < from ? 24 * 60 - 1 : until;
    const step = times.every * (times.unit === 'hours' ? 60 : 1);
    if (!(step >= 1)) return [from];
    for (let minute = from; minute <= to; minute += step) slots.add(minute);
  }
  return [...slots].sort((a, b) => a - b);
}

/** Whether the local calendar day `day` (days since 1970-01-01 on the local clock) has slots. */
function dayQualifies(schedule: FixedSchedule, day: number): boolean {
  const { month, day: dayOfMonth, weekday, daysInMonth } = wallFields(day * DAY_MS);
  if (schedule.months.length > 0 && !schedule.months.includes(month)) return false;
  const weekdayName = WEEKDAY_BY_UTC_DAY[weekday] ?? 'mon';
  if (schedule.weekdays.length > 0 && !schedule.weekdays.includes(weekdayName)) return false;
  if (schedule.monthDays.length === 0) return true;
  return schedule.monthDays.some((d) => d === dayOfMonth || (d === 'last' && dayOfMonth === daysInMonth));
}

/** The first slot instant strictly after `after`, or null when there is none within eight years. */
export function nextFixedRun(schedule: FixedSchedule, timeZone: string, after: Date): Date | null {
  const start = after.getTime();
  const slots = slotMinutes(schedule);
  if (slots.length === 0 || Number.isNaN(start)) return null;
  const wallAfter = wallTime(start, timeZone);
  const firstDay = Math.floor(wallAfter / DAY_MS);
  // Fire instants never decrease as wall times increase, so the first slot that fires after `after` wins.
  // A slot at or before the clock at `after` has fired already; one after it may still have fired at its
  // first occurrence when `after` lies in a repeated hour, hence the check on the instant.
  for (let day = firstDay; day <= firstDay + SEARCH_DAYS; day += 1) {
    if (!dayQualifies(schedule, day)) continue;
    for (const minute of slots) {
      const wall = day * DAY_MS + minute * MINUTE_MS;
      if (wall <= wallAfter) continue;
      const at = instantOfWall(wall, timeZone);
      if (at > start) return new Date(at);
    }
  }
  return null;
}

/** When the next backup of an interval schedule is due; never earlier than `now`. */
export function nextIntervalRun(schedule: IntervalSchedule, timeZone: string, lastRunEnd: Date | null, now: Date): Date {
  if (lastRunEnd === null) return new Date(now.getTime());
  const end = lastRunEnd.getTime();
  const due =
    schedule.unit === 'hours' ? end + schedule.every * HOUR_MS : instantOfWall(wallTime(end, timeZone) + schedule.every * DAY_MS, timeZone);
  return new Date(Math.max(due, now.getTime()));
}

/** The next run of either kind: fixed schedules look after `after`, interval schedules count from `lastRunEnd`. */
export function nextRun(schedule: Schedule, timeZone: string, opts: { after: Date; lastRunEnd: Date | null }): Date | null {
  return schedule.kind === 'fixed' ? nextFixedRun(schedule, timeZone, opts.after) : nextIntervalRun(schedule, timeZone, opts.lastRunEnd, opts.after);
}

export interface UpcomingRun {
  at: Date;
  type: BackupType;
}

/**
 * The next `count` runs with their backup type, for the policy editor's preview. Interval runs assume each
 * backup ends the moment it starts. Only the first run can be the archive's first backup.
 */
export function upcomingRuns(
  settings: Pick<PolicySettings, 'schedule' | 'timeZone' | 'scheme'>,
  opts: { from: Date; count: number; lastRunEnd: Date | null; hasPrevious: boolean },
): UpcomingRun[] {
  const { schedule, timeZone, scheme } = settings;
  const runs: UpcomingRun[] = [];
  let previous: Date | null = null;
  while (runs.length < opts.count) {
    let at: Date | null;
    if (schedule.kind === 'fixed') at = nextFixedRun(schedule, timeZone, previous ?? opts.from);
    else at = previous === null ? nextIntervalRun(schedule, timeZone, opts.lastRunEnd, opts.from) : nextIntervalRun(schedule, timeZone, previous, previous);
    if (at === null) break;
    runs.push({ at, type: backupTypeFor(scheme, previous !== null || opts.hasPrevious, at, timeZone) });
    previous = at;
  }
  return runs;
}
