import { and, count, eq, gt, lt, ne } from 'drizzle-orm';
import type { Role } from '@cloud-backup/domain';
import type { Db } from '../db/client';
import { folders, roleBindings, sessions, users } from '../db/schema';

export type UserRow = typeof users.$inferSelect;

export class UsersRepository {
  constructor(private readonly db: Db) {}

  findByUsername(username: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.username, username)).get();
  }

  findById(id: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  count(): number {
    return this.db.select({ n: count() }).from(users).get()?.n ?? 0;
  }

  insert(row: typeof users.$inferInsert): void {
    this.db.insert(users).values(row).run();
  }

  list(): UserRow[] {
    return this.db.select().from(users).orderBy(users.username).all();
  }

  update(id: string, patch: Partial<Pick<UserRow, 'passwordHash' | 'disabled' | 'mustChangePassword' | 'installationAdmin'>>): void {
    this.db.update(users).set(patch).where(eq(users.id, id)).run();
  }

  bindRole(userId: string, folderId: string, role: Role): void {
    this.db
      .insert(roleBindings)
      .values({ userId, folderId, role })
      .onConflictDoUpdate({ target: [roleBindings.userId, roleBindings.folderId], set: { role } })
      .run();
  }

  memberships(userId: string): { id: string; name: string; role: Role }[] {
    return this.db
      .select({ id: folders.id, name: folders.name, role: roleBindings.role })
      .from(roleBindings)
      .innerJoin(folders, eq(folders.id, roleBindings.folderId))
      .where(eq(roleBindings.userId, userId))
      .orderBy(folders.name)
      .all();
  }

  roleIn(userId: string, folderId: string): Role | undefined {
    return this.db
      .select({ role: roleBindings.role })
      .from(roleBindings)
      .where(and(eq(roleBindings.userId, userId), eq(roleBindings.folderId, folderId)))
      .get()?.role;
  }

  insertSession(row: typeof sessions.$inferInsert): void {
    this.db.insert(sessions).values(row).run();
  }

  findLiveSession(idHash: string, now: Date): { userId: string; expiresAt: Date } | undefined {
    return this.db
      .select({ userId: sessions.userId, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
      .get();
  }

  deleteSession(idHash: string): void {
    this.db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
  }

  /** Ends every session of the user, or every one but `keepIdHash` (the caller's own). */
  deleteSessionsOf(userId: string, keepIdHash?: string): void {
    this.db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), keepIdHash ? ne(sessions.idHash, keepIdHash) : undefined))
      .run();
  }

  deleteExpiredSessions(now: Date): void {
    this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  }
}
