import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness';
import { createUser } from './support/access-fixture';

let h: Harness;
let admin: string;
let adminId: string;
beforeEach(async () => {
  h = await createHarness();
  admin = await h.signIn();
  adminId = h.services.repos.users.findByUsername('admin')!.id;
});
afterEach(() => h.close());

describe('folders (installation admin)', () => {
  it('creates an inactive folder whose creator is its backup.admin, and lists every folder', async () => {
    const res = await h.call('POST', '/api/v1/folders', { cookie: admin, body: { name: '  Team Blue ' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Team Blue', activated: false, activatedAt: null });
    expect(res.json.id).toMatch(/^fld_/);
    const mine = await h.call('GET', '/api/v1/folders', { cookie: admin });
    expect(mine.json.items.map((f: { name: string }) => f.name)).toEqual(['Team Blue', 'default']);
    const all = await h.call('GET', '/api/v1/admin/folders', { cookie: admin });
    expect(all.json.items).toEqual([
      expect.objectContaining({ name: 'Team Blue', admins: ['admin'], members: 1 }),
      expect.objectContaining({ id: 'default', admins: ['admin'], members: 1 }),
    ]);
    const audit = await h.call('GET', `/api/v1/folders/${res.json.id}/audit`, { cookie: admin });
    expect(audit.json.items[0]).toMatchObject({ action: 'folder.create', actor: { type: 'user', id: adminId, name: 'admin' } });
    // The creator's admin grant records when and by whom, like any other grant.
    const access = await h.call('GET', `/api/v1/folders/${res.json.id}/access`, { cookie: admin });
    expect(access.json.items).toEqual([{ userId: adminId, username: 'admin', role: 'backup.admin', grantedAt: h.clock.now().toISOString(), grantedBy: 'admin' }]);
  });

  it('refuses a taken name (any case) and a bad name', async () => {
    expect((await h.call('POST', '/api/v1/folders', { cookie: admin, body: { name: 'DEFAULT' } })).json.error.code).toBe('folder_name_taken');
    for (const name of ['', ' ', '-x', 'a/b', 'x'.repeat(65)]) {
      const res = await h.call('POST', '/api/v1/folders', { cookie: admin, body: { name } });
      expect(res.status, name).toBe(400);
      expect(res.json.error.fields.name).toBeTypeOf('string');
    }
  });

  it('is refused to a folder admin who does not run the installation', async () => {
    const ann = await createUser(h, admin, 'ann', { default: 'backup.admin' });
    const res = await h.call('POST', '/api/v1/folders', { cookie: ann.cookie, body: { name: 'mine' } });
    expect(res.status).toBe(403);
    expect((await h.call('GET', '/api/v1/admin/users', { cookie: ann.cookie })).status).toBe(403);
  });
});

describe('users (installation admin)', () => {
  it('creates, lists and shows users without ever exposing a password hash', async () => {
    const created = await h.call('POST', '/api/v1/admin/users', { cookie: admin, body: { username: 'ann', initialPassword: 'initial password 123' } });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^usr_/),
      username: 'ann',
      disabled: false,
      mustChangePassword: true,
      installationAdmin: false,
      createdAt: '2026-11-25T12:00:00.000Z',
    });
    const list = await h.call('GET', '/api/v1/admin/users', { cookie: admin });
    expect(list.json.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'ann']);
    expect(list.text).not.toMatch(/scrypt|passwordHash/);
    expect((await h.call('GET', `/api/v1/admin/users/${created.json.id}`, { cookie: admin })).json.username).toBe('ann');
    expect((await h.call('GET', '/api/v1/admin/users/usr_nobody', { cookie: admin })).status).toBe(404);
  });

  it('refuses a taken user name, a short initial password and disabling oneself', async () => {
    const taken = await h.call('POST', '/api/v1/admin/users', { cookie: admin, body: { username: 'admin', initialPassword: 'initial password 123' } });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('username_taken');
    const short = await h.call('POST', '/api/v1/admin/users', { cookie: admin, body: { username: 'ann', initialPassword: 'short' } });
    expect(short.status).toBe(400);
    expect(short.json.error.fields.initialPassword).toMatch(/At least 12/);
    const self = await h.call('PATCH', `/api/v1/admin/users/${adminId}`, { cookie: admin, body: { disabled: true } });
    expect(self.status).toBe(409);
    expect(self.json.error.code).toBe('self_lockout');
  });

  it('records user administration in the installation audit log', async () => {
    const ann = await createUser(h, admin, 'ann');
    await h.call('PATCH', `/api/v1/admin/users/${ann.id}`, { cookie: admin, body: { disabled: true } });
    await h.call('PATCH', `/api/v1/admin/users/${ann.id}`, { cookie: admin, body: { disabled: false } });
    await h.call('POST', `/api/v1/admin/users/${ann.id}/password`, { cookie: admin, body: { newPassword: 'temporary password 9' } });
    const log = await h.call('GET', '/api/v1/admin/audit?action=user', { cookie: admin });
    expect(log.json.items.map((e: { action: string }) => e.action)).toEqual(['user.password_reset', 'user.enable', 'user.disable', 'user.create']);
    expect(log.json.items[0]).toMatchObject({ resourceType: 'user', resourceId: ann.id, detail: { username: 'ann' }, actor: { name: 'admin' } });
  });
});

describe('folder access (backup.admin of the folder)', () => {
  it('grants, changes and revokes roles, each change in the folder audit log', async () => {
    const ann = await createUser(h, admin, 'ann');
    const grantTime = h.clock.now().toISOString();
    const granted = await h.call('PUT', '/api/v1/folders/default/access', { cookie: admin, body: { userId: ann.id, role: 'backup.viewer' } });
    // The seeded admin's grant predates grant times; a grant made through the API records when and by whom.
    expect(granted.json.items).toEqual([
      { userId: adminId, username: 'admin', role: 'backup.admin', grantedAt: null, grantedBy: null },
      { userId: ann.id, username: 'ann', role: 'backup.viewer', grantedAt: grantTime, grantedBy: 'admin' },
    ]);
    h.clock.advance(60_000);
    const changed = await h.call('PUT', '/api/v1/folders/default/access', { cookie: admin, body: { userId: ann.id, role: 'backup.editor' } });
    expect(changed.json.items[1]).toEqual({ userId: ann.id, username: 'ann', role: 'backup.editor', grantedAt: h.clock.now().toISOString(), grantedBy: 'admin' });
    expect((await h.call('GET', '/api/v1/folders/default/access', { cookie: admin })).json.items[1].grantedAt).toBe(h.clock.now().toISOString());
    const revoked = await h.call('DELETE', `/api/v1/folders/default/access/${ann.id}`, { cookie: admin });
    expect(revoked.json.items).toEqual([{ userId: adminId, username: 'admin', role: 'backup.admin', grantedAt: null, grantedBy: null }]);
    const log = await h.call('GET', '/api/v1/folders/default/audit?action=access', { cookie: admin });
    expect(log.json.items.map((e: { action: string; detail: unknown }) => [e.action, e.detail])).toEqual([
      ['access.revoke', { username: 'ann', previousRole: 'backup.editor' }],
      ['access.grant', { username: 'ann', role: 'backup.editor', previousRole: 'backup.viewer' }],
      ['access.grant', { username: 'ann', role: 'backup.viewer', previousRole: null }],
    ]);
  });

  it('never leaves a folder without a backup.admin', async () => {
    const demote = await h.call('PUT', '/api/v1/folders/default/access', { cookie: admin, body: { userId: adminId, role: 'backup.editor' } });
    expect(demote.status).toBe(409);
    expect(demote.json.error.code).toBe('last_folder_admin');
    expect((await h.call('DELETE', `/api/v1/folders/default/access/${adminId}`, { cookie: admin })).json.error.code).toBe('last_folder_admin');
    const ann = await createUser(h, admin, 'ann', { default: 'backup.admin' });
    // With a second admin the first may step down; ann now runs the folder.
    expect((await h.call('DELETE', `/api/v1/folders/default/access/${adminId}`, { cookie: ann.cookie })).status).toBe(200);
    expect((await h.call('GET', '/api/v1/folders/default', { cookie: admin })).status).toBe(403);
  });

  it('refuses an unknown user or role and lists only active users to pick from', async () => {
    expect((await h.call('PUT', '/api/v1/folders/default/access', { cookie: admin, body: { userId: 'usr_nobody', role: 'backup.viewer' } })).status).toBe(404);
    const badRole = await h.call('PUT', '/api/v1/folders/default/access', { cookie: admin, body: { userId: adminId, role: 'backup.owner' } });
    expect(badRole.status).toBe(400);
    expect(badRole.json.error.fields.role).toBeTypeOf('string');
    const ann = await createUser(h, admin, 'ann');
    await createUser(h, admin, 'bob');
    await h.call('PATCH', `/api/v1/admin/users/${ann.id}`, { cookie: admin, body: { disabled: true } });
    const pick = await h.call('GET', '/api/v1/folders/default/access/users', { cookie: admin });
    expect(pick.json.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'bob']);
  });
});

describe('audit log', () => {
  it('shows sign-ins of folder members and every change in the folder, newest first, with filters and paging', async () => {
    await h.activate(admin);
    const viewer = await createUser(h, admin, 'vera', { default: 'backup.viewer' });
    await createUser(h, admin, 'outsider'); // signs in too, but has no role here
    h.clock.advance(60_000);
    await h.signIn('vera', 'a long enough password');
    const all = await h.call('GET', '/api/v1/folders/default/audit', { cookie: viewer.cookie });
    expect(all.status).toBe(200);
    const actions = all.json.items.map((e: { action: string; actor: { name: string } }) => `${e.actor.name} ${e.action}`);
    expect(actions).toContain('vera auth.sign_in');
    expect(actions).toContain('vera auth.password_change');
    expect(actions).toContain('admin folder.activate');
    expect(actions).toContain('admin access.grant');
    expect(actions.some((a: string) => a.startsWith('outsider'))).toBe(false);
    expect(actions.some((a: string) => a.includes('user.create'))).toBe(false); // installation-level
    expect(all.json.total).toBe(all.json.items.length);

    const byActor = await h.call('GET', '/api/v1/folders/default/audit?actor=vera&action=auth.sign_in', { cookie: admin });
    expect(byActor.json.items).toHaveLength(2);
    const recent = await h.call('GET', `/api/v1/folders/default/audit?from=${encodeURIComponent('2026-11-25T12:00:30Z')}`, { cookie: admin });
    expect(recent.json.items.map((e: { action: string }) => e.action)).toEqual(['auth.sign_in']);
    const early = await h.call('GET', `/api/v1/folders/default/audit?to=${encodeURIComponent('2026-11-25T12:00:30Z')}`, { cookie: admin });
    expect(early.json.total).toBe(all.json.total - 1);
    const page = await h.call('GET', '/api/v1/folders/default/audit?limit=2&offset=1', { cookie: admin });
    expect(page.json.items.map((e: { id: number }) => e.id)).toEqual(all.json.items.slice(1, 3).map((e: { id: number }) => e.id));
    expect(page.json.total).toBe(all.json.total);
  });

  it('validates its filters', async () => {
    for (const q of ['limit=0', 'limit=501', 'offset=-1', 'from=yesterday', 'action=DROP%20TABLE', 'from=2026-11-26T00:00:00Z&to=2026-11-25T00:00:00Z']) {
      const res = await h.call('GET', `/api/v1/folders/default/audit?${q}`, { cookie: admin });
      expect(res.status, q).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
  });

  it('is append-only from the API: there is no route to change or delete an entry', async () => {
    const writes = h.app.routes.filter((r) => r.path.includes('/audit') && r.method !== 'GET' && r.method !== 'ALL');
    expect(writes).toEqual([]);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      expect((await h.call(method, '/api/v1/folders/default/audit', { cookie: admin, body: {} })).status, method).toBe(404);
      expect((await h.call(method, '/api/v1/folders/default/audit/1', { cookie: admin, body: {} })).status, method).toBe(404);
    }
  });
});
