import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { unauthenticated } from '../lib/errors';
import type { AppEnv } from '../app-env';

export const SESSION_COOKIE = 'cb_session';

/** Requires a live session cookie and puts its user on the context. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const user = token ? c.var.services.auth.resolveSession(token) : undefined;
  if (!token || !user) throw unauthenticated(token ? 'Your session has expired. Sign in again.' : 'Sign in to continue');
  c.set('user', user);
  c.set('sessionToken', token);
  await next();
});
