import type { BackupsRepository } from '../repositories/backups.repository';
import type { ScheduleStatesRepository } from '../repositories/schedule-states.repository';

const earliest = (dates: (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((min, d) => (d !== null && (min === null || d < min) ? d : min), null);

/** Last and next backup times for the console, read from backups and the scheduler's persisted state. */
export class ScheduleInfo {
  constructor(
    private readonly states: ScheduleStatesRepository,
    private readonly backups: BackupsRepository,
  ) {}

  lastBackupAt(instanceId: string, policyId?: string): string | null {
    return this.backups.lastSuccessAt(instanceId, policyId)?.toISOString() ?? null;
  }

  /** The next due run of the instance, under one policy or across all of its enabled ones. */
  nextRunAt(instanceId: string, policyId?: string, enabled: (policyId: string) => boolean = () => true): string | null {
    const states = this.states.forInstance(instanceId).filter((s) => (policyId === undefined || s.policyId === policyId) && enabled(s.policyId));
    return earliest(states.map((s) => s.dueAt))?.toISOString() ?? null;
  }

  /** The earliest next run over the policy's links. */
  policyNextRunAt(policyId: string): string | null {
    return earliest(this.states.forPolicy(policyId).map((s) => s.dueAt))?.toISOString() ?? null;
  }
}
