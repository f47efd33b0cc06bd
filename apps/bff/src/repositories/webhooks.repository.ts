import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { alertStates, webhookDeliveries, webhooks } from '../db/schema';

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AlertStateRow = typeof alertStates.$inferSelect;

/** Webhooks of a folder, their deliveries, and the alert conditions already notified. */
export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  list(folderId: string): WebhookRow[] {
    return this.db.select().from(webhooks).where(eq(webhooks.folderId, folderId)).orderBy(asc(webhooks.createdAt), asc(webhooks.id)).all();
  }

  find(folderId: string, id: string): WebhookRow | undefined {
    return this.db.select().from(webhooks).where(and(eq(webhooks.folderId, folderId), eq(webhooks.id, id))).get();
  }

  findById(id: string): WebhookRow | undefined {
    return this.db.select().from(webhooks).where(eq(webhooks.id, id)).get();
  }

  insert(row: typeof webhooks.$inferInsert): void {
    this.db.insert(webhooks).values(row).run();
  }

  update(id: string, set: Partial<Pick<WebhookRow, 'url' | 'events' | 'enabled'>>): void {
    this.db.update(webhooks).set(set).where(eq(webhooks.id, id)).run();
  }

  /** Its deliveries go with it (foreign key cascade). */
  delete(id: string): void {
    this.db.delete(webhooks).where(eq(webhooks.id, id)).run();
  }

  insertDelivery(row: typeof webhookDeliveries.$inferInsert): void {
    this.db.insert(webhookDeliveries).values(row).run();
  }

  findDelivery(id: string): WebhookDeliveryRow | undefined {
    return this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
  }

  updateDelivery(id: string, set: Partial<typeof webhookDeliveries.$inferInsert>): void {
    this.db.update(webhookDeliveries).set(set).where(eq(webhookDeliveries.id, id)).run();
  }

  /** Newest first; rowid breaks ties of deliveries created in the same millisecond. */
  deliveries(webhookId: string, limit: number, offset: number): { items: WebhookDeliveryRow[]; total: number } {
    const where = eq(webhookDeliveries.webhookId, webhookId);
    const items = this.db.select().from(webhookDeliveries).where(where).orderBy(desc(webhookDeliveries.createdAt), sql`rowid desc`).limit(limit).offset(offset).all();
    const total = this.db.select({ n: count() }).from(webhookDeliveries).where(where).get()?.n ?? 0;
    return { items, total };
  }

  /** The newest delivery of each of these webhooks. */
  lastDeliveries(webhookIds: readonly string[]): Map<string, WebhookDeliveryRow> {
    const out = new Map<string, WebhookDeliveryRow>();
    if (webhookIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.webhookId, [...webhookIds]))
      .orderBy(desc(webhookDeliveries.createdAt), sql`rowid desc`)
      .all();
    for (const row of rows) if (!out.has(row.webhookId)) out.set(row.webhookId, row);
    return out;
  }

  /** Pending deliveries whose next attempt is due, oldest first. */
  due(now: Date, limit: number): WebhookDeliveryRow[] {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt), sql`rowid`)
      .limit(limit)
      .all();
  }

  alerts(folderId: string, kind: string): AlertStateRow[] {
    return this.db.select().from(alertStates).where(and(eq(alertStates.folderId, folderId), eq(alertStates.kind, kind))).all();
  }

  /** True when the condition was not raised yet (and is now). */
  raiseAlert(folderId: string, kind: string, subjectId: string, at: Date): boolean {
    return this.db.insert(alertStates).values({ folderId, kind, subjectId, raisedAt: at }).onConflictDoNothing().run().changes === 1;
  }

  clearAlert(folderId: string, kind: string, subjectId: string): void {
    this.db.delete(alertStates).where(and(eq(alertStates.folderId, folderId), eq(alertStates.kind, kind), eq(alertStates.subjectId, subjectId))).run();
  }
}
