import { type BackupStatus, SUCCESSFUL_BACKUP_STATUSES } from '../backup/backup.schema';
import type { Retention } from './policy.schema';
import { DAY_MS, HOUR_MS, addMonthsToWall, instantOfWall, wallFields, wallTime } from './zoned-time';

/*
 * Which backups a retention policy deletes (SPEC §3), decided for each archive on its own.
 *
 * - A running backup is never deleted and never counted.
 * - A successful backup survives when any rule keeps it: one of the newest `keepLast`; started within
 *   `keepFor` of now (months are calendar months in the policy's time zone); or the newest backup of one of
 *   the N newest hours / days / ISO weeks / months that have successful backups (`backupSets`, local time).
 * - A failed or abandoned backup restores nothing: it goes once a newer successful backup exists, or when
 *   it is older than `keepFor`.
 * - The newest successful backup of an archive stays whatever the rules say, unless the caller explicitly
 *   allows deleting it.
 * Keeping all backups, or a rules policy with no rule set, deletes nothing.
 */

export interface RetentionCandidate {
  id: string;
  archiveId: string;
  status: BackupStatus;
  startedAt: Date;
}

export interface RetentionDecision {
  id: string;
  /** Why, in words: "older than 30 days and not among the last 15". */
  reason: string;
}

export interface RetentionOptions {
  /** Zone for calendar months and backup sets; UTC by default. */
  timeZone?: string;
  allowDeletingLastSuccessful?: boolean;
}

type RetentionRules = Extract<Retention, { mode: 'rules' }>;
type KeepFor = NonNullable<RetentionRules['keepFor']>;
type BackupSets = NonNullable<RetentionRules['backupSets']>;
type BackupSet = keyof BackupSets;

const BACKUP_SETS: readonly BackupSet[] = ['hourly', 'daily', 'weekly', 'monthly'];
const UNIT_MS = { hours: HOUR_MS, days: DAY_MS, weeks: 7 * DAY_MS } as const;

function isSuccessful(b: RetentionCandidate): boolean {
  return SUCCESSFUL_BACKUP_STATUSES.includes(b.status);
}

/** Newest first; equal start times are ordered by id so that every decision is deterministic. */
function newestFirst(a: RetentionCandidate, b: RetentionCandidate): number {
  return b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function plural(n: number, unit: string): string {
  return `${n} ${n === 1 ? unit : `${unit}s`}`;
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Backups started before this instant are outside `keepFor`. */
function keepForCutoff(keepFor: KeepFor, now: Date, timeZone: string): number {
  if (keepFor.unit !== 'months') return now.getTime() - keepFor.value * UNIT_MS[keepFor.unit];
  return instantOfWall(addMonthsToWall(wallTime(now.getTime(), timeZone), -keepFor.value), timeZone);
}

/** The local hour, day, ISO week (Monday first) or month a wall time falls in, as a number that grows with time. */
function bucketOf(set: BackupSet, wall: number): number {
  const day = Math.floor(wall / DAY_MS);
  switch (set) {
    case 'hourly':
      return Math.floor(wall / HOUR_MS);
    case 'daily':
      return day;
    case 'weekly':
      return Math.floor((day + 3) / 7); // 1970-01-01 was a Thursday
    case 'monthly': {
      const { year, month } = wallFields(wall);
      return year * 12 + month;
    }
  }
}

/** The newest backup of each of the `count` newest buckets; `successful` is newest first, with local start times. */
function keptBySet(successful: readonly RetentionCandidate[], walls: readonly number[], set: BackupSet, count: number): RetentionCandidate[] {
  const newestOfBucket = new Map<number, RetentionCandidate>();
  for (const [i, backup] of successful.entries()) {
    const bucket = bucketOf(set, walls[i] ?? 0);
    if (!newestOfBucket.has(bucket)) newestOfBucket.set(bucket, backup);
  }
  return [...newestOfBucket.entries()]
    .sort(([a], [b]) => b - a)
    .slice(0, count)
    .map(([, backup]) => backup);
}

function activeSets(rules: RetentionRules): [BackupSet, number][] {
  const sets = rules.backupSets;
  if (!sets) return [];
  return BACKUP_SETS.flatMap((set) => (sets[set] === null ? [] : [[set, sets[set]] as [BackupSet, number]]));
}

function keepForWords(keepFor: KeepFor): string {
  return `older than ${plural(keepFor.value, keepFor.unit.slice(0, -1))}`;
}

/** Why a successful backup that no rule keeps is deleted: every rule that could have kept it. */
function successfulReason(rules: RetentionRules, sets: readonly [BackupSet, number][]): string {
  const parts: string[] = [];
  if (rules.keepFor) parts.push(keepForWords(rules.keepFor));
  if (rules.keepLast !== null) parts.push(rules.keepLast === 1 ? 'not the last backup' : `not among the last ${rules.keepLast}`);
  if (sets.length > 0) parts.push(`not kept by the backup sets (${sets.map(([set, n]) => `${n} ${set}`).join(', ')})`);
  return joinWords(parts);
}

interface Deletion {
  backup: RetentionCandidate;
  reason: string;
}

function decideArchive(
  backups: readonly RetentionCandidate[],
  rules: RetentionRules,
  sets: readonly [BackupSet, number][],
  keepForCut: number | null,
  timeZone: string,
  allowDeletingLastSuccessful: boolean,
): Deletion[] {
  const successful = backups.filter(isSuccessful).sort(newestFirst);
  const kept = new Set<RetentionCandidate>();
  if (rules.keepLast !== null) for (const b of successful.slice(0, rules.keepLast)) kept.add(b);
  if (keepForCut !== null) for (const b of successful) if (b.startedAt.getTime() >= keepForCut) kept.add(b);
  const walls = sets.length > 0 ? successful.map((b) => wallTime(b.startedAt.getTime(), timeZone)) : [];
  for (const [set, count] of sets) for (const b of keptBySet(successful, walls, set, count)) kept.add(b);
  const newest = successful[0];
  if (newest && !allowDeletingLastSuccessful) kept.add(newest);

  const reason = successfulReason(rules, sets);
  const deletions: Deletion[] = successful.filter((b) => !kept.has(b)).map((backup) => ({ backup, reason }));

  const newestSuccessfulAt = newest?.startedAt.getTime() ?? -Infinity;
  for (const backup of backups) {
    if (backup.status !== 'failed' && backup.status !== 'abandoned') continue;
    const startedAt = backup.startedAt.getTime();
    if (newestSuccessfulAt > startedAt) deletions.push({ backup, reason: `${backup.status} and a newer successful backup exists` });
    else if (keepForCut !== null && rules.keepFor && startedAt < keepForCut) deletions.push({ backup, reason: `${backup.status} and ${keepForWords(rules.keepFor)}` });
  }
  return deletions;
}

function oldestFirst(a: Deletion, b: Deletion): number {
  return -newestFirst(a.backup, b.backup);
}

/** The backups a retention policy deletes at `now`, oldest first. */
export function backupsToDelete(
  backups: readonly RetentionCandidate[],
  retention: Retention,
  now: Date,
  opts: RetentionOptions = {},
): RetentionDecision[] {
  if (retention.mode === 'keep_all') return [];
  const sets = activeSets(retention);
  if (retention.keepLast === null && retention.keepFor === null && sets.length === 0) return [];
  const timeZone = opts.timeZone ?? 'UTC';
  const cutoff = retention.keepFor ? keepForCutoff(retention.keepFor, now, timeZone) : null;

  const byArchive = new Map<string, RetentionCandidate[]>();
  for (const b of backups) {
    const group = byArchive.get(b.archiveId);
    if (group) group.push(b);
    else byArchive.set(b.archiveId, [b]);
  }
  return [...byArchive.values()]
    .flatMap((group) => decideArchive(group, retention, sets, cutoff, timeZone, opts.allowDeletingLastSuccessful ?? false))
    .sort(oldestFirst)
    .map(({ backup, reason }) => ({ id: backup.id, reason }));
}
