import { defaultPolicies, type Retention, type Schedule } from '@cloud-backup/domain';
import { describe, expect, it } from 'vitest';
import {
  formatBackupWindow,
  formatCommand,
  formatMonthDays,
  formatMonths,
  formatRandomDelay,
  formatReattempts,
  formatRetention,
  formatRetentionApplyAt,
  formatSchedule,
  formatScheme,
  formatWeekdays,
  formatWindowDay,
} from './policy-format';

const fixed = (over: Partial<Extract<Schedule, { kind: 'fixed' }>>): Schedule => ({
  kind: 'fixed',
  period: 'daily',
  timesOfDay: { mode: 'at', times: ['03:00'] },
  weekdays: [],
  monthDays: [],
  months: [],
  ...over,
});

const rules = (over: Partial<Extract<Retention, { mode: 'rules' }>>): Retention => ({
  mode: 'rules',
  keepLast: null,
  keepFor: null,
  backupSets: null,
  applyAt: 'after_backup',
  ...over,
});

describe('formatSchedule', () => {
  it('describes the three default policies the way the activation wizard promises', () => {
    const [daily, weekly, monthly] = defaultPolicies().map((p) => formatSchedule(p.settings.schedule, p.settings.timeZone));
    expect(daily).toBe('Daily at 03:00 (UTC)');
    expect(weekly).toBe('Weekly on Monday at 03:00 (UTC)');
    expect(monthly).toBe('Monthly on day 1 at 03:00 (UTC)');
  });

  it('lists several times in chronological order', () => {
    expect(formatSchedule(fixed({ timesOfDay: { mode: 'at', times: ['18:30', '06:00', '12:00'] } }))).toBe('Daily at 06:00, 12:00 and 18:30');
  });

  it('describes a repeat window with its unit', () => {
    const schedule = fixed({ period: 'hourly', timesOfDay: { mode: 'every', every: 2, unit: 'hours', from: '08:00', to: '18:00' } });
    expect(formatSchedule(schedule)).toBe('Hourly every 2 hours from 08:00 to 18:00');
    const single = fixed({ period: 'hourly', timesOfDay: { mode: 'every', every: 1, unit: 'minutes', from: '00:00', to: '23:59' } });
    expect(formatSchedule(single)).toBe('Hourly every minute from 00:00 to 23:59');
  });

  it('adds weekday, month-day and month restrictions', () => {
    const schedule = fixed({ period: 'monthly', monthDays: [15, 'last', 1], months: [7, 1] });
    expect(formatSchedule(schedule, 'Europe/Berlin')).toBe('Monthly on days 1, 15 and the last day in January and July at 03:00 (Europe/Berlin)');
    expect(formatSchedule(fixed({ weekdays: ['fri', 'mon', 'wed', 'tue', 'thu'] }))).toBe('Daily on Monday to Friday at 03:00');
  });

  it('ignores a month list that covers the whole year', () => {
    expect(formatSchedule(fixed({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }))).toBe('Daily at 03:00');
  });

  it('describes interval schedules without a time zone, in singular and plural', () => {
    expect(formatSchedule({ kind: 'interval', every: 6, unit: 'hours' }, 'UTC')).toBe('Every 6 hours after the previous backup ends');
    expect(formatSchedule({ kind: 'interval', every: 1, unit: 'days' })).toBe('Every day after the previous backup ends');
  });
});

describe('formatScheme', () => {
  it('names every scheme', () => {
    expect(formatScheme({ type: 'always_incremental' })).toBe('Always incremental');
    expect(formatScheme({ type: 'always_full' })).toBe('Always full');
    expect(formatScheme({ type: 'weekly_incremental' })).toBe('Weekly incremental');
    expect(formatScheme({ type: 'weekly_full_daily_incremental', fullDay: 'sun' })).toBe('Weekly full on Sunday, daily incremental');
  });

  it('spells out when a custom scheme runs full backups', () => {
    expect(formatScheme({ type: 'custom', fullOnWeekdays: ['sat', 'sun'], fullOnMonthDays: ['last'] })).toBe(
      'Custom: full on Saturday and Sunday and on the last day of the month, incremental otherwise',
    );
    expect(formatScheme({ type: 'custom', fullOnWeekdays: [], fullOnMonthDays: [] })).toBe('Custom: always incremental');
  });
});

describe('formatRetention', () => {
  it('keeps everything in keep-all mode', () => {
    expect(formatRetention({ mode: 'keep_all' })).toBe('Keep all backups');
    expect(formatRetentionApplyAt({ mode: 'keep_all' })).toBe('Never deletes backups');
  });

  it('describes the default keep-last-15 rule', () => {
    expect(formatRetention(rules({ keepLast: 15 }))).toBe('Keep the last 15 backups');
    expect(formatRetention(rules({ keepLast: 1 }))).toBe('Keep the last backup');
  });

  it('combines every rule that keeps a backup', () => {
    const retention = rules({
      keepLast: 3,
      keepFor: { value: 30, unit: 'days' },
      backupSets: { hourly: null, daily: 7, weekly: 4, monthly: 12 },
      applyAt: 'before_backup',
    });
    expect(formatRetention(retention)).toBe('Keep the last 3 backups, backups for 30 days and the newest 7 daily, 4 weekly and 12 monthly');
    expect(formatRetentionApplyAt(retention)).toBe('Before the new backup starts');
  });

  it('says so when rules mode has no rule at all', () => {
    expect(formatRetention(rules({ backupSets: { hourly: null, daily: null, weekly: null, monthly: null } }))).toBe('Keep all backups (no rules set)');
  });

  it('uses the singular for one unit', () => {
    expect(formatRetention(rules({ keepFor: { value: 1, unit: 'weeks' } }))).toBe('Keep backups for 1 week');
  });
});

describe('calendar lists', () => {
  it('orders weekdays and names common groups', () => {
    expect(formatWeekdays(['wed', 'mon'])).toBe('Monday and Wednesday');
    expect(formatWeekdays(['sun', 'sat'])).toBe('Saturday and Sunday');
    expect(formatWeekdays(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('every day');
  });

  it('deduplicates and sorts month days, with the last day at the end', () => {
    expect(formatMonthDays(['last', 10, 2, 10])).toBe('days 2, 10 and the last day');
    expect(formatMonthDays(['last'])).toBe('the last day');
  });

  it('names months', () => {
    expect(formatMonths([12, 3])).toBe('March and December');
    expect(formatMonths([])).toBe('every month');
  });
});

describe('backup window', () => {
  const hours = (...allowed: number[]) => Array.from({ length: 24 }, (_, h) => allowed.includes(h));

  it('merges consecutive hours into ranges, including one ending at midnight', () => {
    expect(formatWindowDay(hours(0, 1, 2, 3, 4, 5, 22, 23))).toBe('00:00–06:00, 22:00–24:00');
  });

  it('names the all-day and never cases', () => {
    expect(formatWindowDay(hours(...Array.from({ length: 24 }, (_, h) => h)))).toBe('Any time');
    expect(formatWindowDay(hours())).toBe('No backups start');
  });

  it('labels rows Monday first', () => {
    const window = Array.from({ length: 7 }, (_, d) => hours(d));
    const days = formatBackupWindow(window);
    expect(days?.[0]).toEqual({ day: 'Monday', hours: '00:00–01:00' });
    expect(days?.[6]).toEqual({ day: 'Sunday', hours: '06:00–07:00' });
    expect(formatBackupWindow(null)).toBeNull();
  });
});

describe('advanced settings', () => {
  it('describes commands with quoting and options', () => {
    expect(formatCommand(null)).toBe('None');
    expect(
      formatCommand({ command: 'pg_dump', args: ['-f', '/backup/db dump.sql'], workingDir: '/var/lib/postgresql', stopOnError: true, waitForFinish: true }),
    ).toBe('pg_dump -f "/backup/db dump.sql" (in /var/lib/postgresql; waits for it to finish; stops the backup on error)');
  });

  it('describes delays and reattempts', () => {
    expect(formatRandomDelay({ enabled: true, minutes: 30 })).toBe('Up to 30 minutes');
    expect(formatRandomDelay({ enabled: false, minutes: 30 })).toBe('Off');
    expect(formatReattempts({ enabled: true, intervalMinutes: 5, maxAttempts: 5 })).toBe('Up to 5 attempts, 5 minutes apart');
    expect(formatReattempts({ enabled: false, intervalMinutes: 5, maxAttempts: 5 })).toBe('Off');
  });
});
