import { describe, expect, it } from 'vitest';
import type { BackupStatus } from '../backup/backup.schema';
import type { Retention } from './policy.schema';
import { type RetentionCandidate, backupsToDelete } from './retention';

type Rules = Extract<Retention, { mode: 'rules' }>;

function rules(r: Partial<Omit<Rules, 'mode'>>): Rules {
  return { mode: 'rules', keepLast: null, keepFor: null, backupSets: null, applyAt: 'after_backup', ...r };
}

function sets(s: Partial<NonNullable<Rules['backupSets']>>): NonNullable<Rules['backupSets']> {
  return { hourly: null, daily: null, weekly: null, monthly: null, ...s };
}

function backup(id: string, startedAt: string, status: BackupStatus = 'completed', archiveId = 'arc'): RetentionCandidate {
  return { id, archiveId, status, startedAt: new Date(startedAt) };
}

/** One successful backup a day at 02:00 UTC, on the given June 2026 days, named d<day>. */
function daily(...days: number[]): RetentionCandidate[] {
  return days.map((d) => backup(`d${d}`, `2026-06-${String(d).padStart(2, '0')}T02:00:00Z`));
}

const now = new Date('2026-06-30T12:00:00Z');
const ids = (decisions: { id: string }[]) => decisions.map((d) => d.id);

describe('retention: nothing to do', () => {
  it('keep all deletes nothing', () => {
    expect(backupsToDelete(daily(1, 2, 3), { mode: 'keep_all' }, now)).toEqual([]);
  });

  it('rules with no rule set delete nothing, including empty backup sets', () => {
    const failed = backup('f', '2026-06-01T00:00:00Z', 'failed');
    expect(backupsToDelete([...daily(1, 2, 3), failed], rules({}), now)).toEqual([]);
    expect(backupsToDelete([...daily(1, 2, 3), failed], rules({ backupSets: sets({}) }), now)).toEqual([]);
  });

  it('an empty archive list deletes nothing', () => {
    expect(backupsToDelete([], rules({ keepLast: 1 }), now)).toEqual([]);
  });
});

describe('retention: keep last N', () => {
  it('keeps the N newest successful backups and deletes the rest, oldest first', () => {
    expect(backupsToDelete(daily(5, 1, 4, 2, 3), rules({ keepLast: 3 }), now)).toEqual([
      { id: 'd1', reason: 'not among the last 3' },
      { id: 'd2', reason: 'not among the last 3' },
    ]);
    expect(backupsToDelete(daily(1, 2), rules({ keepLast: 1 }), now)).toEqual([{ id: 'd1', reason: 'not the last backup' }]);
  });

  it('keeps everything when there are at most N', () => {
    expect(backupsToDelete(daily(1, 2, 3), rules({ keepLast: 3 }), now)).toEqual([]);
  });

  it('counts only successful backups; running ones are neither counted nor deleted', () => {
    const backups = [
      ...daily(1, 2, 3),
      backup('warn', '2026-06-04T02:00:00Z', 'completed_with_warnings'),
      backup('run', '2026-06-05T02:00:00Z', 'running'),
      backup('old-run', '2026-05-01T02:00:00Z', 'running'),
    ];
    expect(ids(backupsToDelete(backups, rules({ keepLast: 2 }), now))).toEqual(['d1', 'd2']);
  });

  it('breaks ties of start time by id, the same way every time', () => {
    const tied = [backup('b', '2026-06-01T00:00:00Z'), backup('a', '2026-06-01T00:00:00Z'), backup('c', '2026-06-01T00:00:00Z')];
    expect(ids(backupsToDelete(tied, rules({ keepLast: 1 }), now))).toEqual(['a', 'b']);
    expect(ids(backupsToDelete([...tied].reverse(), rules({ keepLast: 1 }), now))).toEqual(['a', 'b']);
  });
});

describe('retention: keep for a duration', () => {
  it('keeps backups started at or after now minus the duration', () => {
    const backups = [backup('old', '2026-05-31T11:59:59Z'), backup('edge', '2026-05-31T12:00:00Z'), backup('new', '2026-06-29T00:00:00Z')];
    expect(backupsToDelete(backups, rules({ keepFor: { value: 30, unit: 'days' } }), now)).toEqual([{ id: 'old', reason: 'older than 30 days' }]);
  });

  it('hours and weeks are exact', () => {
    const backups = [backup('a', '2026-06-30T09:59:00Z'), backup('b', '2026-06-30T10:00:00Z'), backup('c', '2026-06-16T11:00:00Z'), backup('d', '2026-06-16T12:00:00Z')];
    expect(ids(backupsToDelete(backups, rules({ keepFor: { value: 2, unit: 'hours' } }), now))).toEqual(['c', 'd', 'a']);
    expect(backupsToDelete(backups, rules({ keepFor: { value: 2, unit: 'weeks' } }), now)).toEqual([{ id: 'c', reason: 'older than 2 weeks' }]);
    expect(backupsToDelete(backups, rules({ keepFor: { value: 1, unit: 'weeks' } }), now)[0]?.reason).toBe('older than 1 week');
  });

  it('months are calendar months, the day clamped to the shorter month', () => {
    const march31 = new Date('2026-03-31T12:00:00Z');
    const backups = [backup('before', '2026-02-28T11:59:00Z'), backup('at', '2026-02-28T12:00:00Z'), backup('newest', '2026-03-30T00:00:00Z')];
    expect(ids(backupsToDelete(backups, rules({ keepFor: { value: 1, unit: 'months' } }), march31))).toEqual(['before']);
    // Twelve months before 2028-02-29 is 2027-02-28.
    const leap = [backup('x', '2027-02-27T23:00:00Z'), backup('y', '2027-02-28T00:00:00Z'), backup('z', '2028-02-28T00:00:00Z')];
    expect(ids(backupsToDelete(leap, rules({ keepFor: { value: 12, unit: 'months' } }), new Date('2028-02-29T00:00:00Z')))).toEqual(['x']);
  });

  it('months are counted on the policy time zone wall clock', () => {
    // 12:00 CEST on 31 March, one month back: 12:00 CET on 28 February = 11:00 UTC (UTC would say 10:00 UTC).
    const at = new Date('2026-03-31T10:00:00Z');
    const backups = [backup('b', '2026-02-28T10:30:00Z'), backup('newest', '2026-03-30T00:00:00Z')];
    const keepMonth = rules({ keepFor: { value: 1, unit: 'months' } });
    expect(ids(backupsToDelete(backups, keepMonth, at))).toEqual([]);
    expect(ids(backupsToDelete(backups, keepMonth, at, { timeZone: 'Europe/Berlin' }))).toEqual(['b']);
  });
});

describe('retention: backup sets', () => {
  it('daily keeps the newest backup of each of the N newest days that have backups', () => {
    const backups = [
      ...daily(1, 2, 5, 9),
      backup('d9-early', '2026-06-09T01:00:00Z'),
      backup('d9-late', '2026-06-09T23:00:00Z'),
      backup('d5-late', '2026-06-05T20:00:00Z'),
    ];
    const deleted = backupsToDelete(backups, rules({ backupSets: sets({ daily: 3 }) }), now);
    expect(ids(deleted)).toEqual(['d1', 'd5', 'd9-early', 'd9']);
    expect(deleted[0]?.reason).toBe('not kept by the backup sets (3 daily)');
  });

  it('weekly uses ISO weeks starting on Monday', () => {
    // 2026-06-28 is a Sunday, 2026-06-29 a Monday.
    const backups = [backup('sat', '2026-06-27T10:00:00Z'), backup('sun', '2026-06-28T10:00:00Z'), backup('mon', '2026-06-29T10:00:00Z'), backup('tue', '2026-06-30T10:00:00Z')];
    expect(ids(backupsToDelete(backups, rules({ backupSets: sets({ weekly: 2 }) }), now))).toEqual(['sat', 'mon']);
  });

  it('hourly and monthly buckets', () => {
    const hours = [backup('h1', '2026-06-30T09:10:00Z'), backup('h2', '2026-06-30T09:50:00Z'), backup('h3', '2026-06-30T10:05:00Z'), backup('h4', '2026-06-30T08:00:00Z')];
    expect(ids(backupsToDelete(hours, rules({ backupSets: sets({ hourly: 2 }) }), now))).toEqual(['h4', 'h1']);
    const months = [backup('m1', '2026-04-30T23:00:00Z'), backup('m2', '2026-05-01T00:00:00Z'), backup('m3', '2026-05-31T00:00:00Z'), backup('m4', '2026-06-02T00:00:00Z')];
    expect(ids(backupsToDelete(months, rules({ backupSets: sets({ monthly: 2 }) }), now))).toEqual(['m1', 'm2']);
    expect(ids(backupsToDelete(months, rules({ backupSets: sets({ monthly: 3 }) }), now))).toEqual(['m2']);
  });

  it('buckets follow the policy time zone', () => {
    // 23:30 UTC on 29 June is already 30 June in Berlin, in the same local day as the 10:00 UTC backup.
    const backups = [backup('late29', '2026-06-29T23:30:00Z'), backup('on30', '2026-06-30T10:00:00Z')];
    const newestDay = rules({ backupSets: sets({ daily: 1 }) });
    expect(ids(backupsToDelete(backups, newestDay, now, { allowDeletingLastSuccessful: true }))).toEqual(['late29']);
    expect(ids(backupsToDelete([...backups, backup('early29', '2026-06-29T05:00:00Z')], rules({ backupSets: sets({ daily: 2 }) }), now))).toEqual(['early29']);
    expect(
      ids(backupsToDelete([...backups, backup('early29', '2026-06-29T05:00:00Z')], rules({ backupSets: sets({ daily: 2 }) }), now, { timeZone: 'Europe/Berlin' })),
    ).toEqual(['late29']);
  });

  it('several sets keep the union of what each keeps', () => {
    const backups = daily(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    // Daily 3 keeps 13–15; weekly 3 keeps the newest of the weeks of 1–7 (Sunday the 7th), 8–14 and 15.
    const deleted = backupsToDelete(backups, rules({ backupSets: sets({ daily: 3, weekly: 3 }) }), now);
    expect(ids(deleted)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd8', 'd9', 'd10', 'd11', 'd12']);
    expect(deleted[0]?.reason).toBe('not kept by the backup sets (3 daily, 3 weekly)');
  });
});

describe('retention: rules combined', () => {
  it('a backup survives when any rule keeps it, and the reason names every rule', () => {
    const backups = [...daily(1, 2, 3, 4, 5), backup('recent', '2026-06-29T00:00:00Z')];
    // 27 days back is 3 June 12:00: the 4th and 5th are young enough, the 5th and `recent` are the last two.
    const deleted = backupsToDelete(backups, rules({ keepLast: 2, keepFor: { value: 27, unit: 'days' } }), now);
    expect(ids(deleted)).toEqual(['d1', 'd2', 'd3']);
    expect(deleted[0]?.reason).toBe('older than 27 days and not among the last 2');
    const all = backupsToDelete(backups, rules({ keepLast: 2, keepFor: { value: 3, unit: 'days' }, backupSets: sets({ monthly: 1 }) }), now);
    expect(all[0]?.reason).toBe('older than 3 days, not among the last 2 and not kept by the backup sets (1 monthly)');
    expect(ids(all)).toEqual(['d1', 'd2', 'd3', 'd4']);
  });
});

describe('retention: failed and abandoned backups', () => {
  it('go once a newer successful backup exists', () => {
    const backups = [backup('failed', '2026-06-01T00:00:00Z', 'failed'), backup('ok', '2026-06-02T00:00:00Z'), backup('abandoned', '2026-06-03T00:00:00Z', 'abandoned')];
    expect(backupsToDelete(backups, rules({ keepLast: 5 }), now)).toEqual([{ id: 'failed', reason: 'failed and a newer successful backup exists' }]);
  });

  it('without a newer success they stay, unless older than keep-for', () => {
    const backups = [backup('ok', '2026-05-01T00:00:00Z'), backup('old', '2026-05-02T00:00:00Z', 'abandoned'), backup('new', '2026-06-29T00:00:00Z', 'failed')];
    expect(backupsToDelete(backups, rules({ keepLast: 1 }), now)).toEqual([]);
    expect(backupsToDelete(backups, rules({ keepFor: { value: 7, unit: 'days' } }), now)).toEqual([{ id: 'old', reason: 'abandoned and older than 7 days' }]);
  });

  it('an archive with only failures keeps them while they are young', () => {
    const backups = [backup('f1', '2026-06-29T00:00:00Z', 'failed'), backup('f2', '2026-06-30T00:00:00Z', 'failed')];
    expect(backupsToDelete(backups, rules({ keepLast: 1, keepFor: { value: 30, unit: 'days' } }), now)).toEqual([]);
  });
});

describe('retention: safety and archives', () => {
  it('never deletes the newest successful backup of an archive, unless allowed', () => {
    const backups = [...daily(1, 2), backup('later-failure', '2026-06-10T00:00:00Z', 'failed')];
    const oneDay = rules({ keepFor: { value: 1, unit: 'days' } });
    expect(ids(backupsToDelete(backups, oneDay, now))).toEqual(['d1', 'later-failure']);
    expect(ids(backupsToDelete(backups, oneDay, now, { allowDeletingLastSuccessful: true }))).toEqual(['d1', 'd2', 'later-failure']);
  });

  it('decides each archive on its own and merges the result oldest first', () => {
    const backups = [
      backup('a1', '2026-06-01T00:00:00Z', 'completed', 'A'),
      backup('a2', '2026-06-03T00:00:00Z', 'completed', 'A'),
      backup('b1', '2026-06-02T00:00:00Z', 'completed', 'B'),
      backup('b2', '2026-06-04T00:00:00Z', 'completed', 'B'),
      backup('b0', '2026-05-20T00:00:00Z', 'failed', 'B'),
    ];
    expect(ids(backupsToDelete(backups, rules({ keepLast: 1 }), now))).toEqual(['b0', 'a1', 'b1']);
  });
});
