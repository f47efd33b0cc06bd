import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';

/** An instance whose newest good backup is older than one of its policies allows (SPEC §7, issue 7). */
export const AtRiskInstance = z.object({
  instanceId: Id,
  instanceName: z.string(),
  policyId: Id,
  policyName: z.string(),
  /** Null when the instance has no good backup under that policy yet. */
  lastGoodBackupAt: IsoDateTime.nullable(),
  /** How old the newest good backup may be under the policy's schedule (see atRiskAllowanceMs). */
  allowedAgeSeconds: z.number().int().nonnegative(),
});
export type AtRiskInstance = z.infer<typeof AtRiskInstance>;

export const OfflineAgent = z.object({
  instanceId: Id,
  instanceName: z.string(),
  lastSeenAt: IsoDateTime.nullable(),
});
export type OfflineAgent = z.infer<typeof OfflineAgent>;

/** `GET /folders/:folderId/health`: the Overview's fleet health at a glance. */
export const FolderHealth = z.object({
  /** Instances linked to at least one enabled policy that have a good backup. */
  protectedInstances: z.number().int().nonnegative(),
  /** Live instances (not removed) of the folder. */
  instances: z.number().int().nonnegative(),
  storageUsedBytes: z.number().int().nonnegative(),
  backupsLast24h: z.object({
    succeeded: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
  /** Failed backups of the last 24 h, newest first, at most 10. */
  recentFailures: z.array(
    z.object({
      backupId: Id,
      operationId: Id.nullable(),
      instanceId: Id,
      instanceName: z.string(),
      policyName: z.string(),
      startedAt: IsoDateTime,
      error: z.string().nullable(),
    }),
  ),
  atRisk: z.array(AtRiskInstance),
  agentsOffline: z.array(OfflineAgent),
});
export type FolderHealth = z.infer<typeof FolderHealth>;
