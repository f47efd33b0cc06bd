import { AccessErrorCode } from '@cloud-backup/domain';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError, forbidden, unauthenticated } from '../lib/errors';
import type { AppEnv } from '../app-env';

export const SESSION_COOKIE = 'cb_session';

function sessionGate({ allowPendingPasswordChange }: { allowPendingPasswordChange: boolean }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? c.var.services.auth.resolveSession(token) : undefined;
    if (!token || !user) throw unauthenticated(token ? 'Your session has expired. Sign in again.' : 'Sign in to continue');
    if (user.mustChangePassword && !allowPendingPasswordChange) {
      throw new AppError(403, AccessErrorCode.passwordChangeRequired, 'Choose a new password before you continue');
    }
    c.set('user', user);
    c.set('sessionToken', token);
    await next();
  });
}

/** Requires a live session cookie and puts its user on the context; refused until a required password change is done. */
export const requireSession = sessionGate({ allowPendingPasswordChange: false });

/** For the few routes a user with a pending password change still needs: who am I, and change password. */
export const requireSessionPendingPasswordChange = sessionGate({ allowPendingPasswordChange: true });

/** Installation-level administration (folders, users). Must run after a session gate. */
export const requireInstallationAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user.installationAdmin) throw forbidden('Only an administrator of the installation may do this');
  await next();
});
