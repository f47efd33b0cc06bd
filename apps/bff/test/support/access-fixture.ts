import { expect } from 'vitest';
import type { Role } from '@cloud-backup/domain';
import type { Harness } from '../harness';

export const USER_PASSWORD = 'a long enough password';
const INITIAL_PASSWORD = 'initial password 123';

/** Session cookie (name=value) of a sign-in response. */
export function cookieOf(res: { headers: Headers }): string {
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/**
 * Creates a user through the admin API, signs them in and does the required password change, so the
 * returned cookie is a normal session. Grants `roles` (folder id → role) when given.
 */
export async function createUser(h: Harness, adminCookie: string, username: string, roles: Record<string, Role> = {}) {
  const created = await h.call('POST', '/api/v1/admin/users', { cookie: adminCookie, body: { username, initialPassword: INITIAL_PASSWORD } });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id as string;
  for (const [folderId, role] of Object.entries(roles)) {
    const grant = await h.call('PUT', `/api/v1/folders/${folderId}/access`, { cookie: adminCookie, body: { userId: id, role } });
    expect(grant.status, grant.text).toBe(200);
  }
  const first = await h.signIn(username, INITIAL_PASSWORD);
  const changed = await h.call('POST', '/api/v1/auth/password', { cookie: first, body: { currentPassword: INITIAL_PASSWORD, newPassword: USER_PASSWORD } });
  expect(changed.status, changed.text).toBe(200);
  return { id, username, cookie: first };
}
