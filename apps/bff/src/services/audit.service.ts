import type { AuditRepository } from '../repositories/audit.repository';
import type { Clock } from '../lib/clock';

export type Actor = { type: 'user'; id: string; username: string } | { type: 'agent'; id: string } | { type: 'system' };

export interface AuditRecord {
  folderId: string | null;
  action: string;
  resourceType?: string;
  resourceId?: string;
  detail?: Record<string, unknown>;
}

/** Writes who did what to which resource and when (SPEC §5). */
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  record(actor: Actor, r: AuditRecord): void {
    this.repo.append({
      folderId: r.folderId,
      actorType: actor.type,
      actorId: actor.type === 'system' ? null : actor.id,
      action: r.action,
      resourceType: r.resourceType ?? null,
      resourceId: r.resourceId ?? null,
      detail: r.detail ?? null,
      at: this.clock.now(),
    });
  }
}
