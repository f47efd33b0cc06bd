import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { folders, instances, policies, policyLinks, scheduleStates } from '../db/schema';

export type ScheduleStateRow = typeof scheduleStates.$inferSelect;

export class ScheduleStatesRepository {
  constructor(private readonly db: Db) {}

  find(policyId: string, instanceId: string): ScheduleStateRow | undefined {
    return this.db.select().from(scheduleStates).where(and(eq(scheduleStates.policyId, policyId), eq(scheduleStates.instanceId, instanceId))).get();
  }

  upsert(row: ScheduleStateRow): void {
    const { policyId: _p, instanceId: _i, ...set } = row;
    this.db.insert(scheduleStates).values(row).onConflictDoUpdate({ target: [scheduleStates.policyId, scheduleStates.instanceId], set }).run();
  }

  forPolicy(policyId: string): ScheduleStateRow[] {
    return this.db.select().from(scheduleStates).where(eq(scheduleStates.policyId, policyId)).all();
  }

  forInstance(instanceId: string): ScheduleStateRow[] {
    return this.db.select().from(scheduleStates).where(eq(scheduleStates.instanceId, instanceId)).all();
  }

  /** Forgets states of links that no longer exist or whose policy is disabled: a new link starts fresh. */
  prune(): void {
    this.db.run(sql`
      delete from ${scheduleStates} where not exists (
        select 1 from ${policyLinks} inner join ${policies} on ${policies.id} = ${policyLinks.policyId}
        where ${policyLinks.policyId} = ${scheduleStates.policyId} and ${policyLinks.instanceId} = ${scheduleStates.instanceId}
          and ${policies.enabled} = 1
      )`);
  }

  /** Every link the scheduler serves: enabled policies of activated folders × their registered instances. */
  scheduledLinks() {
    return this.db
      .select({ policy: policies, instanceId: instances.id, linkedAt: policyLinks.createdAt })
      .from(policyLinks)
      .innerJoin(policies, eq(policies.id, policyLinks.policyId))
      .innerJoin(instances, eq(instances.id, policyLinks.instanceId))
      .innerJoin(folders, eq(folders.id, policies.folderId))
      .where(and(eq(policies.enabled, true), eq(instances.status, 'registered'), isNotNull(folders.activatedAt)))
      .all();
  }
}
