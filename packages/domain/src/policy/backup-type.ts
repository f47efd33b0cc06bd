import type { BackupType } from '../backup/backup.schema';
import type { BackupScheme, Weekday } from './policy.schema';

const SHORT: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** Weekday, day of month and month length of `at` in the policy's time zone. */
export function zonedDay(at: Date, timeZone: string): { weekday: Weekday; day: number; daysInMonth: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const year = Number(get('year'));
  const month = Number(get('month'));
  return { weekday: SHORT[get('weekday')] ?? 'mon', day: Number(get('day')), daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate() };
}

/**
 * Full or incremental for a run at `at` (SPEC §3). The first backup of an archive is always full: there is
 * nothing to be incremental to.
 */
export function backupTypeFor(scheme: BackupScheme, hasPrevious: boolean, at: Date, timeZone: string): BackupType {
  if (!hasPrevious) return 'full';
  const { weekday, day, daysInMonth } = zonedDay(at, timeZone);
  switch (scheme.type) {
    case 'always_full':
      return 'full';
    case 'always_incremental':
    case 'weekly_incremental':
      return 'incremental';
    case 'weekly_full_daily_incremental':
      return weekday === scheme.fullDay ? 'full' : 'incremental';
    case 'custom': {
      const monthDay = scheme.fullOnMonthDays.some((d) => d === day || (d === 'last' && day === daysInMonth));
      return scheme.fullOnWeekdays.includes(weekday) || monthDay ? 'full' : 'incremental';
    }
  }
}

/** Expands an archive name template; `[Unique ID]` is the archive's own id. */
export function archiveName(template: string, v: { machineName: string; policyName: string; policyId: string; uniqueId: string }): string {
  return template
    .replaceAll('[Machine Name]', v.machineName)
    .replaceAll('[Policy Name]', v.policyName)
    .replaceAll('[Policy ID]', v.policyId)
    .replaceAll('[Unique ID]', v.uniqueId);
}
