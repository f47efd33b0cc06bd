import { z } from 'zod';
import { Id } from '../common/common.schema';
import { BackupProgress, BackupType, BackupWarning } from '../backup/backup.schema';
import { OperationLogLine } from '../backup/operation.schema';
import { Command, Compression } from '../policy/policy.schema';
import {
  BackupPath,
  CreatedTargetFolder,
  OverwriteMode,
  RestoreProgress,
  RestoreSummary,
  TargetListing,
} from '../restore/restore.schema';

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


export const NextJobQuery = z.object({ wait: z.coerce.number().int().min(0).max(60).default(25) });

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

// ── Restore jobs (issue 5) ───────────────────────────────────────────────────────────────────────────────

/** A node of a backup's tree as the agent receives it for a restore (the engine's TreeNode, validated loosely). */
export const RestoreNode = z.object({
  name: z.string().min(1).max(1024),
  /** base64 of the exact name bytes when they are not valid UTF-8. */
  rawName: z.string().optional(),
  type: z.enum(['file', 'dir', 'symlink']),
  mode: z.number().int().nonnegative(),
  mtimeMs: z.number().finite(),
  uid: z.number().int().nonnegative(),
  gid: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  content: z.array(ChunkId).optional(),
  subtree: ChunkId.optional(),
  target: z.string().optional(),
  linkGroup: z.number().int().nonnegative().optional(),
});
export type RestoreNode = z.infer<typeof RestoreNode>;

export const RestoreItem = z.object({
  /** Where the item is in the backup (display path), for messages. */
  sourcePath: z.string().max(4096),
  /** The directory, relative to the agent's root ('/'-prefixed), that receives the item under its own name. */
  targetDir: BackupPath,
  node: RestoreNode,
});
export type RestoreItem = z.infer<typeof RestoreItem>;

export const RestoreJob = z.object({
  kind: z.literal('restore'),
  operationId: Id,
  backupId: Id,
  items: z.array(RestoreItem).min(1).max(100_000),
  overwrite: OverwriteMode,
  /** Totals of everything the items hold, for progress and ETA. */
  filesTotal: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
});
export type RestoreJob = z.infer<typeof RestoreJob>;

export const AgentJob = z.discriminatedUnion('kind', [BackupJob, RestoreJob]);
export type AgentJob = z.infer<typeof AgentJob>;
export const NextJobResponse = z.object({ job: AgentJob.nullable() });
export type NextJobResponse = z.infer<typeof NextJobResponse>;

export const RestoreTreeResponse = z.object({ nodes: z.array(RestoreNode) });
export type RestoreTreeResponse = z.infer<typeof RestoreTreeResponse>;
export const MAX_RESTORE_CHUNK_QUERY = 256;
/** Answered with a chunk batch body (see chunk-batch.codec.ts). */
export const RestoreChunksRequest = z.object({ ids: z.array(ChunkId).min(1).max(MAX_RESTORE_CHUNK_QUERY) });
export type RestoreChunksRequest = z.infer<typeof RestoreChunksRequest>;
export const RestoreProgressRequest = z.object({ progress: RestoreProgress, log: z.array(AgentLogLine).max(1000) });
export type RestoreProgressRequest = z.infer<typeof RestoreProgressRequest>;
export const FinishRestoreRequest = z.object({ summary: RestoreSummary, log: z.array(AgentLogLine).max(1000) });
export type FinishRestoreRequest = z.infer<typeof FinishRestoreRequest>;
export const FailRestoreRequest = FailBackupRequest;
export type FailRestoreRequest = z.infer<typeof FailRestoreRequest>;

// ── Quick requests: the console browses the target's files through its agent ───────────────────────────

export const AgentRequest = z.discriminatedUnion('kind', [
  z.object({ id: Id, kind: z.literal('list_dir'), path: BackupPath }),
  /** Create the directory `path` (its parent must exist). */
  z.object({ id: Id, kind: z.literal('make_dir'), path: BackupPath }),
]);
export type AgentRequest = z.infer<typeof AgentRequest>;
export const NextRequestResponse = z.object({ request: AgentRequest.nullable() });
export type NextRequestResponse = z.infer<typeof NextRequestResponse>;
export const AgentRequestResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), listing: TargetListing.optional(), created: CreatedTargetFolder.optional() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['not_found', 'not_a_directory', 'exists', 'refused', 'failed']),
    message: z.string().max(2048),
  }),
]);
export type AgentRequestResult = z.infer<typeof AgentRequestResult>;
