import { AccessErrorCode, type Role, type RoleGrant } from '@cloud-backup/domain';
import { AppError } from '../lib/errors';
import type { Clock } from '../lib/clock';
import type { RoleBindingsRepository } from '../repositories/role-bindings.repository';
import type { Actor, AuditService } from './audit.service';
import type { UsersService } from './users.service';

const ADMIN_ROLE: Role = 'backup.admin';

/** Who granted a role, as the Access page shows it. */
export function actorName(actor: Actor): string | null {
  return actor.type === 'user' ? actor.username : null;
}

/** Roles in one folder, as its `backup.admin`s grant and revoke them on the Access page. */
export class AccessService {
  constructor(
    private readonly bindings: RoleBindingsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(folderId: string): RoleGrant[] {
    return this.bindings.listForFolder(folderId);
  }

  /** Grants `role`, replacing the user's previous role in the folder. */
  grant(folderId: string, userId: string, role: Role, actor: Actor): RoleGrant[] {
    const user = this.users.row(userId);
    const previous = this.bindings.find(folderId, userId);
    if (previous === role) return this.list(folderId);
    if (previous === ADMIN_ROLE) this.assertNotLastAdmin(folderId);
    this.bindings.upsert(folderId, userId, role, { at: this.clock.now(), by: actorName(actor) });
    this.audit.record(actor, {
      folderId,
      action: 'access.grant',
      resourceType: 'user',
      resourceId: userId,
      detail: { username: user.username, role, previousRole: previous ?? null },
    });
    return this.list(folderId);
  }

  revoke(folderId: string, userId: string, actor: Actor): RoleGrant[] {
    const user = this.users.row(userId);
    const previous = this.bindings.find(folderId, userId);
    if (!previous) return this.list(folderId);
    if (previous === ADMIN_ROLE) this.assertNotLastAdmin(folderId);
    this.bindings.delete(folderId, userId);
    this.audit.record(actor, { folderId, action: 'access.revoke', resourceType: 'user', resourceId: userId, detail: { username: user.username, previousRole: previous } });
    return this.list(folderId);
  }

  /** A folder always keeps a `backup.admin`, or nobody could manage its access again. */
  private assertNotLastAdmin(folderId: string): void {
    if (this.bindings.countWithRole(folderId, ADMIN_ROLE) <= 1) {
      throw new AppError(409, AccessErrorCode.lastFolderAdmin, 'This is the last backup.admin of the folder. Make someone else backup.admin first.');
    }
  }
}
