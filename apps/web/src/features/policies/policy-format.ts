import type { BackupScheme, Command, PolicySettings, Retention, Schedule, Weekday } from '@cloud-backup/domain';
import { joinWords, plural } from '../../lib/format';

const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const WEEKDAY_ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

type MonthDay = number | 'last';

export function formatWeekday(day: Weekday): string {
  return WEEKDAY_NAMES[day];
}

/** Weekdays in calendar order whatever order they were stored in; "every day" for all seven. */
export function formatWeekdays(days: readonly Weekday[]): string {
  const unique = WEEKDAY_ORDER.filter((d) => days.includes(d));
  if (unique.length === 7) return 'every day';
  if (unique.length === 5 && !unique.includes('sat') && !unique.includes('sun')) return 'Monday to Friday';
  if (unique.length === 2 && unique.includes('sat') && unique.includes('sun')) return 'Saturday and Sunday';
  return joinWords(unique.map(formatWeekday));
}

/** "day 1, 15 and the last day" */
export function formatMonthDays(days: readonly MonthDay[]): string {
  const numbers = [...new Set(days.filter((d): d is number => d !== 'last'))].sort((a, b) => a - b);
  const parts = numbers.map(String);
  if (days.includes('last')) parts.push('the last day');
  if (parts.length === 0) return '';
  const prefix = numbers.length === 0 ? '' : numbers.length === 1 ? 'day ' : 'days ';
  return `${prefix}${joinWords(parts)}`;
}

export function formatMonths(months: readonly number[]): string {
  const unique = [...new Set(months)].sort((a, b) => a - b);
  if (unique.length === 0 || unique.length === 12) return 'every month';
  return joinWords(unique.map((m) => MONTH_NAMES[m - 1] ?? `month ${m}`));
}

type FixedSchedule = Extract<Schedule, { kind: 'fixed' }>;

function formatTimes(times: FixedSchedule['timesOfDay']): string {
  if (times.mode === 'at') return `at ${joinWords([...times.times].sort())}`;
  const every = times.every === 1 ? `every ${times.unit.slice(0, -1)}` : `every ${times.every} ${times.unit}`;
  return `${every} from ${times.from} to ${times.to}`;
}

const PERIOD_LABEL: Record<FixedSchedule['period'], string> = { hourly: 'Hourly', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

/**
 * One sentence for a schedule: "Weekly on Monday at 03:00 (UTC)". Empty weekday, month-day and month
 * lists mean "no restriction", so they add nothing to the sentence.
 */
export function formatSchedule(schedule: Schedule, timeZone?: string): string {
  if (schedule.kind === 'interval') {
    const span = schedule.every === 1 ? schedule.unit.slice(0, -1) : `${schedule.every} ${schedule.unit}`;
    return `Every ${span} after the previous backup ends`;
  }
  const parts: string[] = [PERIOD_LABEL[schedule.period]];
  if (schedule.weekdays.length > 0) {
    const days = formatWeekdays(schedule.weekdays);
    parts.push(days === 'every day' ? days : `on ${days}`);
  }
  if (schedule.monthDays.length > 0) parts.push(`on ${formatMonthDays(schedule.monthDays)}`);
  if (schedule.months.length > 0 && schedule.months.length < 12) parts.push(`in ${formatMonths(schedule.months)}`);
  parts.push(formatTimes(schedule.timesOfDay));
  const sentence = parts.join(' ');
  return timeZone ? `${sentence} (${timeZone})` : sentence;
}

export function formatScheduleKind(schedule: Schedule): string {
  return schedule.kind === 'fixed' ? 'Fixed times' : 'Interval between backups';
}

export function formatScheme(scheme: BackupScheme): string {
  switch (scheme.type) {
    case 'always_incremental':
      return 'Always incremental';
    case 'always_full':
      return 'Always full';
    case 'weekly_full_daily_incremental':
      return `Weekly full on ${formatWeekday(scheme.fullDay)}, daily incremental`;
    case 'weekly_incremental':
      return 'Weekly incremental';
    case 'custom': {
      const when: string[] = [];
      if (scheme.fullOnWeekdays.length > 0) when.push(`on ${formatWeekdays(scheme.fullOnWeekdays)}`);
      if (scheme.fullOnMonthDays.length > 0) when.push(`on ${formatMonthDays(scheme.fullOnMonthDays)} of the month`);
      if (when.length === 0) return 'Custom: always incremental';
      return `Custom: full ${when.join(' and ')}, incremental otherwise`;
    }
  }
}

type RetentionRules = Extract<Retention, { mode: 'rules' }>;

function formatBackupSets(sets: NonNullable<RetentionRules['backupSets']>): string | null {
  const parts = (['hourly', 'daily', 'weekly', 'monthly'] as const)
    .filter((set) => sets[set] !== null)
    .map((set) => `${sets[set]} ${set}`);
  return parts.length > 0 ? `the newest ${joinWords(parts)}` : null;
}

/** "Keep the last 15 backups"; several rules are joined because a backup survives if any rule keeps it. */
export function formatRetention(retention: Retention): string {
  if (retention.mode === 'keep_all') return 'Keep all backups';
  const rules: string[] = [];
  if (retention.keepLast !== null) rules.push(retention.keepLast === 1 ? 'the last backup' : `the last ${retention.keepLast} backups`);
  if (retention.keepFor !== null) rules.push(`backups for ${plural(retention.keepFor.value, retention.keepFor.unit.slice(0, -1))}`);
  if (retention.backupSets !== null) {
    const sets = formatBackupSets(retention.backupSets);
    if (sets) rules.push(sets);
  }
  if (rules.length === 0) return 'Keep all backups (no rules set)';
  return `Keep ${joinWords(rules)}`;
}

export function formatRetentionApplyAt(retention: Retention): string {
  if (retention.mode === 'keep_all') return 'Never deletes backups';
  return retention.applyAt === 'before_backup' ? 'Before the new backup starts' : 'After the new backup completes';
}

const COMPRESSION_LABEL: Record<PolicySettings['compression'], string> = { off: 'Off', normal: 'Normal', high: 'High', max: 'Maximum' };

export function formatCompression(compression: PolicySettings['compression']): string {
  return COMPRESSION_LABEL[compression];
}

export function formatRandomDelay(delay: PolicySettings['randomDelay']): string {
  if (!delay.enabled || delay.minutes === 0) return 'Off';
  return `Up to ${plural(delay.minutes, 'minute')}`;
}

export function formatMaxParallel(max: number): string {
  return max === 0 ? 'Unlimited' : String(max);
}

export function formatReattempts(r: PolicySettings['reattempts']): string {
  if (!r.enabled) return 'Off';
  return `Up to ${plural(r.maxAttempts, 'attempt')}, ${plural(r.intervalMinutes, 'minute')} apart`;
}

/** Shell-like rendering so the user recognises the command they configured. */
export function formatCommand(command: Command | null): string {
  if (!command) return 'None';
  const line = [command.command, ...command.args.map((a) => (/[\s"']/.test(a) || a === '' ? JSON.stringify(a) : a))].join(' ');
  const options = [
    command.workingDir ? `in ${command.workingDir}` : null,
    command.waitForFinish ? 'waits for it to finish' : 'does not wait',
    command.stopOnError ? 'stops the backup on error' : 'continues on error',
  ].filter((o): o is string => o !== null);
  return `${line} (${options.join('; ')})`;
}

function pad(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** The allowed hours of one weekday row of the backup window: "00:00–06:00, 22:00–24:00". */
export function formatWindowDay(hours: readonly boolean[]): string {
  const ranges: string[] = [];
  let start: number | null = null;
  for (let hour = 0; hour <= hours.length; hour += 1) {
    const allowed = hour < hours.length && hours[hour] === true;
    if (allowed && start === null) start = hour;
    if (!allowed && start !== null) {
      ranges.push(`${pad(start)}–${pad(hour)}`);
      start = null;
    }
  }
  if (ranges.length === 0) return 'No backups start';
  if (ranges.length === 1 && ranges[0] === `${pad(0)}–${pad(hours.length)}`) return 'Any time';
  return ranges.join(', ');
}

/** One entry per weekday (Monday first, as stored), or null when there is no window. */
export function formatBackupWindow(window: PolicySettings['backupWindow']): { day: string; hours: string }[] | null {
  if (!window) return null;
  return window.map((hours, index) => ({ day: formatWeekday(WEEKDAY_ORDER[index] ?? 'mon'), hours: formatWindowDay(hours) }));
}

export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}
