import type { AuditPage, AuditQuery } from '@cloud-backup/domain';
import type { AuditRepository, AuditScope } from '../repositories/audit.repository';
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

  /** One page of the log, newest first; there is no way to change or remove an entry through the API. */
  page(scope: AuditScope, q: AuditQuery): AuditPage {
    const { action, actor, from, to, limit, offset } = q;
    const filter = { action, actor, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
    const { rows, total } = this.repo.query(scope, filter, limit, offset);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { type: r.actorType, id: r.actorId, name: r.actorType === 'system' ? null : r.actorName },
        action: r.action,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        detail: r.detail,
      })),
    };
  }
}
