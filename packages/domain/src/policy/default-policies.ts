import type { PolicySettings, Schedule } from './policy.schema';

function baseSettings(schedule: Schedule): PolicySettings {
  return {
    scheme: { type: 'always_incremental' },
    schedule,
    timeZone: 'UTC',
    randomDelay: { enabled: true, minutes: 30 },
    maxParallelBackups: 0,
    runMissedLater: true,
    retention: { mode: 'rules', keepLast: 15, keepFor: null, backupSets: null, applyAt: 'after_backup' },
    sources: { paths: ['/'], skipPseudoFilesystems: true },
    fileFilters: { exclusionMasks: [], inclusionMasks: [] },
    compression: 'normal',
    fastBackup: true,
    validation: false,
    reattempts: { enabled: true, intervalMinutes: 5, maxAttempts: 5 },
    preCommand: null,
    postCommand: null,
    archiveName: '[Machine Name]-[Policy ID]-[Unique ID]A',
    backupWindow: null,
  };
}

const at = (time: string) => ({ mode: 'at' as const, times: [time] });

/** The three policies activation creates unless the user opts out (SPEC §1). */
export function defaultPolicies(): { name: string; settings: PolicySettings }[] {
  return [
    {
      name: 'Default daily',
      settings: baseSettings({ kind: 'fixed', period: 'daily', timesOfDay: at('03:00'), weekdays: [], monthDays: [], months: [] }),
    },
    {
      name: 'Default weekly',
      settings: baseSettings({ kind: 'fixed', period: 'weekly', timesOfDay: at('03:00'), weekdays: ['mon'], monthDays: [], months: [] }),
    },
    {
      name: 'Default monthly',
      settings: baseSettings({ kind: 'fixed', period: 'monthly', timesOfDay: at('03:00'), weekdays: [], monthDays: [1], months: [] }),
    },
  ];
}
