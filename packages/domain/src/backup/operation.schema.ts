import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { VerifyResult } from './backup.schema';
import { Restore } from '../restore/restore.schema';

export const OperationType = z.enum(['backup', 'restore', 'file_restore', 'apply_policy', 'revoke_policy', 'retention', 'verify', 'gc', 'delete_backup']);
export type OperationType = z.infer<typeof OperationType>;
export const OperationStatus = z.enum(['queued', 'running', 'succeeded', 'succeeded_with_warnings', 'failed', 'cancelled']);
export type OperationStatus = z.infer<typeof OperationStatus>;

export const OperationLogLine = z.object({
  at: IsoDateTime,
  level: z.enum(['info', 'warning', 'error']),
  /** The named step the line belongs to (`scan`, `upload`, `pre-command` …). */
  step: z.string().max(64),
  message: z.string().max(8192),
});
export type OperationLogLine = z.infer<typeof OperationLogLine>;

export const Operation = z.object({
  id: Id,
  folderId: Id,
  type: OperationType,
  status: OperationStatus,
  /** What it acts on, e.g. `{kind:'instance', id, name}`. */
  target: z.object({ kind: z.enum(['instance', 'backup', 'policy', 'folder']), id: Id, name: z.string() }),
  startedBy: z.string(),
  createdAt: IsoDateTime,
  startedAt: IsoDateTime.nullable(),
  finishedAt: IsoDateTime.nullable(),
  progressPercent: z.number().min(0).max(100).nullable(),
  result: z.string().nullable(),
  backupId: Id.nullable(),
  /** Set on finished verify operations. */
  verify: VerifyResult.nullable(),
  /** Set on restore and file_restore operations. */
  restore: Restore.nullable(),
  /** A running or queued backup or restore can be cancelled (POST …/operations/:id/cancel). */
  cancellable: z.boolean(),
});
export type Operation = z.infer<typeof Operation>;

export const OperationWithLog = Operation.extend({ log: z.array(OperationLogLine) });
export type OperationWithLog = z.infer<typeof OperationWithLog>;

export const OperationListQuery = z.object({
  type: OperationType.optional(),
  status: OperationStatus.optional(),
  targetId: Id.optional(),
  /** Created at or after / before these instants. */
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type OperationListQuery = z.infer<typeof OperationListQuery>;
export const OperationList = z.object({ items: z.array(Operation), total: z.number().int().nonnegative() });
export type OperationList = z.infer<typeof OperationList>;
