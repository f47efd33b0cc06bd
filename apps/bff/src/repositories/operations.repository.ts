import { and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { OperationLogLine, OperationStatus, OperationType } from '@cloud-backup/domain';
import type { Db } from '../db/client';
import { operationLogs, operations } from '../db/schema';

export type OperationRow = typeof operations.$inferSelect;

export interface OperationFilter {
  type?: OperationType;
  status?: OperationStatus;
  targetId?: string;
  /** Created at or after this instant (ISO). */
  from?: string;
  /** Created before this instant (ISO). */
  to?: string;
}

export class OperationsRepository {
  constructor(private readonly db: Db) {}

  insert(row: typeof operations.$inferInsert): void {
    this.db.insert(operations).values(row).run();
  }

  find(folderId: string, id: string): OperationRow | undefined {
    return this.db.select().from(operations).where(and(eq(operations.folderId, folderId), eq(operations.id, id))).get();
  }

  findById(id: string): OperationRow | undefined {
    return this.db.select().from(operations).where(eq(operations.id, id)).get();
  }

  update(id: string, set: Partial<typeof operations.$inferInsert>): void {
    this.db.update(operations).set(set).where(eq(operations.id, id)).run();
  }

  list(folderId: string, f: OperationFilter, limit: number, offset: number): { items: OperationRow[]; total: number } {
    const where = and(
      eq(operations.folderId, folderId),
      f.type ? eq(operations.type, f.type) : undefined,
      f.status ? eq(operations.status, f.status) : undefined,
      f.targetId ? eq(operations.targetId, f.targetId) : undefined,
      f.from ? gte(operations.createdAt, new Date(f.from)) : undefined,
      f.to ? lt(operations.createdAt, new Date(f.to)) : undefined,
    );
    const items = this.db.select().from(operations).where(where).orderBy(desc(operations.createdAt), desc(operations.id)).limit(limit).offset(offset).all();
    const total = this.db.select({ n: count() }).from(operations).where(where).get()?.n ?? 0;
    return { items, total };
  }

  /** Agent jobs of one instance in the given states, oldest first (insertion order breaks ties). */
  agentJobs(instanceId: string, statuses: OperationStatus[]): OperationRow[] {
    const where: SQL | undefined = and(eq(operations.instanceId, instanceId), inArray(operations.status, statuses));
    return this.db.select().from(operations).where(where).orderBy(asc(operations.createdAt), sql`rowid`).all();
  }

  /** Claims a queued job for running; false when someone else took it first. */
  claim(id: string, at: Date): boolean {
    const res = this.db
      .update(operations)
      .set({ status: 'running', startedAt: at })
      .where(and(eq(operations.id, id), eq(operations.status, 'queued')))
      .run();
    return res.changes === 1;
  }

  /** Cancels a job still queued, so no agent can claim it any more; false when it was claimed first. */
  cancelQueued(id: string, at: Date, result: string): boolean {
    const res = this.db
      .update(operations)
      .set({ status: 'cancelled', finishedAt: at, result })
      .where(and(eq(operations.id, id), eq(operations.status, 'queued')))
      .run();
    return res.changes === 1;
  }

  byStatus(statuses: OperationStatus[]): OperationRow[] {
    return this.db.select().from(operations).where(inArray(operations.status, statuses)).all();
  }

  appendLog(operationId: string, lines: readonly OperationLogLine[]): void {
    if (lines.length === 0) return;
    this.db
      .insert(operationLogs)
      .values(lines.map((l) => ({ operationId, at: new Date(l.at), level: l.level, step: l.step, message: l.message })))
      .run();
  }

  log(operationId: string): (typeof operationLogs.$inferSelect)[] {
    return this.db.select().from(operationLogs).where(eq(operationLogs.operationId, operationId)).orderBy(asc(operationLogs.id)).all();
  }
}
