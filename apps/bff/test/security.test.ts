import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, createHarness, sampleMetadata, type Harness } from './harness';
import { cookieOf, createUser, USER_PASSWORD } from './support/access-fixture';

let h: Harness;
let admin: string;
beforeEach(async () => {
  h = await createHarness();
  admin = await h.signIn();
});
afterEach(() => h.close());

describe('CSRF', () => {
  it('refuses every state-changing console route without X-Requested-With, before it does anything', async () => {
    const routes = [...new Set(h.app.routes.filter((r) => r.path.startsWith('/api/v1/') && !['ALL', 'GET'].includes(r.method)).map((r) => `${r.method} ${r.path}`))];
    expect(routes.length).toBeGreaterThan(20);
    for (const key of routes) {
      const [method, path] = key.split(' ') as [string, string];
      const res = await h.call(method, path.replace(/:(\w+)/g, (_m, n: string) => (n === 'folderId' ? 'default' : 'x_1')), { cookie: admin, body: {}, csrf: false });
      expect(res.status, key).toBe(403);
      expect(res.json.error.code, key).toBe('csrf_failed');
    }
    // Nothing ran: the session is alive and no user or folder appeared.
    expect((await h.call('GET', '/api/v1/auth/me', { cookie: admin })).status).toBe(200);
    expect(h.services.repos.users.list()).toHaveLength(1);
  });

  it('lets reads through without the header', async () => {
    const res = await h.call('GET', '/api/v1/folders', { cookie: admin, csrf: false });
    expect(res.status).toBe(200);
  });
});

describe('session revocation', () => {
  it('sign-out kills that cookie on the server, even if the browser kept a copy', async () => {
    const copy = await h.signIn();
    expect((await h.call('POST', '/api/v1/auth/sign-out', { cookie: copy })).status).toBe(204);
    expect((await h.call('GET', '/api/v1/folders', { cookie: copy })).status).toBe(401);
    // Other sessions of the same user are untouched.
    expect((await h.call('GET', '/api/v1/folders', { cookie: admin })).status).toBe(200);
    const audit = h.services.audit.page({ installation: true }, { action: 'auth', limit: 50, offset: 0 });
    expect(audit.items.map((e) => e.action)).toContain('auth.sign_out');
  });

  it('a password change keeps the current session and ends every other one', async () => {
    const other = await h.signIn();
    const res = await h.call('POST', '/api/v1/auth/password', { cookie: admin, body: { currentPassword: ADMIN_PASSWORD, newPassword: 'a brand new password' } });
    expect(res.status, res.text).toBe(200);
    expect((await h.call('GET', '/api/v1/auth/me', { cookie: other })).status).toBe(401);
    expect((await h.call('GET', '/api/v1/auth/me', { cookie: admin })).status).toBe(200);
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status).toBe(401);
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: 'a brand new password' } })).status).toBe(200);
  });

  it('refuses a wrong current password, a short new one and the same one again', async () => {
    const wrong = await h.call('POST', '/api/v1/auth/password', { cookie: admin, body: { currentPassword: 'not it at all', newPassword: 'a brand new password' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe('wrong_password');
    const short = await h.call('POST', '/api/v1/auth/password', { cookie: admin, body: { currentPassword: ADMIN_PASSWORD, newPassword: 'short' } });
    expect(short.status).toBe(400);
    expect(short.json.error.fields.newPassword).toMatch(/At least 12/);
    const same = await h.call('POST', '/api/v1/auth/password', { cookie: admin, body: { currentPassword: ADMIN_PASSWORD, newPassword: ADMIN_PASSWORD } });
    expect(same.status).toBe(400);
    expect(same.json.error.fields.newPassword).toMatch(/different/);
  });

  it('throttles guessing the current password from a stolen session', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await h.call('POST', '/api/v1/auth/password', { cookie: admin, body: { currentPassword: `guess number ${i}`, newPassword: 'a brand new password' } });
      expect(res.status).toBe(400);
    }
    const blocked = await h.call('POST', '/api/v1/auth/password', { cookie: admin, body: { currentPassword: ADMIN_PASSWORD, newPassword: 'a brand new password' } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
  });
});

describe('sign-in rate limiting', () => {
  it('limits guessing across many user names from one address', async () => {
    // Ten failures on ten different names from one address: the eleventh attempt waits, even for a real user.
    for (let i = 0; i < 10; i++) {
      expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: `ghost${i}`, password: 'nope' } })).status).toBe(401);
    }
    const blocked = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(60 * 60_000 + 1);
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status).toBe(200);
  });

  it('caps the wait at five minutes', async () => {
    for (let i = 0; i < 12; i++) {
      h.services.auth['throttle'].recordFailure('admin', 'unknown');
    }
    const blocked = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('300');
  });
});

describe('registration tokens', () => {
  it('cannot be replayed: a used token never yields a second credential, not even after the first instance is removed', async () => {
    await h.activate(admin);
    const first = await h.registerAgent(admin);
    const body = { token: first.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata('thief') };
    const replay = await h.call('POST', '/agent/v1/register', { body, csrf: false });
    expect(replay.status).toBe(409);
    expect(replay.json.error.code).toBe('registration_token_used');
    expect((await h.call('DELETE', `/api/v1/folders/default/instances/${first.instanceId}`, { cookie: admin })).status).toBe(200);
    expect((await h.call('POST', '/agent/v1/register', { body, csrf: false })).status).toBe(409);
    // Stored hashed: the secret itself is not in the database.
    const row = h.services.repos.tokens.find('default', first.tokenId)!;
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(first.token);
  });
});

describe('users who must change their password', () => {
  it('are refused everywhere but me, sign-out and password change until they do', async () => {
    await h.activate(admin);
    const created = await h.call('POST', '/api/v1/admin/users', { cookie: admin, body: { username: 'newbie', initialPassword: 'initial password 123' } });
    expect(created.json).toMatchObject({ username: 'newbie', mustChangePassword: true, disabled: false, installationAdmin: false });
    await h.call('PUT', '/api/v1/folders/default/access', { cookie: admin, body: { userId: created.json.id, role: 'backup.editor' } });
    const cookie = await h.signIn('newbie', 'initial password 123');
    const me = await h.call('GET', '/api/v1/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ username: 'newbie', mustChangePassword: true, installationAdmin: false });
    for (const [method, url] of [
      ['GET', '/api/v1/folders'],
      ['GET', '/api/v1/folders/default'],
      ['GET', '/api/v1/folders/default/policies'],
      ['POST', '/api/v1/folders/default/registration-tokens'],
      ['GET', '/api/v1/admin/users'],
    ] as const) {
      const res = await h.call(method, url, { cookie, body: method === 'POST' ? { kind: 'vm' } : undefined });
      expect(res.status, url).toBe(403);
      expect(res.json.error.code, url).toBe('password_change_required');
    }
    const changed = await h.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: 'initial password 123', newPassword: USER_PASSWORD } });
    expect(changed.status).toBe(200);
    expect(changed.json.user.mustChangePassword).toBe(false);
    expect((await h.call('GET', '/api/v1/folders/default/policies', { cookie })).status).toBe(200);
  });

  it('sign-out still works while the change is pending', async () => {
    await h.call('POST', '/api/v1/admin/users', { cookie: admin, body: { username: 'newbie', initialPassword: 'initial password 123' } });
    const cookie = await h.signIn('newbie', 'initial password 123');
    expect((await h.call('POST', '/api/v1/auth/sign-out', { cookie })).status).toBe(204);
    expect((await h.call('GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
  });
});

describe('disabled users', () => {
  it('lose their sessions at once and cannot sign in until enabled again', async () => {
    const bob = await createUser(h, admin, 'bob', { default: 'backup.viewer' });
    const disabled = await h.call('PATCH', `/api/v1/admin/users/${bob.id}`, { cookie: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.json.disabled).toBe(true);
    expect((await h.call('GET', '/api/v1/auth/me', { cookie: bob.cookie })).status).toBe(401);
    const signIn = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'bob', password: USER_PASSWORD } });
    expect(signIn.status).toBe(401);
    expect(signIn.json.error.code).toBe('invalid_credentials');
    await h.call('PATCH', `/api/v1/admin/users/${bob.id}`, { cookie: admin, body: { disabled: false } });
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'bob', password: USER_PASSWORD } })).status).toBe(200);
  });

  it('a password reset ends their sessions and makes them choose a new password', async () => {
    const bob = await createUser(h, admin, 'bob');
    const reset = await h.call('POST', `/api/v1/admin/users/${bob.id}/password`, { cookie: admin, body: { newPassword: 'temporary password 9' } });
    expect(reset.status).toBe(200);
    expect(reset.json.mustChangePassword).toBe(true);
    expect((await h.call('GET', '/api/v1/auth/me', { cookie: bob.cookie })).status).toBe(401);
    const res = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'bob', password: 'temporary password 9' } });
    expect(res.json.user.mustChangePassword).toBe(true);
    expect((await h.call('GET', '/api/v1/folders', { cookie: cookieOf(res) })).json.error.code).toBe('password_change_required');
  });
});

describe('HTTP hardening', () => {
  it('sends a CSP without inline scripts, frame-ancestors none and nosniff on API, console and error responses', async () => {
    for (const [url, cookie] of [
      ['/api/v1/auth/me', admin],
      ['/api/v1/auth/me', undefined],
      ['/api/v1/no-such-route', admin],
      ['/some/console/page', undefined],
    ] as const) {
      const res = await h.call('GET', url, { cookie });
      const csp = res.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
      expect(scriptSrc, url).toBe("script-src 'self'");
      expect(csp, url).not.toMatch(/unsafe-eval/);
      expect(csp, url).toMatch(/frame-ancestors 'none'/);
      expect(csp, url).toMatch(/object-src 'none'/);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), url).toBe('DENY');
    }
  });

  it('answers an internal failure with a generic message: no stack trace, no SQL, no table names', async () => {
    // A real internal error: the audit table disappears under the running server.
    const sqlite = (h.services.repos.audit as unknown as { db: { $client: { exec(sql: string): void } } }).db.$client;
    sqlite.exec('ALTER TABLE audit_events RENAME TO audit_events_gone');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await h.call('POST', '/api/v1/folders/default/activation', { cookie: admin, body: {} });
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.json).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on the server. The error was logged.' } });
      expect(res.text).not.toMatch(/audit_events|sqlite|SELECT|INSERT|\bat \w|\.ts:\d/i);
      expect(logged).toHaveBeenCalled(); // the details go to the server log instead
    } finally {
      logged.mockRestore();
      sqlite.exec('ALTER TABLE audit_events_gone RENAME TO audit_events');
    }
  });

  it('sets the session cookie HttpOnly and SameSite, and Secure when asked to', async () => {
    const secure = await createHarness({ secureCookies: true });
    try {
      const res = await secure.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);
    } finally {
      secure.close();
    }
  });
});
