import { randomBytes } from 'node:crypto';
import { AccessErrorCode, ErrorCode, type Me } from '@cloud-backup/domain';
import type { SessionUser } from '../app-env';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { DUMMY_PASSWORD_HASH, hashPassword, hashSecret, newSecret, verifyPassword } from '../lib/secrets';
import type { Clock } from '../lib/clock';
import type { UsersRepository } from '../repositories/users.repository';
import type { AuditService } from './audit.service';
import type { SignInThrottle } from './sign-in-throttle';

export const ADMIN_USERNAME = 'admin';
export const DEFAULT_FOLDER_ID = 'default';

export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
  ) {}

  /**
   * Creates the first admin on an empty database. Returns the generated password when none was
   * given, so the caller can print it once; null when users already exist.
   */
  async ensureAdmin(password: string | undefined): Promise<{ generatedPassword: string | null } | null> {
    if (this.users.count() > 0) return null;
    const generated = password ? null : randomBytes(12).toString('base64url');
    const id = newId('usr');
    this.users.insert({
      id,
      username: ADMIN_USERNAME,
      passwordHash: await hashPassword(password ?? generated!),
      installationAdmin: true,
      createdAt: this.clock.now(),
    });
    this.users.bindRole(id, DEFAULT_FOLDER_ID, 'backup.admin');
    return { generatedPassword: generated };
  }

  private assertNotThrottled(username: string, ip: string): void {
    const waitMs = this.throttle.waitMs(username, ip);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError(429, ErrorCode.tooManyAttempts, `Too many failed attempts. Try again in ${seconds} s.`, undefined, {
        'Retry-After': String(seconds),
      });
    }
  }

  /**
   * Installation-level audit of a refused sign-in: the user name tried and the client address, never the
   * password. The actor is the system: whoever typed the name is not known to be that user.
   */
  private auditFailedSignIn(username: string, ip: string, reason: 'wrong_credentials' | 'disabled' | 'throttled', userId?: string): void {
    this.audit.record(
      { type: 'system' },
      {
        folderId: null,
        action: 'auth.sign_in_failed',
        ...(userId ? { resourceType: 'user', resourceId: userId } : {}),
        detail: { username: username.slice(0, 128), ip, reason },
      },
    );
  }

  async signIn(username: string, password: string, ip: string): Promise<{ sessionToken: string; expiresAt: Date; me: Me }> {
    try {
      this.assertNotThrottled(username, ip);
    } catch (error) {
      this.auditFailedSignIn(username, ip, 'throttled');
      throw error;
    }
    const user = this.users.findByUsername(username);
    // Hash even for unknown users so response time does not reveal which user names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok || user.disabled) {
      this.throttle.recordFailure(username, ip);
      this.auditFailedSignIn(username, ip, user && ok ? 'disabled' : 'wrong_credentials', user?.id);
      throw new AppError(401, ErrorCode.invalidCredentials, 'Wrong user name or password');
    }
    this.throttle.recordSuccess(username, ip);
    const sessionToken = newSecret('cbs');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    this.users.deleteExpiredSessions(now);
    this.users.insertSession({ idHash: hashSecret(sessionToken), userId: user.id, createdAt: now, expiresAt });
    this.audit.record({ type: 'user', id: user.id, username: user.username }, { folderId: null, action: 'auth.sign_in' });
    return { sessionToken, expiresAt, me: this.me(user.id) };
  }

  signOut(sessionToken: string): void {
    const user = this.resolveSession(sessionToken);
    this.users.deleteSession(hashSecret(sessionToken));
    if (user) this.audit.record({ type: 'user', id: user.id, username: user.username }, { folderId: null, action: 'auth.sign_out' });
  }

  /**
   * Changes the caller's own password: checks the current one (throttled like sign-in, so a stolen
   * session cannot guess it), clears the must-change flag and ends every other session of the user.
   */
  async changePassword(user: SessionUser, sessionToken: string, currentPassword: string, newPassword: string): Promise<Me> {
    const throttleKey = `password-change:${user.id}`;
    this.assertNotThrottled(user.username, throttleKey);
    const row = this.users.findById(user.id);
    if (!row || !(await verifyPassword(currentPassword, row.passwordHash))) {
      this.throttle.recordFailure(user.username, throttleKey);
      throw new AppError(400, AccessErrorCode.wrongPassword, 'The current password is wrong', { currentPassword: 'The current password is wrong' });
    }
    this.throttle.recordSuccess(user.username, throttleKey);
    this.users.update(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false });
    this.users.deleteSessionsOf(user.id, hashSecret(sessionToken));
    this.audit.record({ type: 'user', id: user.id, username: user.username }, { folderId: null, action: 'auth.password_change', resourceType: 'user', resourceId: user.id });
    return this.me(user.id);
  }

  /** The signed-in user behind a session cookie, or undefined when it is unknown, expired or disabled. */
  resolveSession(sessionToken: string): SessionUser | undefined {
    const session = this.users.findLiveSession(hashSecret(sessionToken), this.clock.now());
    if (!session) return undefined;
    const user = this.users.findById(session.userId);
    if (!user || user.disabled) return undefined;
    return { id: user.id, username: user.username, installationAdmin: user.installationAdmin, mustChangePassword: user.mustChangePassword };
  }

  me(userId: string): Me {
    const user = this.users.findById(userId);
    if (!user) throw new AppError(401, ErrorCode.unauthenticated, 'Sign in to continue');
    return {
      user: { id: user.id, username: user.username, installationAdmin: user.installationAdmin, mustChangePassword: user.mustChangePassword },
      folders: this.users.memberships(userId),
    };
  }

  roleIn(userId: string, folderId: string) {
    return this.users.roleIn(userId, folderId);
  }
}
