import { and, count, desc, eq, gt, gte, inArray, isNotNull, lt, lte, max, ne, sql } from 'drizzle-orm';
import { SUCCESSFUL_BACKUP_STATUSES } from '@cloud-backup/domain';
import type { Db } from '../db/client';
import { backups, instances, operations, policies, policyLinks } from '../db/schema';
import type { PolicyRow } from './policies.repository';

/** A live instance's link to a policy, with what the at-risk rule needs. */
export interface MonitoredLink {
  instanceId: string;
  instanceName: string;
  linkedAt: Date;
  policy: Pick<PolicyRow, 'id' | 'name' | 'enabled' | 'settings' | 'updatedAt'>;
}

export interface FailedBackupRow {
  backupId: string;
  operationId: string | null;
  instanceId: string;
  instanceName: string;
  policyName: string;
  startedAt: Date;
  error: string | null;
}

const successful = inArray(backups.status, [...SUCCESSFUL_BACKUP_STATUSES]);
const failedBackup = and(eq(operations.type, 'backup'), eq(operations.status, 'failed'));

/** Read-only figures over backups, links and operations for health, monitoring samples and /metrics. */
export class MonitoringRepository {
  constructor(private readonly db: Db) {}

  /** Links of the folder's live (not removed) instances to its policies. */
  links(folderId: string): MonitoredLink[] {
    return this.db
      .select({
        instanceId: instances.id,
        instanceName: instances.name,
        linkedAt: policyLinks.createdAt,
        policy: { id: policies.id, name: policies.name, enabled: policies.enabled, settings: policies.settings, updatedAt: policies.updatedAt },
      })
      .from(policyLinks)
      .innerJoin(instances, eq(instances.id, policyLinks.instanceId))
      .innerJoin(policies, eq(policies.id, policyLinks.policyId))
      .where(and(eq(instances.folderId, folderId), ne(instances.status, 'deleted')))
      .orderBy(instances.name, policies.name)
      .all();
  }

  /** Start of the newest good backup per (instance, policy) of the folder. */
  lastGoodStarts(folderId: string): { instanceId: string; policyId: string | null; at: Date | null }[] {
    return this.db
      .select({ instanceId: backups.instanceId, policyId: backups.policyId, at: max(backups.startedAt) })
      .from(backups)
      .where(and(eq(backups.folderId, folderId), successful))
      .groupBy(backups.instanceId, backups.policyId)
      .all();
  }

  /** Backups of the folder that ended in (since, until], by status. */
  outcomes(folderId: string, since: Date, until: Date): { status: string; n: number }[] {
    return this.db
      .select({ status: backups.status, n: count() })
      .from(backups)
      .where(and(eq(backups.folderId, folderId), gt(backups.finishedAt, since), lte(backups.finishedAt, until)))
      .groupBy(backups.status)
      .all();
  }

  /** Failed backups of the folder that ended at or after `since`, newest first. */
  recentFailures(folderId: string, since: Date, limit: number): FailedBackupRow[] {
    return this.db
      .select({
        backupId: backups.id,
        operationId: backups.operationId,
        instanceId: backups.instanceId,
        instanceName: instances.name,
        policyName: backups.policyName,
        startedAt: backups.startedAt,
        error: backups.error,
      })
      .from(backups)
      .innerJoin(instances, eq(instances.id, backups.instanceId))
      .where(and(eq(backups.folderId, folderId), eq(backups.status, 'failed'), gte(backups.finishedAt, since)))
      .orderBy(desc(backups.finishedAt), desc(backups.id))
      .limit(limit)
      .all();
  }

  /**
   * Failed backup operations per instance of the folder that ended in [since, until): consecutive windows
   * never count one twice, and one ending at the very instant of a sample goes into the next. Operations,
   * not backup rows: retention deletes a failed backup once a newer good one exists, its operation stays.
   */
  failuresByInstance(folderId: string, since: Date, until: Date): Map<string, number> {
    const rows = this.db
      .select({ instanceId: operations.instanceId, n: count() })
      .from(operations)
      .where(and(eq(operations.folderId, folderId), failedBackup, gte(operations.finishedAt, since), lt(operations.finishedAt, until)))
      .groupBy(operations.instanceId)
      .all();
    return new Map(rows.flatMap((r) => (r.instanceId ? [[r.instanceId, r.n] as const] : [])));
  }

  /** Failed backup operations ever, per (folder, instance, policy): a counter never goes down. */
  failedTotals(): { folderId: string; instanceId: string; policyId: string | null; n: number }[] {
    const policyId = sql<string | null>`json_extract(${operations.job}, '$.policyId')`;
    const rows = this.db
      .select({ folderId: operations.folderId, instanceId: operations.instanceId, policyId, n: count() })
      .from(operations)
      .where(failedBackup)
      .groupBy(operations.folderId, operations.instanceId, policyId)
      .all();
    return rows.flatMap((r) => (r.instanceId ? [{ ...r, instanceId: r.instanceId }] : []));
  }

  /** End of the newest good backup per (folder, instance, policy). */
  lastSuccessEnds(): { folderId: string; instanceId: string; policyId: string | null; at: Date | null }[] {
    return this.db
      .select({ folderId: backups.folderId, instanceId: backups.instanceId, policyId: backups.policyId, at: max(backups.finishedAt) })
      .from(backups)
      .where(successful)
      .groupBy(backups.folderId, backups.instanceId, backups.policyId)
      .all();
  }

  /** Start and end of every finished operation (the duration histogram). */
  finishedOperations(): { folderId: string; type: string; startedAt: Date | null; finishedAt: Date | null }[] {
    return this.db
      .select({ folderId: operations.folderId, type: operations.type, startedAt: operations.startedAt, finishedAt: operations.finishedAt })
      .from(operations)
      .where(and(isNotNull(operations.startedAt), isNotNull(operations.finishedAt)))
      .all();
  }
}
