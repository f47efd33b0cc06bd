import { describe, expect, it } from 'vitest';
import { defaultPolicies } from './default-policies';
import { ArchiveNameTemplate, PolicyName, PolicySettings, TimeZone } from './policy.schema';

describe('policy schema', () => {
  it('default policies are valid, incremental and keep the last 15', () => {
    const defaults = defaultPolicies();
    expect(defaults.map((p) => p.name)).toEqual(['Default daily', 'Default weekly', 'Default monthly']);
    for (const p of defaults) {
      expect(PolicySettings.parse(p.settings)).toEqual(p.settings);
      expect(p.settings.scheme.type).toBe('always_incremental');
      expect(p.settings.retention).toMatchObject({ mode: 'rules', keepLast: 15 });
    }
  });

  it('archive names must not end with a variable', () => {
    expect(ArchiveNameTemplate.safeParse('[Machine Name]-[Policy ID]').success).toBe(false);
    expect(ArchiveNameTemplate.safeParse('[Machine Name]-[Policy ID]-x').success).toBe(true);
  });

  it('policy names are 1–50 characters', () => {
    expect(PolicyName.safeParse('').success).toBe(false);
    expect(PolicyName.safeParse('a'.repeat(50)).success).toBe(true);
    expect(PolicyName.safeParse('a'.repeat(51)).success).toBe(false);
  });

  it('time zones are IANA names', () => {
    expect(TimeZone.safeParse('Europe/Berlin').success).toBe(true);
    expect(TimeZone.safeParse('Mars/Olympus').success).toBe(false);
  });

  it('rejects an invalid time of day in a schedule', () => {
    const settings = structuredClone(defaultPolicies()[0]!.settings);
    settings.schedule = { kind: 'fixed', period: 'daily', timesOfDay: { mode: 'at', times: ['24:00'] }, weekdays: [], monthDays: [], months: [] };
    expect(PolicySettings.safeParse(settings).success).toBe(false);
  });
});
