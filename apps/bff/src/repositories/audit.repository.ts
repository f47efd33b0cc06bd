import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvents } from '../db/schema';

export type AuditEntry = Omit<typeof auditEvents.$inferInsert, 'id'>;

/** Append-only: the API never updates or deletes audit entries. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  append(entry: AuditEntry): void {
    this.db.insert(auditEvents).values(entry).run();
  }

  listForFolder(folderId: string): (typeof auditEvents.$inferSelect)[] {
    return this.db.select().from(auditEvents).where(eq(auditEvents.folderId, folderId)).orderBy(desc(auditEvents.id)).all();
  }
}
