import { and, asc, desc, eq, gt, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { metricSamples } from '../db/schema';

export type MetricSampleRow = typeof metricSamples.$inferSelect;
export type NewMetricSample = Omit<typeof metricSamples.$inferInsert, 'id'>;

/** Monitoring samples (SPEC §7): one row per folder (instanceId null) and per instance each sampling round. */
export class MetricSamplesRepository {
  constructor(private readonly db: Db) {}

  insertMany(rows: readonly NewMetricSample[]): void {
    if (rows.length === 0) return;
    this.db.insert(metricSamples).values([...rows]).run();
  }

  /** The folder's (instanceId null) or one instance's samples in (from, to], oldest first. */
  range(folderId: string, instanceId: string | null, from: Date, to: Date): MetricSampleRow[] {
    return this.db
      .select()
      .from(metricSamples)
      .where(
        and(
          eq(metricSamples.folderId, folderId),
          instanceId === null ? isNull(metricSamples.instanceId) : eq(metricSamples.instanceId, instanceId),
          gt(metricSamples.at, from),
          lte(metricSamples.at, to),
        ),
      )
      .orderBy(asc(metricSamples.at), asc(metricSamples.id))
      .all();
  }

  /** When the folder was last sampled: failures since then go into the next sample. */
  lastFolderSampleAt(folderId: string): Date | null {
    const row = this.db
      .select({ at: metricSamples.at })
      .from(metricSamples)
      .where(and(eq(metricSamples.folderId, folderId), isNull(metricSamples.instanceId)))
      .orderBy(desc(metricSamples.at))
      .limit(1)
      .get();
    return row?.at ?? null;
  }

  pruneBefore(at: Date): number {
    return this.db.delete(metricSamples).where(lt(metricSamples.at, at)).run().changes;
  }
}
