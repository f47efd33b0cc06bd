/** Long-poll wake-ups keyed by instance: `wait` resolves on `wake(key)`, after `ms`, or when `signal` aborts. */
export class Waiters {
  private readonly byKey = new Map<string, Set<() => void>>();

  wake(key: string): void {
    for (const wake of this.byKey.get(key) ?? []) wake();
  }

  wait(key: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.byKey.delete(key);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }
}
