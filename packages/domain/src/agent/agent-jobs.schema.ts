import { z } from 'zod';
import { Id } from '../common/common.schema';
import { BackupProgress, BackupType, BackupWarning } from '../backup/backup.schema';
import { OperationLogLine } from '../backup/operation.schema';
import { Command, Compression } from '../policy/policy.schema';

export const ChunkId = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');

/** Everything the agent needs to run one backup; the server decides the type from the policy's scheme. */
export const BackupJob = z.object({
  kind: z.literal('backup'),
  operationId: Id,
  backupId: Id,
  archiveId: Id,
  type: BackupType,
  sources: z.array(z.string().min(1).max(4096)).min(1),
  skipPseudoFilesystems: z.boolean(),
  fileFilters: z.object({ exclusionMasks: z.array(z.string()), inclusionMasks: z.array(z.string()) }),
  compression: Compression,
  fastBackup: z.boolean(),
  preCommand: Command.nullable(),
  postCommand: Command.nullable(),
  /** The archive's newest successful backup: an incremental may reuse its unchanged files. */
  previousBackupId: Id.nullable(),
});
export type BackupJob = z.infer<typeof BackupJob>;

export const AgentJob = z.discriminatedUnion('kind', [BackupJob]);
export type AgentJob = z.infer<typeof AgentJob>;

export const NextJobQuery = z.object({ wait: z.coerce.number().int().min(0).max(60).default(25) });
export const NextJobResponse = z.object({ job: AgentJob.nullable() });
export type NextJobResponse = z.infer<typeof NextJobResponse>;

export const MAX_MISSING_QUERY = 10_000;
export const MissingChunksRequest = z.object({ ids: z.array(ChunkId).max(MAX_MISSING_QUERY) });
export type MissingChunksRequest = z.infer<typeof MissingChunksRequest>;
export const MissingChunksResponse = z.object({ missing: z.array(ChunkId) });
export type MissingChunksResponse = z.infer<typeof MissingChunksResponse>;

export const PackUploadResponse = z.object({ storedBlobs: z.number().int().nonnegative(), storedBytes: z.number().int().nonnegative() });
export type PackUploadResponse = z.infer<typeof PackUploadResponse>;

export const AgentLogLine = OperationLogLine;
export const JobProgressRequest = z.object({ progress: BackupProgress, log: z.array(AgentLogLine).max(1000) });
export type JobProgressRequest = z.infer<typeof JobProgressRequest>;
/** `cancel: true` asks the agent to stop the job and report it failed (cancelled). */
export const JobProgressResponse = z.object({ cancel: z.boolean() });
export type JobProgressResponse = z.infer<typeof JobProgressResponse>;

export const CommitBackupRequest = z.object({
  rootTreeId: ChunkId,
  fileCount: z.number().int().nonnegative(),
  dirCount: z.number().int().nonnegative(),
  logicalBytes: z.number().int().nonnegative(),
  warnings: z.array(BackupWarning).max(10_000),
  log: z.array(AgentLogLine).max(1000),
});
export type CommitBackupRequest = z.infer<typeof CommitBackupRequest>;

export const FailBackupRequest = z.object({ error: z.string().min(1).max(8192), log: z.array(AgentLogLine).max(1000) });
export type FailBackupRequest = z.infer<typeof FailBackupRequest>;

export const MAX_PACK_UPLOAD_BYTES = 64 * 1024 * 1024;
