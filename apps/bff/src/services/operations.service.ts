import type { Restore, Operation, OperationLogLine, OperationStatus, OperationType, OperationWithLog } from '@cloud-backup/domain';
import { notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { OperationFilter, OperationRow, OperationsRepository } from '../repositories/operations.repository';
import type { Actor } from './audit.service';

export function toOperationDto(r: OperationRow): Operation {
  return {
    id: r.id,
    folderId: r.folderId,
    type: r.type,
    status: r.status,
    target: { kind: r.targetKind, id: r.targetId, name: r.targetName },
    startedBy: r.startedBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    progressPercent: r.progressPercent,
    result: r.result,
    backupId: r.backupId,
    verify: r.verify,
    restore: r.restore,
    cancellable: isCancellable(r),
  };
}

/** Backups and restores that have not finished can be cancelled; other operations run to their end. */
export function isCancellable(r: Pick<OperationRow, 'type' | 'status'>): boolean {
  return ['backup', 'restore', 'file_restore'].includes(r.type) && (r.status === 'queued' || r.status === 'running');
}

export function actorName(actor: Actor): string {
  return actor.type === 'user' ? actor.username : actor.type === 'agent' ? `agent ${actor.id}` : 'scheduler';
}

export interface NewOperation {
  folderId: string;
  type: OperationType;
  target: { kind: OperationRow['targetKind']; id: string; name: string };
  actor: Actor;
  instanceId?: string;
  job?: Record<string, unknown>;
  status?: OperationStatus;
  restore?: Restore;
}

/** The operation log is the spine of the console: every long-running action is one. */
export class OperationsService {
  /** Called after an operation finished (failed backups notify webhooks here). */
  onFinished: ((row: OperationRow) => void) | null = null;

  constructor(
    private readonly repo: OperationsRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  create(o: NewOperation): OperationRow {
    const now = this.clock.now();
    const status = o.status ?? 'queued';
    const row: OperationRow = {
      id: newId('op'),
      folderId: o.folderId,
      type: o.type,
      status,
      targetKind: o.target.kind,
      targetId: o.target.id,
      targetName: o.target.name,
      instanceId: o.instanceId ?? null,
      startedBy: actorName(o.actor),
      job: o.job ?? null,
      createdAt: now,
      startedAt: status === 'running' ? now : null,
      finishedAt: null,
      progressPercent: null,
      result: null,
      backupId: null,
      verify: null,
      restore: o.restore ?? null,
    };
    this.repo.insert(row);
    this.changed(row.folderId, row.id);
    return row;
  }

  /** An action done at once (applying or revoking a policy), recorded as a finished operation. */
  recordInstant(o: Omit<NewOperation, 'status'>, result: string): OperationRow {
    const row = this.create({ ...o, status: 'running' });
    this.log(o.folderId, row.id, o.type, result);
    this.finish(o.folderId, row.id, 'succeeded', result);
    return row;
  }

  update(folderId: string, id: string, set: Partial<OperationRow>): void {
    this.repo.update(id, set);
    this.changed(folderId, id);
  }

  finish(folderId: string, id: string, status: OperationStatus, result: string, extra: Partial<OperationRow> = {}): void {
    this.update(folderId, id, { status, result, finishedAt: this.clock.now(), progressPercent: status === 'failed' ? null : 100, ...extra });
    if (this.onFinished) {
      const row = this.repo.findById(id);
      if (row) this.onFinished(row);
    }
  }

  log(folderId: string, id: string, step: string, message: string, level: OperationLogLine['level'] = 'info'): void {
    this.repo.appendLog(id, [{ at: this.clock.now().toISOString(), level, step, message }]);
    this.changed(folderId, id);
  }

  appendLog(folderId: string, id: string, lines: readonly OperationLogLine[]): void {
    if (lines.length === 0) return;
    this.repo.appendLog(id, lines);
    this.changed(folderId, id);
  }

  list(folderId: string, filter: OperationFilter, limit: number, offset: number) {
    const { items, total } = this.repo.list(folderId, filter, limit, offset);
    return { items: items.map(toOperationDto), total };
  }

  get(folderId: string, id: string): OperationWithLog {
    const row = this.repo.find(folderId, id);
    if (!row) throw notFound('Operation');
    const log = this.repo.log(id).map((l) => ({ at: l.at.toISOString(), level: l.level, step: l.step, message: l.message }));
    return { ...toOperationDto(row), log };
  }

  private changed(folderId: string, operationId: string): void {
    this.events.publish({ type: 'operation.changed', folderId, operationId });
  }
}
