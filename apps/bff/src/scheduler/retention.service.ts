import { backupsToDelete, type Retention, type RetentionDecision } from '@cloud-backup/domain';
import type { Clock } from '../lib/clock';
import type { BackupsRepository } from '../repositories/backups.repository';
import type { PolicyRow } from '../repositories/policies.repository';
import type { BackupsService } from '../services/backups.service';
import type { OperationsService } from '../services/operations.service';
import type { RepositoryMaintenance } from '../services/repository-maintenance.service';
import type { AuditService } from '../services/audit.service';

/** Applies a policy's retention rules to one archive: each pass that deletes is an operation, GC follows. */
export class RetentionService {
  constructor(
    private readonly backupsRepo: BackupsRepository,
    private readonly backups: BackupsService,
    private readonly operations: OperationsService,
    private readonly maintenance: RepositoryMaintenance,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** What `retention` would delete in the archive now; backups a restore is reading are kept. */
  decide(archiveId: string, retention: Retention, timeZone: string): RetentionDecision[] {
    const candidates = this.backupsRepo.ofArchive(archiveId).map((b) => ({ id: b.id, archiveId: b.archiveId, status: b.status, startedAt: b.startedAt }));
    return backupsToDelete(candidates, retention, this.clock.now(), { timeZone }).filter((d) => !this.backups.restoreBusy(d.id));
  }

  /** One retention pass; returns how many backups it deleted. */
  apply(folderId: string, archiveId: string, policy: Pick<PolicyRow, 'id' | 'name' | 'settings'>, when: 'before_backup' | 'after_backup'): number {
    const decisions = this.decide(archiveId, policy.settings.retention, policy.settings.timeZone);
    if (decisions.length === 0) return 0;
    const archive = this.backupsRepo.archivesOf(folderId).find((a) => a.id === archiveId);
    const op = this.operations.create({
      folderId,
      type: 'retention',
      target: { kind: 'policy', id: policy.id, name: policy.name },
      actor: { type: 'system' },
      status: 'running',
    });
    this.operations.log(folderId, op.id, 'retention', `Applying the retention rules of "${policy.name}" to ${archive?.name ?? archiveId} (${when === 'before_backup' ? 'before' : 'after'} the new backup)`);
    for (const d of decisions) {
      const row = this.backupsRepo.findById(d.id);
      if (!row) continue;
      this.backups.removeRecord(row);
      this.operations.log(folderId, op.id, 'retention', `Deleted backup ${d.id} of ${row.startedAt.toISOString()}: ${d.reason}`);
      this.audit.record({ type: 'system' }, { folderId, action: 'backup.delete', resourceType: 'backup', resourceId: d.id, detail: { by: 'retention', policyId: policy.id, reason: d.reason } });
    }
    this.maintenance.collectGarbage(folderId, op.id);
    return decisions.length;
  }
}
