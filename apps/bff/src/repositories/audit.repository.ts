import { and, count, desc, eq, gte, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvents, instances, roleBindings, users } from '../db/schema';

export type AuditEntry = Omit<typeof auditEvents.$inferInsert, 'id'>;
export type AuditRow = typeof auditEvents.$inferSelect & { actorName: string | null };

export interface AuditFilter {
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

/** Where the entries come from: one folder's log, or the installation's own (folder-less) entries. */
export type AuditScope = { folderId: string } | { installation: true };

/** Append-only: the API never updates or deletes audit entries. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  append(entry: AuditEntry): void {
    this.db.insert(auditEvents).values(entry).run();
  }

  listForFolder(folderId: string): (typeof auditEvents.$inferSelect)[] {
    return this.db.select().from(auditEvents).where(eq(auditEvents.folderId, folderId)).orderBy(desc(auditEvents.id)).all();
  }

  /** Newest first, filtered and paged, with the actor's current name. */
  query(scope: AuditScope, filter: AuditFilter, limit: number, offset: number): { rows: AuditRow[]; total: number } {
    const where = and(this.scopeCondition(scope), ...this.filterConditions(filter));
    const rows = this.db
      .select({ event: auditEvents, userName: users.username, instanceName: instances.name })
      .from(auditEvents)
      .leftJoin(users, and(eq(auditEvents.actorType, 'user'), eq(users.id, auditEvents.actorId)))
      .leftJoin(instances, and(eq(auditEvents.actorType, 'agent'), eq(instances.id, auditEvents.actorId)))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(limit)
      .offset(offset)
      .all();
    const total =
      this.db
        .select({ n: count() })
        .from(auditEvents)
        .leftJoin(users, and(eq(auditEvents.actorType, 'user'), eq(users.id, auditEvents.actorId)))
        .leftJoin(instances, and(eq(auditEvents.actorType, 'agent'), eq(instances.id, auditEvents.actorId)))
        .where(where)
        .get()?.n ?? 0;
    return { rows: rows.map((r) => ({ ...r.event, actorName: r.userName ?? r.instanceName ?? null })), total };
  }

  /**
   * A folder's log holds its own entries plus the sign-ins and password changes of its current members
   * (those are recorded once, without a folder). The installation's log holds every folder-less entry.
   */
  private scopeCondition(scope: AuditScope): SQL | undefined {
    if ('installation' in scope) return isNull(auditEvents.folderId);
    const members = this.db.select({ id: roleBindings.userId }).from(roleBindings).where(eq(roleBindings.folderId, scope.folderId));
    return or(
      eq(auditEvents.folderId, scope.folderId),
      and(isNull(auditEvents.folderId), like(auditEvents.action, 'auth.%'), eq(auditEvents.actorType, 'user'), inArray(auditEvents.actorId, members)),
    );
  }

  private filterConditions(f: AuditFilter): (SQL | undefined)[] {
    return [
      f.action ? or(eq(auditEvents.action, f.action), sql`substr(${auditEvents.action}, 1, ${f.action.length + 1}) = ${`${f.action}.`}`) : undefined,
      f.actor ? or(eq(auditEvents.actorId, f.actor), eq(users.username, f.actor), eq(instances.name, f.actor)) : undefined,
      f.from ? gte(auditEvents.at, f.from) : undefined,
      f.to ? lte(auditEvents.at, f.to) : undefined,
    ];
  }
}
