import { eq, sql } from 'drizzle-orm';
import type { FolderLimits } from '@cloud-backup/domain';
import type { Db } from '../db/client';
import { folders } from '../db/schema';

export type FolderRow = typeof folders.$inferSelect;

export class FoldersRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): FolderRow | undefined {
    return this.db.select().from(folders).where(eq(folders.id, id)).get();
  }

  findByName(name: string): FolderRow | undefined {
    return this.db.select().from(folders).where(sql`lower(${folders.name}) = lower(${name})`).get();
  }

  listAll(): FolderRow[] {
    return this.db.select().from(folders).orderBy(folders.name).all();
  }

  insert(row: typeof folders.$inferInsert): void {
    this.db.insert(folders).values(row).run();
  }

  insertIfMissing(row: typeof folders.$inferInsert): void {
    this.db.insert(folders).values(row).onConflictDoNothing().run();
  }

  setActivated(id: string, at: Date): void {
    this.db.update(folders).set({ activatedAt: at }).where(eq(folders.id, id)).run();
  }

  setLimits(id: string, limits: FolderLimits | null): void {
    this.db.update(folders).set({ limits }).where(eq(folders.id, id)).run();
  }

  /** Runs `fn` in one SQLite transaction (better-sqlite3 transactions are synchronous). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(() => fn());
  }
}
