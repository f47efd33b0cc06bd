import path from 'node:path';
import { LocalDirectoryStore, Repository } from '@cloud-backup/engine';
import { AsyncMutex } from './async-mutex';

interface Entry {
  repo: Promise<Repository>;
  lock: AsyncMutex;
}

/**
 * One repository per folder under `DATA_DIR/repositories/<folderId>` (decision 006). Also remembers, per
 * running backup, the blobs it relies on but has not committed yet, so a GC never removes them.
 */
export class RepositoryRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Set<string>>();

  constructor(private readonly dataDir: string) {}

  private entry(folderId: string): Entry {
    let e = this.entries.get(folderId);
    if (!e) {
      const store = new LocalDirectoryStore(path.join(this.dataDir, 'repositories', folderId));
      // Temp files can only be leftovers of a crash: this process has not written to the folder yet.
      e = { repo: store.cleanupTemp().then(() => Repository.open(store)), lock: new AsyncMutex() };
      this.entries.set(folderId, e);
    }
    return e;
  }

  open(folderId: string): Promise<Repository> {
    return this.entry(folderId).repo;
  }

  /** Runs `fn` with the folder's repository under its lock (pack writes, GC). */
  async exclusive<T>(folderId: string, fn: (repo: Repository) => Promise<T>): Promise<T> {
    const e = this.entry(folderId);
    const repo = await e.repo;
    return e.lock.run(() => fn(repo));
  }

  protect(backupId: string, ids: Iterable<string>): void {
    let set = this.pending.get(backupId);
    if (!set) this.pending.set(backupId, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  release(backupId: string): void {
    this.pending.delete(backupId);
  }

  protectedIds(): Set<string> {
    const all = new Set<string>();
    for (const set of this.pending.values()) for (const id of set) all.add(id);
    return all;
  }
}
