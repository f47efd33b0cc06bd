import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Weekday } from './policy.schema';
import { type FixedSchedule, nextFixedRun, nextIntervalRun } from './schedule';

/*
 * nextFixedRun is checked against a deliberately naive model: walk UTC minutes, keep the highest local
 * wall-clock minute seen so far, and fire at minute m when a slot W satisfies prevMax < W <= wall(m). The
 * model shares nothing with the implementation but Intl: it reads the clock from a formatted string and
 * decides "is W a slot?" with a predicate instead of generating slots.
 */

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo'] as const;
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE = 60_000;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2030, 0, 1);
/** How far the model walks (the walk is the expensive part). */
const WALK_MINUTES = 40 * 24 * 60;

const clocks = new Map<string, Intl.DateTimeFormat>();
/** Local wall clock at UTC minute `m`, as minutes since the local 1970-01-01 00:00. */
function wallMinute(m: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    clocks.set(timeZone, clock);
  }
  const match = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+)$/.exec(clock.format(m * MINUTE));
  if (!match) throw new Error(`unexpected clock format ${clock.format(m * MINUTE)}`);
  const [, month, day, year, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute) / MINUTE;
}

function toMinute(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether the local wall-clock minute `w` is a slot of the schedule. */
function isSlot(s: FixedSchedule, w: number): boolean {
  const date = new Date(w * MINUTE);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const last = new Date(Date.UTC(date.getUTCFullYear(), month, 0)).getUTCDate();
  if (s.months.length > 0 && !s.months.includes(month)) return false;
  if (s.weekdays.length > 0 && !s.weekdays.includes(WEEKDAYS[date.getUTCDay()] ?? 'sun')) return false;
  if (s.monthDays.length > 0 && !s.monthDays.some((d) => d === day || (d === 'last' && day === last))) return false;
  const minuteOfDay = date.getUTCHours() * 60 + date.getUTCMinutes();
  const t = s.timesOfDay;
  if (t.mode === 'at') {
    if (s.period === 'hourly') return t.times.some((time) => toMinute(time) % 60 === minuteOfDay % 60);
    return t.times.some((time) => toMinute(time) === minuteOfDay);
  }
  const from = toMinute(t.from);
  const to = toMinute(t.to) < from ? 1439 : toMinute(t.to);
  const step = t.every * (t.unit === 'hours' ? 60 : 1);
  return minuteOfDay >= from && minuteOfDay <= to && (minuteOfDay - from) % step === 0;
}

/**
 * The clock for the walk: reading Intl once per quarter hour is exact because every offset change of the
 * zones under test falls on a quarter hour (asserted below), and keeps the walk fast.
 */
function walkClock(timeZone: string): (m: number) => number {
  let quarter = NaN;
  let offset = 0;
  return (m) => {
    const q = m - (((m % 15) + 15) % 15);
    if (q !== quarter) {
      quarter = q;
      offset = wallMinute(q, timeZone) - q;
    }
    return m + offset;
  };
}

/** The model: the first firing minute after `after` (ms), walking at most `limit` minutes; null if none. */
function walk(s: FixedSchedule, timeZone: string, after: number, limit: number): number | null {
  const clock = walkClock(timeZone);
  const start = Math.floor(after / MINUTE);
  // Whatever the clock showed during the two days up to `after` has been reached already.
  let max = -Infinity;
  for (let m = start - 2 * 24 * 60; m <= start; m += 1) max = Math.max(max, clock(m));
  for (let m = start + 1; m <= start + limit; m += 1) {
    const wall = clock(m);
    for (let w = max + 1; w <= wall; w += 1) if (isSlot(s, w)) return m * MINUTE;
    max = Math.max(max, wall);
  }
  return null;
}

/** DST transitions of the zones in 2026–2029 (UTC ms), so that `after` can be put near one. */
function transitions(timeZone: string): number[] {
  const offset = (m: number) => wallMinute(m, timeZone) - m;
  const found: number[] = [];
  for (let day = FROM; day < TO; day += 24 * 60 * MINUTE) {
    let lo = day / MINUTE;
    let hi = lo + 24 * 60;
    if (offset(lo) === offset(hi)) continue;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi * MINUTE);
  }
  return found;
}
const TRANSITIONS = new Map(ZONES.map((z) => [z, transitions(z)]));

const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
/** Minutes on the hour and half hour are common and sit on DST edges; bias towards them. */
const edgyTime = fc.oneof(time, fc.constantFrom('00:00', '00:30', '01:00', '01:30', '02:00', '02:15', '02:30', '02:45', '03:00', '23:59'));

const timesOfDay: fc.Arbitrary<FixedSchedule['timesOfDay']> = fc.oneof(
  fc.record({ mode: fc.constant('at' as const), times: fc.array(edgyTime, { minLength: 1, maxLength: 4 }) }),
  fc.record({
    mode: fc.constant('every' as const),
    every: fc.oneof(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 1440 })),
    unit: fc.constantFrom('minutes' as const, 'hours' as const),
    from: edgyTime,
    to: edgyTime,
  }),
);

function schedule(sparse: boolean): fc.Arbitrary<FixedSchedule> {
  const maybeEmpty = <T,>(arb: fc.Arbitrary<T[]>, weight: number) => fc.oneof({ arbitrary: fc.constant([] as T[]), weight }, { arbitrary: arb, weight: 1 });
  const emptyWeight = sparse ? 1 : 3;
  return fc.record({
    kind: fc.constant('fixed' as const),
    period: fc.constantFrom('hourly' as const, 'daily' as const, 'weekly' as const, 'monthly' as const),
    timesOfDay,
    weekdays: maybeEmpty(fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 3 }), emptyWeight),
    monthDays: maybeEmpty(fc.array(fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant('last' as const)), { minLength: 1, maxLength: 3 }), emptyWeight),
    months: maybeEmpty(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }), emptyWeight),
  });
}

const zone = fc.constantFrom(...ZONES);
const anyInstant = fc.integer({ min: FROM, max: TO - 1 });
/** Anywhere, or mostly just before one of the zone's DST transitions (a few hours, or up to a day and a half). */
function instantFor(timeZone: string): fc.Arbitrary<number> {
  const near = TRANSITIONS.get(timeZone as (typeof ZONES)[number]) ?? [];
  if (near.length === 0) return anyInstant;
  const around = (before: number, after: number) =>
    fc.tuple(fc.constantFrom(...near), fc.integer({ min: -before * 60 * MINUTE, max: after * 60 * MINUTE })).map(([t, d]) => t + d);
  return fc.oneof({ arbitrary: anyInstant, weight: 1 }, { arbitrary: around(36, 6), weight: 1 }, { arbitrary: around(3, 1), weight: 2 });
}
const zoneAndInstant = zone.chain((z) => instantFor(z).map((t) => [z, t] as const));

describe('nextFixedRun agrees with a minute-by-minute model of the high-water-mark rule', () => {
  it('finds DST transitions to test near', () => {
    expect(TRANSITIONS.get('Europe/Berlin')).toHaveLength(8);
    expect(TRANSITIONS.get('Australia/Lord_Howe')).toHaveLength(8);
    expect(TRANSITIONS.get('Asia/Kolkata')).toHaveLength(0);
    for (const found of TRANSITIONS.values()) for (const t of found) expect(t % (15 * MINUTE)).toBe(0);
  });

  it('returns the first minute the model fires at', () => {
    fc.assert(
      fc.property(schedule(false), zoneAndInstant, (s, [timeZone, after]) => {
        const next = nextFixedRun(s, timeZone, new Date(after))?.getTime() ?? null;
        // Walk up to the answer (any earlier firing is a bug) but no further than the walk limit.
        const distance = next === null ? Infinity : (next - after) / MINUTE;
        const expected = walk(s, timeZone, after, Math.min(Math.ceil(distance), WALK_MINUTES));
        expect(expected).toBe(distance <= WALK_MINUTES ? next : null);
      }),
      { numRuns: 300 },
    );
  }, 20_000);

  it('is strictly after `after`, and asking just before the answer gives the answer again', () => {
    fc.assert(
      fc.property(schedule(true), zoneAndInstant, (s, [timeZone, after]) => {
        const next = nextFixedRun(s, timeZone, new Date(after));
        if (next === null) return;
        expect(next.getTime()).toBeGreaterThan(after);
        expect(nextFixedRun(s, timeZone, new Date(next.getTime() - 1))).toEqual(next);
      }),
      { numRuns: 300 },
    );
  });
});

describe('nextIntervalRun in days', () => {
  it('keeps the wall-clock time, or lands on the DST change that skipped it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), zoneAndInstant, (every, [timeZone, target]) => {
        // Aim the due time at the instants the generator favours: around DST transitions.
        const end = target - every * 24 * 60 * MINUTE;
        const endMinute = end - (end % MINUTE);
        const due = nextIntervalRun({ kind: 'interval', every, unit: 'days' }, timeZone, new Date(endMinute), new Date(0)).getTime() / MINUTE;
        const wanted = wallMinute(endMinute / MINUTE, timeZone) + every * 24 * 60;
        if (wallMinute(due, timeZone) !== wanted) {
          // Skipped: the clock jumped over the wanted time at `due`.
          expect(wallMinute(due - 1, timeZone)).toBeLessThan(wanted);
          expect(wallMinute(due, timeZone)).toBeGreaterThan(wanted);
        } else {
          // First occurrence: the clock did not show the wanted time in the hours before (DST repeats ≤ 1 h).
          for (let m = due - 3 * 60; m < due; m += 1) expect(wallMinute(m, timeZone)).toBeLessThan(wanted);
        }
      }),
      { numRuns: 300 },
    );
  }, 20_000);
});
