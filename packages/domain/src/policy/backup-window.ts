import type { PolicySettings } from './policy.schema';
import { HOUR_MS, wallFields, wallTime } from './zoned-time';

/**
 * May a new backup start at `at` under the policy's backup window (SPEC §3, a 7 × 24 grid, Monday first, in
 * the policy's time zone)? No window means any time.
 */
export function inBackupWindow(window: PolicySettings['backupWindow'], at: Date, timeZone: string): boolean {
  if (window === null) return true;
  const wall = wallTime(at.getTime(), timeZone);
  const { weekday } = wallFields(wall);
  const mondayFirst = (weekday + 6) % 7;
  const hour = Math.floor((((wall % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS);
  return window[mondayFirst]?.[hour] === true;
}
