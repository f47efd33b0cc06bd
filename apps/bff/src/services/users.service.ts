import { AccessErrorCode, type CreateUserRequest, type User } from '@cloud-backup/domain';
import { AppError, conflict, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import { hashPassword } from '../lib/secrets';
import type { Clock } from '../lib/clock';
import type { UserRow, UsersRepository } from '../repositories/users.repository';
import type { Actor, AuditService } from './audit.service';

export function toUserDto(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    disabled: row.disabled,
    mustChangePassword: row.mustChangePassword,
    installationAdmin: row.installationAdmin,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Accounts, as installation admins manage them: create, disable and enable, reset passwords. */
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(): User[] {
    return this.users.list().map(toUserDto);
  }

  /** Active accounts by name only: what a folder admin needs to pick whom to grant a role. */
  directory(): { id: string; username: string }[] {
    return this.users
      .list()
      .filter((u) => !u.disabled)
      .map((u) => ({ id: u.id, username: u.username }));
  }

  row(userId: string): UserRow {
    const row = this.users.findById(userId);
    if (!row) throw notFound('User');
    return row;
  }

  get(userId: string): User {
    return toUserDto(this.row(userId));
  }

  /** The new user must pick their own password at first sign-in. */
  async create(req: CreateUserRequest, actor: Actor): Promise<User> {
    if (this.users.findByUsername(req.username)) throw conflict(`A user named "${req.username}" already exists`, AccessErrorCode.usernameTaken);
    const passwordHash = await hashPassword(req.initialPassword);
    // Checked again after the slow hash: another request may have taken the name meanwhile.
    if (this.users.findByUsername(req.username)) throw conflict(`A user named "${req.username}" already exists`, AccessErrorCode.usernameTaken);
    const id = newId('usr');
    this.users.insert({ id, username: req.username, passwordHash, mustChangePassword: true, createdAt: this.clock.now() });
    this.audit.record(actor, { folderId: null, action: 'user.create', resourceType: 'user', resourceId: id, detail: { username: req.username } });
    return this.get(id);
  }

  /** Disabling ends every session of the user at once; sign-in is refused until enabled again. */
  setDisabled(userId: string, disabled: boolean, actor: Actor): User {
    const row = this.row(userId);
    if (disabled && actor.type === 'user' && actor.id === userId) {
      throw new AppError(409, AccessErrorCode.selfLockout, 'You cannot disable your own account');
    }
    if (row.disabled !== disabled) {
      this.users.update(userId, { disabled });
      if (disabled) this.users.deleteSessionsOf(userId);
      this.audit.record(actor, { folderId: null, action: disabled ? 'user.disable' : 'user.enable', resourceType: 'user', resourceId: userId, detail: { username: row.username } });
    }
    return this.get(userId);
  }

  /** A new initial password: every session of the user ends and they must change it at next sign-in. */
  async resetPassword(userId: string, newPassword: string, actor: Actor): Promise<User> {
    const row = this.row(userId);
    this.users.update(userId, { passwordHash: await hashPassword(newPassword), mustChangePassword: true });
    this.users.deleteSessionsOf(userId);
    this.audit.record(actor, { folderId: null, action: 'user.password_reset', resourceType: 'user', resourceId: userId, detail: { username: row.username } });
    return this.get(userId);
  }
}
