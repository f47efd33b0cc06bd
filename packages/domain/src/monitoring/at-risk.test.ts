import { describe, expect, it } from 'vitest';
import { defaultPolicies } from '../policy/default-policies';
import type { PolicySettings } from '../policy/policy.schema';
import { AT_RISK_GRACE_MS, atRiskAllowanceMs, isAtRisk } from './at-risk';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-03-10T12:00:00Z');
const [daily, weekly, monthly] = defaultPolicies().map((p) => p.settings) as [PolicySettings, PolicySettings, PolicySettings];
const noDelay = (s: PolicySettings): PolicySettings => ({ ...s, randomDelay: { enabled: false, minutes: 0 } });

describe('atRiskAllowanceMs', () => {
  it('is the longest gap between runs, plus the random delay, plus the grace', () => {
    expect(atRiskAllowanceMs(noDelay(daily), true, now)).toBe(DAY + AT_RISK_GRACE_MS);
    expect(atRiskAllowanceMs(daily, true, now)).toBe(DAY + 30 * 60_000 + AT_RISK_GRACE_MS);
    expect(atRiskAllowanceMs(noDelay(weekly), true, now)).toBe(7 * DAY + AT_RISK_GRACE_MS);
    // Monthly on the 1st: the longest gap within a year is 31 days.
    expect(atRiskAllowanceMs(noDelay(monthly), true, now)).toBe(31 * DAY + AT_RISK_GRACE_MS);
  });

  it('takes the longest gap of an uneven schedule (weekdays only: Friday to Monday)', () => {
    const s = noDelay({ ...daily, schedule: { ...daily.schedule, weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] } as PolicySettings['schedule'] });
    expect(atRiskAllowanceMs(s, true, now)).toBe(3 * DAY + AT_RISK_GRACE_MS);
  });

  it('interval schedules allow their interval; disabled policies put nobody at risk', () => {
    expect(atRiskAllowanceMs(noDelay({ ...daily, schedule: { kind: 'interval', every: 6, unit: 'hours' } }), true, now)).toBe(6 * HOUR + AT_RISK_GRACE_MS);
    expect(atRiskAllowanceMs(daily, false, now)).toBeNull();
  });
});

describe('isAtRisk', () => {
  const linkedAt = new Date(now.getTime() - 10 * DAY);
  it('compares the newest good backup, or the link when there is none, with the allowance', () => {
    expect(isAtRisk({ allowanceMs: DAY, lastGoodBackupAt: new Date(now.getTime() - DAY + 1), linkedAt, now })).toBe(false);
    expect(isAtRisk({ allowanceMs: DAY, lastGoodBackupAt: new Date(now.getTime() - DAY - 1), linkedAt, now })).toBe(true);
    expect(isAtRisk({ allowanceMs: DAY, lastGoodBackupAt: null, linkedAt, now })).toBe(true);
    expect(isAtRisk({ allowanceMs: DAY, lastGoodBackupAt: null, linkedAt: new Date(now.getTime() - HOUR), now })).toBe(false);
    expect(isAtRisk({ allowanceMs: null, lastGoodBackupAt: null, linkedAt, now })).toBe(false);
  });
});
