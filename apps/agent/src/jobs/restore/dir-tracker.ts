import type { RestoreNode } from '@cloud-backup/domain';
import type { TargetPath } from '../../target/target-path';

export interface DirState {
  target: TargetPath;
  node: RestoreNode;
  /** Give it the backup's owner, mode and mtime once its content is in (created, or merged under 'all'). */
  apply: boolean;
  /** Its listing could not be read: it is reported failed, not restored. */
  failed: boolean;
  parent: DirState | null;
  /** One for the walk through its listing, one per child not finished yet. */
  holds: number;
}

/**
 * A folder's mtime (and mode, which may forbid writing) is set only after everything in it is written,
 * and writers finish files out of walk order. Each folder therefore counts what is still open inside it;
 * at zero it is finalized, which in turn releases its parent.
 */
export class DirTracker {
  private open = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly finalize: (dir: DirState) => Promise<void>) {}

  enter(parent: DirState | null, target: TargetPath, node: RestoreNode, apply: boolean): DirState {
    this.hold(parent);
    this.open++;
    return { target, node, apply, failed: false, parent, holds: 1 };
  }

  hold(dir: DirState | null): void {
    if (dir) dir.holds++;
  }

  release(dir: DirState | null): void {
    if (dir === null || --dir.holds > 0) return;
    void this.finish(dir);
  }

  /** Resolves once every folder entered has been finalized. */
  idle(): Promise<void> {
    if (this.open === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async finish(dir: DirState): Promise<void> {
    try {
      await this.finalize(dir);
    } finally {
      this.open--;
      this.release(dir.parent);
      if (this.open === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
