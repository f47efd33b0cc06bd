import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, type SQL } from 'drizzle-orm';
import type { BackupListQuery } from '@cloud-backup/domain';
import type { Db } from '../db/client';
import { archives, backups, instances } from '../db/schema';

export type BackupRow = typeof backups.$inferSelect;
export type ArchiveRow = typeof archives.$inferSelect;
export type BackupWithNames = BackupRow & { instanceName: string; instanceKind: 'vm' | 'bms'; instanceStatus: string; archiveName: string };

const sortColumns = {
  startedAt: backups.startedAt,
  durationMs: backups.finishedAt,
  logicalBytes: backups.logicalBytes,
  newBytes: backups.newBytes,
  fileCount: backups.fileCount,
  instanceName: instances.name,
  policyName: backups.policyName,
} as const;

export class BackupsRepository {
  constructor(private readonly db: Db) {}

  findArchive(instanceId: string, policyId: string): ArchiveRow | undefined {
    return this.db.select().from(archives).where(and(eq(archives.instanceId, instanceId), eq(archives.policyId, policyId))).get();
  }

  insertArchive(row: typeof archives.$inferInsert): void {
    this.db.insert(archives).values(row).run();
  }

  archivesOf(folderId: string): ArchiveRow[] {
    return this.db.select().from(archives).where(eq(archives.folderId, folderId)).all();
  }

  insert(row: typeof backups.$inferInsert): void {
    this.db.insert(backups).values(row).run();
  }

  update(id: string, set: Partial<typeof backups.$inferInsert>): void {
    this.db.update(backups).set(set).where(eq(backups.id, id)).run();
  }

  delete(id: string): void {
    this.db.delete(backups).where(eq(backups.id, id)).run();
  }

  findById(id: string): BackupRow | undefined {
    return this.db.select().from(backups).where(eq(backups.id, id)).get();
  }

  private withNames() {
    return this.db
      .select({
        backup: backups,
        instanceName: instances.name,
        instanceKind: instances.kind,
        instanceStatus: instances.status,
        archiveName: archives.name,
      })
      .from(backups)
      .innerJoin(instances, eq(instances.id, backups.instanceId))
      .innerJoin(archives, eq(archives.id, backups.archiveId));
  }

  find(folderId: string, id: string): BackupWithNames | undefined {
    const r = this.withNames().where(and(eq(backups.folderId, folderId), eq(backups.id, id))).get();
    return r && { ...r.backup, instanceName: r.instanceName, instanceKind: r.instanceKind, instanceStatus: r.instanceStatus, archiveName: r.archiveName };
  }

  list(folderId: string, q: BackupListQuery): { items: BackupWithNames[]; total: number } {
    const where: SQL | undefined = and(
      eq(backups.folderId, folderId),
      q.instanceId ? eq(backups.instanceId, q.instanceId) : undefined,
      q.policyId ? eq(backups.policyId, q.policyId) : undefined,
      q.type ? eq(backups.type, q.type) : undefined,
      q.status ? eq(backups.status, q.status) : undefined,
      q.from ? gte(backups.startedAt, new Date(q.from)) : undefined,
      q.to ? lte(backups.startedAt, new Date(q.to)) : undefined,
    );
    const column = sortColumns[q.sort];
    const order = q.order === 'asc' ? asc(column) : desc(column);
    const rows = this.withNames().where(where).orderBy(order, desc(backups.id)).limit(q.limit).offset(q.offset).all();
    const total = this.db.select({ n: count() }).from(backups).innerJoin(instances, eq(instances.id, backups.instanceId)).where(where).get()?.n ?? 0;
    return {
      items: rows.map((r) => ({ ...r.backup, instanceName: r.instanceName, instanceKind: r.instanceKind, instanceStatus: r.instanceStatus, archiveName: r.archiveName })),
      total,
    };
  }

  /** The archive's newest successful backup with its tree, for incrementals. */
  latestSuccessful(archiveId: string): BackupRow | undefined {
    return this.db
      .select()
      .from(backups)
      .where(and(eq(backups.archiveId, archiveId), inArray(backups.status, ['completed', 'completed_with_warnings']), isNotNull(backups.rootTreeId)))
      .orderBy(desc(backups.startedAt))
      .limit(1)
      .get();
  }

  /** Every backup of the archive, any status, oldest first. */
  ofArchive(archiveId: string): BackupRow[] {
    return this.db.select().from(backups).where(eq(backups.archiveId, archiveId)).orderBy(asc(backups.startedAt)).all();
  }

  /** Start of the newest successful backup of the instance (under one policy when given). */
  lastSuccessAt(instanceId: string, policyId?: string): Date | null {
    const row = this.db
      .select({ startedAt: backups.startedAt })
      .from(backups)
      .where(
        and(
          eq(backups.instanceId, instanceId),
          policyId ? eq(backups.policyId, policyId) : undefined,
          inArray(backups.status, ['completed', 'completed_with_warnings']),
        ),
      )
      .orderBy(desc(backups.startedAt))
      .limit(1)
      .get();
    return row?.startedAt ?? null;
  }

  /** When the archive's newest finished backup ended (interval schedules count from it). */
  lastFinishedAt(archiveId: string): Date | null {
    const row = this.db
      .select({ finishedAt: backups.finishedAt })
      .from(backups)
      .where(and(eq(backups.archiveId, archiveId), isNotNull(backups.finishedAt)))
      .orderBy(desc(backups.finishedAt))
      .limit(1)
      .get();
    return row?.finishedAt ?? null;
  }

  /** Every successful backup of the archive with its tree, newest first (version history). */
  successfulOfArchive(archiveId: string): BackupRow[] {
    return this.db
      .select()
      .from(backups)
      .where(and(eq(backups.archiveId, archiveId), inArray(backups.status, ['completed', 'completed_with_warnings']), isNotNull(backups.rootTreeId)))
      .orderBy(desc(backups.startedAt))
      .all();
  }

  /** Committed backups (with a tree) of the folder: the GC's roots. */
  committed(folderId: string): Pick<BackupRow, 'id' | 'rootTreeId' | 'instanceId' | 'archiveId'>[] {
    return this.db
      .select({ id: backups.id, rootTreeId: backups.rootTreeId, instanceId: backups.instanceId, archiveId: backups.archiveId })
      .from(backups)
      .where(and(eq(backups.folderId, folderId), isNotNull(backups.rootTreeId)))
      .all();
  }

  running(): BackupRow[] {
    return this.db.select().from(backups).where(eq(backups.status, 'running')).all();
  }

  runningOf(instanceId: string): BackupRow[] {
    return this.db.select().from(backups).where(and(eq(backups.instanceId, instanceId), eq(backups.status, 'running'))).all();
  }
}
