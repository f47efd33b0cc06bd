/**
 * A bounded FIFO between the walk (which finds files) and the writers (which write them): `push` waits
 * while the queue is full, `take` waits while it is empty and answers null once it is closed and drained.
 * `abort` wakes everyone: pushes throw, takes answer null.
 */
export class TaskQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private closed = false;
  private aborted: Error | null = null;
  private readonly takers: ((item: T | null) => void)[] = [];
  private readonly pushers: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  async push(item: T): Promise<void> {
    while (this.aborted === null && this.size >= this.capacity) await new Promise<void>((resolve) => this.pushers.push(resolve));
    if (this.aborted) throw this.aborted;
    if (this.closed) throw new Error('push on a closed queue');
    const taker = this.takers.shift();
    if (taker) taker(item);
    else this.items.push(item);
  }

  take(): Promise<T | null> {
    if (this.aborted) return Promise.resolve(null);
    if (this.size > 0) {
      const item = this.items[this.head++] as T;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      this.pushers.shift()?.();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.takers.push(resolve));
  }

  close(): void {
    this.closed = true;
    if (this.size === 0) for (const taker of this.takers.splice(0)) taker(null);
  }

  abort(error: Error): void {
    this.aborted ??= error;
    this.items.length = 0;
    this.head = 0;
    for (const taker of this.takers.splice(0)) taker(null);
    for (const pusher of this.pushers.splice(0)) pusher();
  }
}
