import type { Operation } from '@cloud-backup/domain';
import { conflict, notFound } from '../lib/errors';
import type { Clock } from '../lib/clock';
import type { BackupsRepository } from '../repositories/backups.repository';
import type { OperationRow, OperationsRepository } from '../repositories/operations.repository';
import type { AgentJobsService } from './agent-jobs.service';
import { isRestoreOperation, type AgentRestoresService } from './agent-restores.service';
import type { Actor, AuditService } from './audit.service';
import { actorName, isCancellable, toOperationDto, type OperationsService } from './operations.service';

const TYPE_WORDS: Partial<Record<OperationRow['type'], string>> = { backup: 'backup', restore: 'restore', file_restore: 'file restore' };

/**
 * Cancels a backup or restore (issue 7). Queued: it ends at once and no agent is ever handed it. Running:
 * it ends at once on the server (a backup as abandoned, never committed); the agent learns it from its next
 * progress call and stops.
 */
export class OperationCancelService {
  constructor(
    private readonly operationsRepo: OperationsRepository,
    private readonly operations: OperationsService,
    private readonly backups: BackupsRepository,
    private readonly agentJobs: AgentJobsService,
    private readonly agentRestores: AgentRestoresService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  cancel(folderId: string, operationId: string, actor: Actor): Operation {
    const op = this.operationsRepo.find(folderId, operationId);
    if (!op) throw notFound('Operation');
    if (!isCancellable(op)) {
      const what = TYPE_WORDS[op.type];
      throw conflict(
        what
          ? `This ${what} is ${op.status} and can no longer be cancelled`
          : `Only backups and restores can be cancelled; this ${op.type.replace(/_/g, ' ')} operation runs to its end`,
      );
    }
    const reason = `Cancelled by ${actorName(actor)}`;
    const previousStatus = op.status;
    if (op.status === 'queued' && this.operationsRepo.cancelQueued(op.id, this.clock.now(), reason)) {
      this.operations.log(folderId, op.id, 'cancel', `${reason} before an agent took it`, 'warning');
    } else {
      // Running (or claimed by its agent a moment ago): end it where it runs.
      const current = this.operationsRepo.findById(op.id)!;
      if (current.status !== 'running') throw conflict(`This operation is ${current.status} and can no longer be cancelled`);
      if (isRestoreOperation(current)) this.agentRestores.cancel(current, reason);
      else this.cancelBackup(current, reason);
    }
    this.audit.record(actor, { folderId, action: 'operation.cancel', resourceType: 'operation', resourceId: op.id, detail: { type: op.type, previousStatus, targetId: op.targetId } });
    return toOperationDto(this.operationsRepo.findById(op.id)!);
  }

  private cancelBackup(op: OperationRow, reason: string): void {
    const backup = op.backupId ? this.backups.findById(op.backupId) : undefined;
    if (backup?.status === 'running') {
      this.agentJobs.cancel(backup, reason);
      return;
    }
    // A running backup operation without a running backup row (the agent has not been handed it yet).
    this.operations.log(op.folderId, op.id, 'cancel', reason, 'warning');
    this.operations.finish(op.folderId, op.id, 'cancelled', reason, { progressPercent: null });
  }
}
