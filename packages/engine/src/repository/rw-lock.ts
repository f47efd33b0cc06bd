/**
 * Shared/exclusive lock inside one process: pack writes, reads of whole packs and verify share it; GC takes
 * it alone, because it decides liveness from a snapshot of the index and then deletes packs.
 * Writers-preferring: a waiting GC blocks new shared holders so it cannot starve under steady uploads.
 */
export class RwLock {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: { exclusive: boolean; wake: () => void }[] = [];

  async withShared<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.release(false);
    }
  }

  async withExclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.release(true);
    }
  }

  private canEnter(exclusive: boolean): boolean {
    return exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive;
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.waiting.length === 0 && this.canEnter(exclusive)) {
      this.enter(exclusive);
      return Promise.resolve();
    }
    return new Promise((wake) => this.waiting.push({ exclusive, wake }));
  }

  private enter(exclusive: boolean): void {
    if (exclusive) this.exclusive = true;
    else this.shared++;
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    // Wake waiters in arrival order while they can enter: a run of shared holders, or one exclusive.
    while (this.waiting.length > 0 && this.canEnter(this.waiting[0]!.exclusive)) {
      const next = this.waiting.shift()!;
      this.enter(next.exclusive);
      next.wake();
    }
  }
}
