import type { RestoreNode } from '@cloud-backup/domain';

/**
 * Fetches the folder listings (trees) of a restore, a few ahead of the walk: `prefetch` starts loading
 * subtrees the walk will soon enter, `get` takes a listing (waiting for it, or fetching it now). At most
 * `concurrency` fetches run at once.
 */
export class TreeLoader {
  private readonly pending = new Map<string, Promise<RestoreNode[]>>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  requests = 0;

  constructor(
    private readonly fetchTree: (id: string) => Promise<RestoreNode[]>,
    private readonly concurrency = 6,
  ) {}

  prefetch(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.pending.has(id)) continue;
      const loading = this.limited(id);
      // Never taken when the walk ends early; the failure is seen by whoever takes it, if anyone does.
      loading.catch(() => {});
      this.pending.set(id, loading);
    }
  }

  get(id: string): Promise<RestoreNode[]> {
    const loading = this.pending.get(id);
    this.pending.delete(id);
    return loading ?? this.limited(id);
  }

  clear(): void {
    this.pending.clear();
  }

  private async limited(id: string): Promise<RestoreNode[]> {
    while (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    this.requests++;
    try {
      return await this.fetchTree(id);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
