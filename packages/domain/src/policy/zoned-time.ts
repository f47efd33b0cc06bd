/**
 * Wall-clock arithmetic in an IANA time zone, on Intl alone (no time zone library, no Node APIs).
 *
 * A wall time is written as a number: the milliseconds since 1970-01-01 00:00 *on the local clock*, i.e. the
 * UTC timestamp that would show the same fields. That makes calendar arithmetic on local dates plain
 * `Date.UTC` arithmetic, and lets two wall times be compared with `<`.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall time (see above) of the instant `at` (epoch ms) in `timeZone`. */
export function wallTime(at: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wholeSeconds = new Date(0);
  wholeSeconds.setUTCFullYear(fields['year'] ?? 1970, (fields['month'] ?? 1) - 1, fields['day'] ?? 1);
  wholeSeconds.setUTCHours(fields['hour'] ?? 0, fields['minute'] ?? 0, fields['second'] ?? 0, 0);
  // Intl drops the milliseconds; time zone offsets are whole seconds, so the local clock has the same ones.
  return wholeSeconds.getTime() + (((at % 1000) + 1000) % 1000);
}

/** Local clock minus UTC at the instant `at`, in ms (e.g. +3 600 000 for CET). */
export function offsetAt(at: number, timeZone: string): number {
  return wallTime(at, timeZone) - at;
}

/**
 * The first instant at which the local clock reaches or passes the wall time `wall` ("high-water mark"):
 * - a wall time that exists once maps to that instant;
 * - one in a repeated fall-back hour maps to its first occurrence;
 * - one skipped by a spring-forward gap maps to the end of the gap (the instant the clock jumps past it).
 * The result never decreases as `wall` increases. Assumes at most one offset change within ±15 h of
 * `wall`, which holds for every zone in the tz database since 1970.
 */
export function instantOfWall(wall: number, timeZone: string): number {
  // Offsets are within ±14 h, so the instant lies in [wall − 14 h, wall + 14 h].
  const before = offsetAt(wall - 15 * HOUR_MS, timeZone);
  const after = offsetAt(wall + 15 * HOUR_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  if (after <= before) return wall - before; // cannot happen with one transition in the window
  // Spring-forward gap: the clock jumped from below `wall` to above it at the transition instant T, with
  // wall − after < T <= wall − before. Find T by bisection on the offset.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Calendar fields of a wall time (or of a day number × DAY_MS). */
export function wallFields(wall: number): { year: number; month: number; day: number; weekday: number; daysInMonth: number } {
  const d = new Date(wall);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const end = new Date(0);
  end.setUTCFullYear(year, month, 0);
  return { year, month, day: d.getUTCDate(), weekday: d.getUTCDay(), daysInMonth: end.getUTCDate() };
}

/** The same wall time `months` calendar months earlier or later, the day clamped to the month's length. */
export function addMonthsToWall(wall: number, months: number): number {
  const d = new Date(wall);
  const target = new Date(0);
  target.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const end = new Date(0);
  end.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth() + 1, 0);
  const day = Math.min(d.getUTCDate(), end.getUTCDate());
  target.setUTCDate(day);
  return target.getTime() + (wall - Math.floor(wall / DAY_MS) * DAY_MS);
}
