import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { instances, policies, policyLinks } from '../db/schema';

export type PolicyRow = typeof policies.$inferSelect;

export class PoliciesRepository {
  constructor(private readonly db: Db) {}

  listWithLinkCounts(folderId: string): (PolicyRow & { linkedInstanceCount: number })[] {
    return this.db
      .select({
        policy: policies,
        // Spelled out: in a single-table select Drizzle renders ${policies.id} unqualified ("id"), which inside
        // the subquery would bind to instances.id and count nothing.
        linkedInstanceCount: sql<number>`(select count(*) from policy_links pl inner join instances i on i.id = pl.instance_id where pl.policy_id = "policies"."id" and i.status = 'registered')`,
      })
      .from(policies)
      .where(eq(policies.folderId, folderId))
      .orderBy(policies.name)
      .all()
      .map((r) => ({ ...r.policy, linkedInstanceCount: r.linkedInstanceCount }));
  }

  find(folderId: string, id: string): PolicyRow | undefined {
    return this.db
      .select()
      .from(policies)
      .where(and(eq(policies.folderId, folderId), eq(policies.id, id)))
      .get();
  }

  insert(row: typeof policies.$inferInsert): void {
    this.db.insert(policies).values(row).run();
  }

  update(id: string, set: Partial<typeof policies.$inferInsert>): void {
    this.db.update(policies).set(set).where(eq(policies.id, id)).run();
  }

  delete(id: string): void {
    this.db.delete(policies).where(eq(policies.id, id)).run();
  }

  /** Another policy of the folder already has this name (case-insensitive, like the unique index). */
  nameTaken(folderId: string, name: string, exceptId?: string): boolean {
    const row = this.db
      .select({ id: policies.id })
      .from(policies)
      .where(and(eq(policies.folderId, folderId), sql`${policies.name} = ${name} collate nocase`))
      .get();
    return row !== undefined && row.id !== exceptId;
  }

  countInFolder(folderId: string): number {
    return this.db.select({ n: count() }).from(policies).where(eq(policies.folderId, folderId)).get()?.n ?? 0;
  }

  linkedInstances(policyId: string) {
    return this.db
      .select({ id: instances.id, name: instances.name, kind: instances.kind, lastSeenAt: instances.lastSeenAt })
      .from(policyLinks)
      .innerJoin(instances, eq(instances.id, policyLinks.instanceId))
      .where(and(eq(policyLinks.policyId, policyId), eq(instances.status, 'registered')))
      .orderBy(instances.name)
      .all();
  }
}
