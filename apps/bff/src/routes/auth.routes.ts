import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ChangePasswordRequest, Me, SignInRequest } from '@cloud-backup/domain';
import { doc, validate } from '../lib/openapi-meta';
import { requireSessionPendingPasswordChange, SESSION_COOKIE } from '../middleware/session.middleware';
import type { AppEnv } from '../app-env';

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

export const authRoutes = new Hono<AppEnv>()
  .post('/auth/sign-in', doc('auth', 'Sign in with user name and password', Me), validate('json', SignInRequest), async (c) => {
    const { username, password } = c.req.valid('json');
    const { auth, config } = c.var.services;
    const { sessionToken, expiresAt, me } = await auth.signIn(username, password, clientIp(c));
    setCookie(c, SESSION_COOKIE, sessionToken, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: config.secureCookies,
      path: '/',
      expires: expiresAt,
    });
    return c.json(me);
  })
  .post('/auth/sign-out', doc('auth', 'Sign out and end the session'), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) c.var.services.auth.signOut(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .get('/auth/me', doc('auth', 'The signed-in user and their folders', Me), requireSessionPendingPasswordChange, (c) =>
    c.json(c.var.services.auth.me(c.var.user.id)),
  )
  .post(
    '/auth/password',
    doc('auth', 'Change your own password; your other sessions end', Me),
    requireSessionPendingPasswordChange,
    validate('json', ChangePasswordRequest),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      return c.json(await c.var.services.auth.changePassword(c.var.user, c.var.sessionToken, currentPassword, newPassword));
    },
  );
