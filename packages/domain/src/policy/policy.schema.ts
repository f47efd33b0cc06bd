import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { InstanceKind } from '../instance/instance.schema';

export const POLICY_NAME_MAX = 50;
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;
export const WEEKDAYS = Weekday.options;

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (00:00–23:59)');

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
export const TimeZone = z.string().min(1).max(64).refine(isValidTimeZone, 'Unknown IANA time zone');

export const PolicyName = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(POLICY_NAME_MAX, `At most ${POLICY_NAME_MAX} characters`);

/** How a run decides between a full and an incremental backup. */
export const BackupScheme = z.discriminatedUnion('type', [
  z.object({ type: z.literal('always_incremental') }),
  z.object({ type: z.literal('always_full') }),
  z.object({ type: z.literal('weekly_full_daily_incremental'), fullDay: Weekday.default('mon') }),
  z.object({ type: z.literal('weekly_incremental') }),
  z.object({
    type: z.literal('custom'),
    /** Runs on these weekdays are full; every other run is incremental. */
    fullOnWeekdays: z.array(Weekday).max(7),
    /** Runs on these days of the month (`last` = last day) are full. */
    fullOnMonthDays: z.array(z.union([z.number().int().min(1).max(31), z.literal('last')])).max(32),
  }),
]);
export type BackupScheme = z.infer<typeof BackupScheme>;

export const MonthDay = z.union([z.number().int().min(1).max(31), z.literal('last')]);

const TimesOfDay = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('at'), times: z.array(TimeOfDay).min(1).max(48) }),
  z.object({
    mode: z.literal('every'),
    every: z.number().int().min(1).max(1440),
    unit: z.enum(['minutes', 'hours']),
    from: TimeOfDay,
    to: TimeOfDay,
  }),
]);

export const Schedule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fixed'),
    period: z.enum(['hourly', 'daily', 'weekly', 'monthly']),
    timesOfDay: TimesOfDay,
    weekdays: z.array(Weekday).max(7),
    monthDays: z.array(MonthDay).max(32),
    months: z.array(z.number().int().min(1).max(12)).max(12),
  }),
  z.object({
    kind: z.literal('interval'),
    every: z.number().int().min(1).max(10000),
    unit: z.enum(['hours', 'days']),
  }),
]);
export type Schedule = z.infer<typeof Schedule>;

const Count = z.number().int().min(1).max(100000).nullable();
export const Retention = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('keep_all') }),
  z.object({
    mode: z.literal('rules'),
    keepLast: Count,
    keepFor: z.object({ value: z.number().int().min(1).max(100000), unit: z.enum(['hours', 'days', 'weeks', 'months']) }).nullable(),
    /** Keep the newest N backups of each hourly/daily/weekly/monthly set. */
    backupSets: z.object({ hourly: Count, daily: Count, weekly: Count, monthly: Count }).nullable(),
    applyAt: z.enum(['before_backup', 'after_backup']),
  }),
]);
export type Retention = z.infer<typeof Retention>;

export const Command = z.object({
  command: z.string().min(1).max(1024),
  args: z.array(z.string().max(4096)).max(64),
  workingDir: z.string().max(4096).nullable(),
  stopOnError: z.boolean(),
  waitForFinish: z.boolean(),
});
export type Command = z.infer<typeof Command>;

export const ARCHIVE_NAME_VARIABLES = ['[Machine Name]', '[Policy Name]', '[Policy ID]', '[Unique ID]'] as const;
export const ArchiveNameTemplate = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !ARCHIVE_NAME_VARIABLES.some((v) => s.endsWith(v)), 'Must not end with a variable');

export const Compression = z.enum(['off', 'normal', 'high', 'max']);

/** A 7 × 24 grid (Monday first) of hours in which new backups may start. */
export const BackupWindow = z.array(z.array(z.boolean()).length(24)).length(7);

export const PolicySettings = z.object({
  scheme: BackupScheme,
  schedule: Schedule,
  timeZone: TimeZone,
  randomDelay: z.object({ enabled: z.boolean(), minutes: z.number().int().min(0).max(1440) }),
  maxParallelBackups: z.number().int().min(0).max(10000),
  runMissedLater: z.boolean(),
  retention: Retention,
  sources: z.object({
    paths: z.array(z.string().min(1).max(4096)).min(1).max(256),
    /** Skip /proc, /sys, /dev, /run and other pseudo file systems. */
    skipPseudoFilesystems: z.boolean(),
  }),
  fileFilters: z.object({
    exclusionMasks: z.array(z.string().min(1).max(1024)).max(256),
    inclusionMasks: z.array(z.string().min(1).max(1024)).max(256),
  }),
  compression: Compression,
  fastBackup: z.boolean(),
  validation: z.boolean(),
  reattempts: z.object({
    enabled: z.boolean(),
    intervalMinutes: z.number().int().min(1).max(1440),
    maxAttempts: z.number().int().min(1).max(100),
  }),
  preCommand: Command.nullable(),
  postCommand: Command.nullable(),
  archiveName: ArchiveNameTemplate,
  backupWindow: BackupWindow.nullable(),
});
export type PolicySettings = z.infer<typeof PolicySettings>;

export const PolicySummary = z.object({
  id: Id,
  folderId: Id,
  name: z.string(),
  enabled: z.boolean(),
  settings: PolicySettings,
  linkedInstanceCount: z.number().int(),
  /** The earliest next run over the linked instances. */
  nextRunAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type PolicySummary = z.infer<typeof PolicySummary>;

export const LinkedInstance = z.object({
  id: Id,
  name: z.string(),
  kind: InstanceKind,
  online: z.boolean(),
  /** Newest successful backup of this instance under the policy. */
  lastBackupAt: IsoDateTime.nullable(),
  /** When the scheduler will next start a backup of it under the policy (null: disabled or never). */
  nextRunAt: IsoDateTime.nullable(),
});
export const Policy = PolicySummary.extend({ instances: z.array(LinkedInstance) });
export type Policy = z.infer<typeof Policy>;
