import { Waiters } from '../lib/waiters';
import type { OperationsRepository } from '../repositories/operations.repository';

/** Wakes agents' long-polls when a job is queued for their instance. */
export class JobQueue {
  private readonly waiters = new Waiters();

  constructor(private readonly operations: OperationsRepository) {}

  hasActiveBackup(instanceId: string, policyId: string): boolean {
    return this.operations
      .agentJobs(instanceId, ['queued', 'running'])
      .some((op) => op.type === 'backup' && (op.job as { policyId?: string } | null)?.policyId === policyId);
  }

  notify(instanceId: string): void {
    this.waiters.wake(instanceId);
  }

  /** Resolves when a job is queued for the instance, after `ms`, or when `signal` aborts. */
  wait(instanceId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(instanceId, ms, signal);
  }
}
