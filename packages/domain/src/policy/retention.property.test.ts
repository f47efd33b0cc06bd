import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackupStatus, SUCCESSFUL_BACKUP_STATUSES } from '../backup/backup.schema';
import type { Retention } from './policy.schema';
import { type RetentionCandidate, type RetentionOptions, backupsToDelete } from './retention';

type Rules = Extract<Retention, { mode: 'rules' }>;

const HOUR = 3_600_000;
const now = new Date('2027-03-28T12:00:00Z');

/** Backups over the last ~400 days in three archives; half-hour steps so that equal start times happen. */
const backups: fc.Arbitrary<RetentionCandidate[]> = fc
  .array(
    fc.record({
      archiveId: fc.constantFrom('A', 'B', 'C'),
      status: fc.oneof({ arbitrary: fc.constantFrom('completed' as const, 'completed_with_warnings' as const), weight: 4 }, { arbitrary: fc.constantFrom(...BackupStatus.options), weight: 2 }),
      halfHoursAgo: fc.oneof(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 0, max: 400 * 48 })),
    }),
    { maxLength: 40 },
  )
  .map((list) => list.map((b, i) => ({ id: `bk${String(i).padStart(2, '0')}`, archiveId: b.archiveId, status: b.status, startedAt: new Date(now.getTime() - (b.halfHoursAgo * HOUR) / 2) })));

// Rules are left out half the time, so that each one is often the only thing deciding.
const count = fc.option(fc.integer({ min: 1, max: 8 }), { nil: null, freq: 2 });
const rules: fc.Arbitrary<Rules> = fc.record({
  mode: fc.constant('rules' as const),
  keepLast: count,
  keepFor: fc.option(fc.record({ value: fc.integer({ min: 1, max: 30 }), unit: fc.constantFrom('hours' as const, 'days' as const, 'weeks' as const, 'months' as const) }), {
    nil: null,
    freq: 2,
  }),
  backupSets: fc.option(fc.record({ hourly: count, daily: count, weekly: count, monthly: count }), { nil: null, freq: 2 }),
  applyAt: fc.constantFrom('before_backup' as const, 'after_backup' as const),
});
const options: fc.Arbitrary<RetentionOptions> = fc.record({
  timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'),
  allowDeletingLastSuccessful: fc.boolean(),
});

const isSuccessful = (b: RetentionCandidate) => SUCCESSFUL_BACKUP_STATUSES.includes(b.status);
const deletedIds = (list: RetentionCandidate[], r: Retention, o: RetentionOptions) => new Set(backupsToDelete(list, r, now, o).map((d) => d.id));

function newestSuccessful(list: RetentionCandidate[], archiveId: string): RetentionCandidate | undefined {
  return list
    .filter((b) => b.archiveId === archiveId && isSuccessful(b))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1))[0];
}

describe('retention properties', () => {
  it('never deletes a running backup, nor the newest successful one of an archive unless allowed', () => {
    fc.assert(
      fc.property(backups, rules, options, (list, r, o) => {
        const deleted = deletedIds(list, r, o);
        for (const b of list) if (b.status === 'running') expect(deleted.has(b.id)).toBe(false);
        if (o.allowDeletingLastSuccessful) return;
        for (const archiveId of ['A', 'B', 'C']) {
          const newest = newestSuccessful(list, archiveId);
          if (newest) expect(deleted.has(newest.id)).toBe(false);
        }
      }),
    );
  });

  it('is idempotent: the survivors lose nothing more', () => {
    fc.assert(
      fc.property(backups, rules, options, (list, r, o) => {
        const deleted = deletedIds(list, r, o);
        expect(backupsToDelete(list.filter((b) => !deleted.has(b.id)), r, now, o)).toEqual([]);
      }),
    );
  });

  it('keep last N keeps exactly min(N, count) successful backups on its own', () => {
    fc.assert(
      fc.property(backups, fc.integer({ min: 1, max: 8 }), options, (list, n, o) => {
        const deleted = deletedIds(list, { mode: 'rules', keepLast: n, keepFor: null, backupSets: null, applyAt: 'after_backup' }, o);
        for (const archiveId of ['A', 'B', 'C']) {
          const successful = list.filter((b) => b.archiveId === archiveId && isSuccessful(b));
          expect(successful.filter((b) => !deleted.has(b.id))).toHaveLength(Math.min(n, successful.length));
        }
      }),
    );
  });

  it('rules combine as a union: a successful backup survives when keep-last or the other rules keep it', () => {
    fc.assert(
      fc.property(backups, rules, options, (list, r, o) => {
        const all = deletedIds(list, r, o);
        const byKeepLast = deletedIds(list, { ...r, keepFor: null, backupSets: null }, o);
        const byOthers = deletedIds(list, { ...r, keepLast: null }, o);
        const othersHaveRules = r.keepFor !== null || (r.backupSets !== null && Object.values(r.backupSets).some((c) => c !== null));
        for (const b of list.filter(isSuccessful)) {
          if (r.keepLast === null) expect(all.has(b.id)).toBe(byOthers.has(b.id));
          else if (!othersHaveRules) expect(all.has(b.id)).toBe(byKeepLast.has(b.id));
          else expect(all.has(b.id)).toBe(byKeepLast.has(b.id) && byOthers.has(b.id));
        }
      }),
    );
  });

  it('a backup set keeps the newest backup of each of its N newest periods (UTC model on ISO strings)', () => {
    const DAY = 24 * HOUR;
    const period = {
      hourly: (d: Date) => d.toISOString().slice(0, 13),
      daily: (d: Date) => d.toISOString().slice(0, 10),
      weekly: (d: Date) => new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10),
      monthly: (d: Date) => d.toISOString().slice(0, 7),
    };
    fc.assert(
      fc.property(backups, fc.constantFrom('hourly' as const, 'daily' as const, 'weekly' as const, 'monthly' as const), fc.integer({ min: 1, max: 8 }), (list, set, n) => {
        const onlySet: Rules = { mode: 'rules', keepLast: null, keepFor: null, backupSets: { hourly: null, daily: null, weekly: null, monthly: null, [set]: n }, applyAt: 'after_backup' };
        const deleted = deletedIds(list, onlySet, { allowDeletingLastSuccessful: true });
        for (const archiveId of ['A', 'B', 'C']) {
          const newestOfPeriod = new Map<string, RetentionCandidate>();
          for (const b of list.filter((x) => x.archiveId === archiveId && isSuccessful(x))) {
            const key = period[set](b.startedAt);
            const current = newestOfPeriod.get(key);
            if (!current || b.startedAt > current.startedAt || (b.startedAt.getTime() === current.startedAt.getTime() && b.id > current.id)) newestOfPeriod.set(key, b);
          }
          const expected = [...newestOfPeriod.keys()].sort().reverse().slice(0, n).map((k) => newestOfPeriod.get(k)?.id);
          const survivors = list.filter((b) => b.archiveId === archiveId && isSuccessful(b) && !deleted.has(b.id)).map((b) => b.id);
          expect(survivors.sort()).toEqual(expected.sort());
        }
      }),
    );
  });

  it('archives are independent', () => {
    fc.assert(
      fc.property(backups, rules, options, (list, r, o) => {
        const alone = backupsToDelete(
          list.filter((b) => b.archiveId === 'A'),
          r,
          now,
          o,
        );
        const together = backupsToDelete(list, r, now, o).filter((d) => list.find((b) => b.id === d.id)?.archiveId === 'A');
        expect(together).toEqual(alone);
      }),
    );
  });

  it('does not depend on input order, and lists deletions oldest first', () => {
    fc.assert(
      fc.property(backups, rules, options, (list, r, o) => {
        const decisions = backupsToDelete(list, r, now, o);
        expect(backupsToDelete([...list].reverse(), r, now, o)).toEqual(decisions);
        const startedAt = decisions.map((d) => list.find((b) => b.id === d.id)?.startedAt.getTime() ?? NaN);
        expect(startedAt).toEqual([...startedAt].sort((a, b) => a - b));
      }),
    );
  });
});
