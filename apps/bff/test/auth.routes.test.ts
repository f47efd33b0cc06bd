import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite, expiring session cookie and answers who is signed in', async () => {
    const res = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.json.user.username).toBe('admin');
    expect(res.json.folders).toEqual([{ id: 'default', name: 'default', role: 'backup.admin' }]);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cb_session=cbs_[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Expires=/);
    const me = await h.call('GET', '/api/v1/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.json.user.username).toBe('admin');
  });

  it('stores the password with a slow KDF, never in clear', () => {
    const user = h.services.repos.users.findByUsername('admin')!;
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain(ADMIN_PASSWORD);
  });

  it('refuses a wrong password or unknown user with the same clear message', async () => {
    for (const body of [{ username: 'admin', password: 'nope' }, { username: 'ghost', password: 'nope' }]) {
      const res = await h.call('POST', '/api/v1/auth/sign-in', { body });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong user name or password' } });
    }
  });

  it('slows down repeated failures, then lets the right password in after the wait', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: 'bad' } })).status).toBe(401);
    }
    const blocked = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('too_many_attempts');
    expect(blocked.headers.get('retry-after')).toBe('1');
    h.clock.advance(1000);
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: 'bad' } })).status).toBe(401);
    // The wait doubles with each further failure.
    const again = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(again.headers.get('retry-after')).toBe('2');
    h.clock.advance(2000);
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status).toBe(200);
  });

  it('records failed and throttled sign-ins in the installation audit, with the name tried and never the password', async () => {
    const admin = await h.signIn();
    for (let i = 0; i < 3; i++) await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: `wrong-${i}` } });
    await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: 'wrong-3' } });
    await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'ghost', password: 'secret-guess' } });
    const log = await h.call('GET', '/api/v1/admin/audit?action=auth.sign_in_failed', { cookie: admin });
    expect(log.status).toBe(200);
    const adminId = h.services.repos.users.findByUsername('admin')!.id;
    expect(log.json.items.map((e: { resourceId: string | null; detail: unknown }) => [e.resourceId, e.detail])).toEqual([
      [null, { username: 'ghost', ip: expect.any(String), reason: 'wrong_credentials' }],
      [null, { username: 'admin', ip: expect.any(String), reason: 'throttled' }],
      [adminId, { username: 'admin', ip: expect.any(String), reason: 'wrong_credentials' }],
      [adminId, { username: 'admin', ip: expect.any(String), reason: 'wrong_credentials' }],
      [adminId, { username: 'admin', ip: expect.any(String), reason: 'wrong_credentials' }],
    ]);
    expect(log.json.items[0]).toMatchObject({ actor: { type: 'system' }, resourceType: null });
    expect(log.text).not.toMatch(/wrong-\d|secret-guess/);
    // Folder logs do not carry installation-level events.
    const folderLog = await h.call('GET', '/api/v1/folders/default/audit?action=auth.sign_in_failed', { cookie: admin });
    expect(folderLog.json.items).toEqual([]);
  });

  it('answers bad input with 400 and the error shape', async () => {
    const cases: { body?: unknown; rawBody?: string; field?: string }[] = [
      { body: {}, field: 'username' },
      { body: { username: 'admin' }, field: 'password' },
      { body: { username: 42, password: 'x' }, field: 'username' },
      { body: { username: 'a'.repeat(65), password: 'x' }, field: 'username' },
      { body: { username: 'admin', password: 'x'.repeat(257) }, field: 'password' },
      { rawBody: '{not json' },
    ];
    for (const c of cases) {
      const res = await h.call('POST', '/api/v1/auth/sign-in', c);
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect(typeof res.json.error.code).toBe('string');
      expect(typeof res.json.error.message).toBe('string');
      if (c.field) expect(Object.keys(res.json.error.fields)).toContain(c.field);
    }
  });

  it('refuses state-changing calls without the anti-CSRF header', async () => {
    const res = await h.call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD }, csrf: false });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('csrf_failed');
  });
});

describe('sessions', () => {
  it('sign-out revokes the session on the server', async () => {
    const cookie = await h.signIn();
    const out = await h.call('POST', '/api/v1/auth/sign-out', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/cb_session=;/);
    const me = await h.call('GET', '/api/v1/auth/me', { cookie });
    expect(me.status).toBe(401);
    expect(me.json.error.code).toBe('unauthenticated');
  });

  it('expires after its lifetime', async () => {
    const cookie = await h.signIn();
    h.clock.advance(h.config.sessionTtlMs + 1);
    const me = await h.call('GET', '/api/v1/auth/me', { cookie });
    expect(me.status).toBe(401);
    expect(me.json.error.message).toMatch(/expired/);
  });

  it('refuses a forged session cookie and a missing one', async () => {
    expect((await h.call('GET', '/api/v1/folders', { cookie: 'cb_session=cbs_forged' })).status).toBe(401);
    expect((await h.call('GET', '/api/v1/folders')).status).toBe(401);
  });
});
