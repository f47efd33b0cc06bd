import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { InstanceKind } from '../instance/instance.schema';

export const BackupType = z.enum(['full', 'incremental']);
export type BackupType = z.infer<typeof BackupType>;

/** `completed_with_warnings`: some files were skipped or changed during the read; the rest is restorable. */
export const BackupStatus = z.enum(['running', 'completed', 'completed_with_warnings', 'failed', 'abandoned']);
export type BackupStatus = z.infer<typeof BackupStatus>;
export const SUCCESSFUL_BACKUP_STATUSES: readonly BackupStatus[] = ['completed', 'completed_with_warnings'];

export const BackupPhase = z.enum(['pre_command', 'scanning', 'reading', 'uploading', 'committing', 'post_command', 'done']);
export type BackupPhase = z.infer<typeof BackupPhase>;

/** Live progress of a running backup, as the agent reports it. */
export const BackupProgress = z.object({
  phase: BackupPhase,
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative().nullable(),
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative().nullable(),
  bytesUploaded: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  currentPath: z.string().max(4096).nullable(),
});
export type BackupProgress = z.infer<typeof BackupProgress>;

export const BackupWarning = z.object({
  path: z.string().max(4096),
  message: z.string().max(2048),
});
export type BackupWarning = z.infer<typeof BackupWarning>;

export const Backup = z.object({
  id: Id,
  folderId: Id,
  instanceId: Id,
  instanceName: z.string(),
  instanceKind: InstanceKind,
  /** True when the instance was removed from the service; its backups stay until deleted. */
  instanceRemoved: z.boolean(),
  policyId: Id.nullable(),
  policyName: z.string(),
  archiveId: Id,
  archiveName: z.string(),
  operationId: Id.nullable(),
  type: BackupType,
  status: BackupStatus,
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  sources: z.array(z.string()),
  fileCount: z.number().int().nonnegative(),
  dirCount: z.number().int().nonnegative(),
  /** Sum of the sizes of the files in the backup. */
  logicalBytes: z.number().int().nonnegative(),
  /** Bytes this backup added to the repository (after dedup and compression). */
  newBytes: z.number().int().nonnegative(),
  warnings: z.array(BackupWarning),
  error: z.string().nullable(),
  progress: BackupProgress.nullable(),
});
export type Backup = z.infer<typeof Backup>;

export const BackupSort = z.enum(['startedAt', 'durationMs', 'logicalBytes', 'newBytes', 'fileCount', 'instanceName', 'policyName']);

export const BackupListQuery = z.object({
  instanceId: Id.optional(),
  policyId: Id.optional(),
  type: BackupType.optional(),
  status: BackupStatus.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  sort: BackupSort.default('startedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type BackupListQuery = z.infer<typeof BackupListQuery>;

export const BackupList = z.object({ items: z.array(Backup), total: z.number().int().nonnegative() });
export type BackupList = z.infer<typeof BackupList>;

export const BackupNowRequest = z.object({ policyId: Id });
export type BackupNowRequest = z.infer<typeof BackupNowRequest>;

/** Bytes held in the folder's repository, per instance and per archive. */
export const StorageUsage = z.object({
  folderBytes: z.number().int().nonnegative(),
  instances: z.array(z.object({ instanceId: Id, instanceName: z.string(), bytes: z.number().int().nonnegative() })),
  archives: z.array(z.object({ archiveId: Id, archiveName: z.string(), instanceId: Id, bytes: z.number().int().nonnegative() })),
});
export type StorageUsage = z.infer<typeof StorageUsage>;

export const VerifyResult = z.object({
  checkedChunks: z.number().int().nonnegative(),
  checkedBytes: z.number().int().nonnegative(),
  damaged: z.array(
    z.object({
      chunkId: z.string(),
      packId: z.string(),
      backups: z.array(z.object({ backupId: Id, paths: z.array(z.string()) })),
    }),
  ),
});
export type VerifyResult = z.infer<typeof VerifyResult>;
