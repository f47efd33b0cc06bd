import { createHash } from 'node:crypto';
import { inBackupWindow, nextFixedRun, type PolicySettings } from '@cloud-backup/domain';
import type { Clock } from '../lib/clock';
import type { BackupsRepository } from '../repositories/backups.repository';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { OperationsRepository } from '../repositories/operations.repository';
import type { PolicyRow } from '../repositories/policies.repository';
import type { ScheduleStateRow, ScheduleStatesRepository } from '../repositories/schedule-states.repository';
import type { BackupsService } from '../services/backups.service';
import type { InstancesService } from '../services/instances.service';
import type { JobQueue } from '../services/job-queue';
import type { OperationsService } from '../services/operations.service';
import type { RetentionService } from './retention.service';

const SCHEDULER = { type: 'system' } as const;

/** A random start delay that is stable for one slot of one link, so a restart does not draw a new one. */
export function startDelayMs(settings: Pick<PolicySettings, 'randomDelay'>, policyId: string, instanceId: string, slot: Date): number {
  if (!settings.randomDelay.enabled || settings.randomDelay.minutes <= 0) return 0;
  const digest = createHash('sha256').update(`${policyId}|${instanceId}|${slot.toISOString()}`).digest();
  return digest.readUInt32BE(0) % (settings.randomDelay.minutes * 60_000);
}

function intervalMs(schedule: Extract<PolicySettings['schedule'], { kind: 'interval' }>): number {
  return schedule.every * (schedule.unit === 'hours' ? 3_600_000 : 86_400_000);
}

/**
 * Runs due backups for every enabled policy and linked instance (SPEC §3). Each `tick` looks at the persisted
 * state of every link: a due run starts when the instance is online, inside the backup window and under the
 * policy's parallel limit; an offline instance is retried per the policy's reattempts and then recorded as
 * missed; "run missed later" owes one catch-up run, never one per missed slot. A slot that fell due while
 * the server was not running counts as missed. The clock is injected: tests advance it and call `tick`.
 */
export class Scheduler {
  private readonly startedAt: Date;

  constructor(
    private readonly states: ScheduleStatesRepository,
    private readonly backupsRepo: BackupsRepository,
    private readonly instancesRepo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly operationsRepo: OperationsRepository,
    private readonly operations: OperationsService,
    private readonly backups: BackupsService,
    private readonly retention: RetentionService,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    /** One database transaction: a run is queued and the link's state advanced together, or neither. */
    private readonly transaction: <T>(fn: () => T) => T,
  ) {
    this.startedAt = clock.now();
  }

  tick(): void {
    this.states.prune();
    for (const link of this.states.scheduledLinks()) this.transaction(() => this.serve(link.policy, link.instanceId, link.linkedAt));
  }

  start(intervalMs: number): () => void {
    const timer = setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        console.error('[bff] scheduler tick failed:', error);
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** When the link's next backup is due, for the console (null: waiting for a running backup to end). */
  nextRunAt(policyId: string, instanceId: string): Date | null {
    return this.states.find(policyId, instanceId)?.dueAt ?? null;
  }

  private serve(policy: PolicyRow, instanceId: string, linkedAt: Date): void {
    const now = this.clock.now();
    const s = policy.settings;
    const instance = this.instancesRepo.findById(instanceId);
    if (!instance) return;
    const online = this.instances.isOnline(instance);
    const active = this.queue.hasActiveBackup(instanceId, policy.id);
    let st = this.states.find(policy.id, instanceId) ?? this.initial(policy, instanceId, linkedAt, now);

    if (st.dueAt === null && !active) st = this.plan(policy, st, now);
    if (st.dueAt !== null && now >= st.dueAt) {
      const slot = st.slotAt ?? st.dueAt;
      if (st.attempts === 0 && st.dueAt < this.startedAt) {
        st = this.miss(policy, instance, st, now, `the server was not running at ${slot.toISOString()}`);
      } else if (!online) {
        if (s.reattempts.enabled && st.attempts < s.reattempts.maxAttempts) {
          st = { ...st, attempts: st.attempts + 1, dueAt: new Date(now.getTime() + s.reattempts.intervalMinutes * 60_000) };
        } else {
          const tries = st.attempts > 0 ? ` (${st.attempts} reattempt${st.attempts === 1 ? '' : 's'})` : '';
          st = this.miss(policy, instance, st, now, `${instance.name} was offline${tries}`);
        }
      } else if (active) {
        st = this.miss(policy, instance, st, now, 'the previous backup of this instance under the policy was still running');
      } else if (inBackupWindow(s.backupWindow, now, s.timeZone) && !this.atParallelLimit(policy)) {
        this.run(policy, instance, slot, 'scheduled');
        st = this.advance(policy, { ...st, missedPending: false }, now, false);
      }
      // Otherwise (outside the window, at the parallel limit) the run waits for a later tick.
    }
    if (st.missedPending && online && !this.queue.hasActiveBackup(instanceId, policy.id) && inBackupWindow(s.backupWindow, now, s.timeZone)) {
      this.run(policy, instance, now, 'catch-up for a missed run');
      st = { ...st, missedPending: false };
    }
    this.states.upsert({ ...st, updatedAt: now });
  }

  private initial(policy: PolicyRow, instanceId: string, linkedAt: Date, now: Date): ScheduleStateRow {
    const base: ScheduleStateRow = { policyId: policy.id, instanceId, slotAt: null, dueAt: null, attempts: 0, missedPending: false, updatedAt: now };
    const s = policy.settings;
    if (s.schedule.kind === 'interval') return base;
    return this.withSlot(policy, base, nextFixedRun(s.schedule, s.timeZone, linkedAt > now ? linkedAt : now));
  }

  /** Interval schedules: the next start counts from the end of the archive's last backup (or the link). */
  private plan(policy: PolicyRow, st: ScheduleStateRow, now: Date): ScheduleStateRow {
    const s = policy.settings;
    if (s.schedule.kind !== 'interval') return this.withSlot(policy, st, nextFixedRun(s.schedule, s.timeZone, now));
    const archive = this.backupsRepo.findArchive(st.instanceId, policy.id);
    const from = (archive && this.backupsRepo.lastFinishedAt(archive.id)) ?? this.states.find(policy.id, st.instanceId)?.updatedAt ?? now;
    return this.withSlot(policy, st, new Date(from.getTime() + intervalMs(s.schedule)));
  }

  private withSlot(policy: PolicyRow, st: ScheduleStateRow, slot: Date | null): ScheduleStateRow {
    if (slot === null) return { ...st, slotAt: null, dueAt: null, attempts: 0 };
    return { ...st, slotAt: slot, dueAt: new Date(slot.getTime() + startDelayMs(policy.settings, policy.id, st.instanceId, slot)), attempts: 0 };
  }

  /** The slot after the one just handled; every slot that passed meanwhile is folded into this one. */
  private advance(policy: PolicyRow, st: ScheduleStateRow, now: Date, missed: boolean): ScheduleStateRow {
    const s = policy.settings;
    if (s.schedule.kind === 'interval') {
      // A started run sets the next one when it ends; a missed one waits a whole interval.
      return missed ? this.withSlot(policy, st, new Date(now.getTime() + intervalMs(s.schedule))) : { ...st, slotAt: null, dueAt: null, attempts: 0 };
    }
    return this.withSlot(policy, st, nextFixedRun(s.schedule, s.timeZone, now));
  }

  private miss(policy: PolicyRow, instance: { id: string; name: string; folderId: string }, st: ScheduleStateRow, now: Date, reason: string): ScheduleStateRow {
    const slot = st.slotAt ?? st.dueAt ?? now;
    const later = policy.settings.runMissedLater;
    const op = this.operations.create({
      folderId: policy.folderId,
      type: 'backup',
      target: { kind: 'instance', id: instance.id, name: instance.name },
      actor: SCHEDULER,
      status: 'running',
    });
    const result = `Missed the run of ${slot.toISOString()} under "${policy.name}": ${reason}${later ? '; one catch-up run follows when possible' : ''}`;
    this.operations.log(policy.folderId, op.id, 'schedule', result, 'warning');
    this.operations.finish(policy.folderId, op.id, 'failed', result);
    return this.advance(policy, { ...st, missedPending: later }, now, true);
  }

  private atParallelLimit(policy: PolicyRow): boolean {
    const max = policy.settings.maxParallelBackups;
    if (max === 0) return false;
    const active = this.operationsRepo
      .byStatus(['queued', 'running'])
      .filter((op) => op.type === 'backup' && (op.job as { policyId?: string } | null)?.policyId === policy.id).length;
    return active >= max;
  }

  private run(policy: PolicyRow, instance: { id: string; name: string; folderId: string }, at: Date, note: string): void {
    if (policy.settings.retention.mode === 'rules' && policy.settings.retention.applyAt === 'before_backup') {
      const archive = this.backupsRepo.findArchive(instance.id, policy.id);
      if (archive) this.retention.apply(policy.folderId, archive.id, policy, 'before_backup');
    }
    this.backups.enqueue(policy.folderId, instance, policy, SCHEDULER, { at, note });
  }
}
