import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { InstanceKind } from '@cloud-backup/domain';
import type { Db } from '../db/client';
import { instances, policies, policyLinks } from '../db/schema';

export type InstanceRow = typeof instances.$inferSelect;

export class InstancesRepository {
  constructor(private readonly db: Db) {}

  /** Instances still in the service (removed ones are kept for their backups but not listed). */
  list(folderId: string, kind?: InstanceKind): InstanceRow[] {
    return this.db
      .select()
      .from(instances)
      .where(and(eq(instances.folderId, folderId), ne(instances.status, 'deleted'), kind ? eq(instances.kind, kind) : undefined))
      .orderBy(instances.name)
      .all();
  }

  find(folderId: string, id: string): InstanceRow | undefined {
    return this.db
      .select()
      .from(instances)
      .where(and(eq(instances.folderId, folderId), eq(instances.id, id)))
      .get();
  }

  findById(id: string): InstanceRow | undefined {
    return this.db.select().from(instances).where(eq(instances.id, id)).get();
  }

  /** The instance whose current or pending (rotated, not yet used) credential has this hash. */
  findByCredentialHash(hash: string): InstanceRow | undefined {
    return this.db
      .select()
      .from(instances)
      .where(or(eq(instances.credentialHash, hash), eq(instances.pendingCredentialHash, hash)))
      .get();
  }

  /**
   * The first use of a pending credential makes it the only one. Conditional, so two requests racing
   * with the new credential promote it once; false when another already did.
   */
  promotePendingCredential(id: string, pendingHash: string, at: Date): boolean {
    const res = this.db
      .update(instances)
      .set({ credentialHash: pendingHash, pendingCredentialHash: null, credentialRotationRequestedAt: null, credentialRotatedAt: at })
      .where(and(eq(instances.id, id), eq(instances.pendingCredentialHash, pendingHash)))
      .run();
    return res.changes > 0;
  }

  insert(row: typeof instances.$inferInsert): void {
    this.db.insert(instances).values(row).run();
  }

  update(id: string, set: Partial<typeof instances.$inferInsert>): void {
    this.db.update(instances).set(set).where(eq(instances.id, id)).run();
  }

  /** Linked policies of many instances at once: instance id → policy refs. */
  policiesOf(instanceIds: string[]): Map<string, { id: string; name: string }[]> {
    const out = new Map<string, { id: string; name: string }[]>();
    if (instanceIds.length === 0) return out;
    const rows = this.db
      .select({ instanceId: policyLinks.instanceId, id: policies.id, name: policies.name })
      .from(policyLinks)
      .innerJoin(policies, eq(policies.id, policyLinks.policyId))
      .where(inArray(policyLinks.instanceId, instanceIds))
      .orderBy(policies.name)
      .all();
    for (const r of rows) {
      const list = out.get(r.instanceId) ?? [];
      list.push({ id: r.id, name: r.name });
      out.set(r.instanceId, list);
    }
    return out;
  }

  /** How many registered instances of a kind are linked to at least one policy (SPEC §6). */
  countLinked(folderId: string, kind: InstanceKind): number {
    const row = this.db
      .select({ n: sql<number>`count(distinct ${instances.id})` })
      .from(instances)
      .innerJoin(policyLinks, eq(policyLinks.instanceId, instances.id))
      .where(and(eq(instances.folderId, folderId), eq(instances.kind, kind), eq(instances.status, 'registered')))
      .get();
    return row?.n ?? 0;
  }

  isLinked(instanceId: string): boolean {
    return this.db.select({ x: policyLinks.policyId }).from(policyLinks).where(eq(policyLinks.instanceId, instanceId)).limit(1).get() !== undefined;
  }

  link(policyId: string, instanceId: string, at: Date): void {
    this.db.insert(policyLinks).values({ policyId, instanceId, createdAt: at }).onConflictDoNothing().run();
  }

  unlink(policyId: string, instanceId: string): boolean {
    const res = this.db
      .delete(policyLinks)
      .where(and(eq(policyLinks.policyId, policyId), eq(policyLinks.instanceId, instanceId)))
      .run();
    return res.changes > 0;
  }

  /** Every registered instance with a heartbeat, for the offline sweeper. */
  listHeartbeating(): Pick<InstanceRow, 'id' | 'folderId' | 'lastSeenAt'>[] {
    return this.db
      .select({ id: instances.id, folderId: instances.folderId, lastSeenAt: instances.lastSeenAt })
      .from(instances)
      .where(eq(instances.status, 'registered'))
      .all();
  }
}
