import type { PolicySettings } from '../policy/policy.schema';
import { nextFixedRun } from '../policy/schedule';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../policy/zoned-time';

/** Slack on top of the schedule's longest gap: a backup takes time, and a run may start late. */
export const AT_RISK_GRACE_MS = 2 * HOUR_MS;
/** How far ahead a fixed schedule's gaps are measured: covers a yearly month list and a leap day. */
const LOOKAHEAD_MS = 400 * DAY_MS;
const MAX_SLOTS = 2_000;

/**
 * How old the newest good backup of an instance may be under `settings` before the instance is at risk:
 * the longest gap between two consecutive runs the schedule produces (interval schedules: the interval),
 * plus the random start delay, plus AT_RISK_GRACE_MS. Null when the policy schedules nothing (disabled, or a
 * fixed schedule with no future run): such a policy puts nobody at risk.
 */
export function atRiskAllowanceMs(settings: PolicySettings, enabled: boolean, now: Date): number | null {
  if (!enabled) return null;
  const delay = settings.randomDelay.enabled ? settings.randomDelay.minutes * MINUTE_MS : 0;
  const schedule = settings.schedule;
  if (schedule.kind === 'interval') {
    const every = schedule.unit === 'hours' ? schedule.every * HOUR_MS : schedule.every * DAY_MS + HOUR_MS; // + a DST hour
    return every + delay + AT_RISK_GRACE_MS;
  }
  let previous = nextFixedRun(schedule, settings.timeZone, now);
  if (previous === null) return null;
  const end = now.getTime() + LOOKAHEAD_MS;
  let longest = 0;
  for (let i = 0; i < MAX_SLOTS; i++) {
    const next = nextFixedRun(schedule, settings.timeZone, previous);
    if (next === null || next.getTime() > end) {
      // A schedule that runs once in the window (a month list with one month): the gap wraps to next year.
      if (longest === 0) longest = next === null ? LOOKAHEAD_MS : next.getTime() - previous.getTime();
      break;
    }
    longest = Math.max(longest, next.getTime() - previous.getTime());
    previous = next;
  }
  return longest + delay + AT_RISK_GRACE_MS;
}

/**
 * At risk: linked to a policy that schedules runs, and the newest good backup under that policy is older
 * than the policy allows — or there is none and the link itself is older than that.
 */
export function isAtRisk(input: { allowanceMs: number | null; lastGoodBackupAt: Date | null; linkedAt: Date; now: Date }): boolean {
  if (input.allowanceMs === null) return false;
  const since = input.lastGoodBackupAt ?? input.linkedAt;
  return input.now.getTime() - since.getTime() > input.allowanceMs;
}
