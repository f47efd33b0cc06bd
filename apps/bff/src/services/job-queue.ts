import type { OperationsRepository } from '../repositories/operations.repository';

/** Wakes agents' long-polls when a job is queued for their instance. */
export class JobQueue {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly operations: OperationsRepository) {}

  hasActiveBackup(instanceId: string, policyId: string): boolean {
    return this.operations
      .agentJobs(instanceId, ['queued', 'running'])
      .some((op) => op.type === 'backup' && (op.job as { policyId?: string } | null)?.policyId === policyId);
  }

  notify(instanceId: string): void {
    for (const wake of this.waiters.get(instanceId) ?? []) wake();
  }

  /** Resolves when a job is queued for the instance, after `ms`, or when `signal` aborts. */
  wait(instanceId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(instanceId);
      if (!set) this.waiters.set(instanceId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(instanceId);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }
}
