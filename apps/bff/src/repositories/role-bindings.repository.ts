import { and, count, eq } from 'drizzle-orm';
import type { Role } from '@cloud-backup/domain';
import type { Db } from '../db/client';
import { roleBindings, users } from '../db/schema';

export interface GrantRow {
  userId: string;
  username: string;
  role: Role;
  grantedAt: string | null;
  grantedBy: string | null;
}

/** Who holds which role in a folder: the data behind a folder's Access page. */
export class RoleBindingsRepository {
  constructor(private readonly db: Db) {}

  listForFolder(folderId: string): GrantRow[] {
    return this.db
      .select({ userId: roleBindings.userId, username: users.username, role: roleBindings.role, grantedAt: roleBindings.grantedAt, grantedBy: roleBindings.grantedBy })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(eq(roleBindings.folderId, folderId))
      .orderBy(users.username)
      .all()
      .map((r) => ({ ...r, grantedAt: r.grantedAt?.toISOString() ?? null }));
  }

  find(folderId: string, userId: string): Role | undefined {
    return this.db
      .select({ role: roleBindings.role })
      .from(roleBindings)
      .where(and(eq(roleBindings.folderId, folderId), eq(roleBindings.userId, userId)))
      .get()?.role;
  }

  /** Grants (or changes) a role; `by` is the granting user's name, shown on the Access page. */
  upsert(folderId: string, userId: string, role: Role, granted: { at: Date; by: string | null }): void {
    this.db
      .insert(roleBindings)
      .values({ userId, folderId, role, grantedAt: granted.at, grantedBy: granted.by })
      .onConflictDoUpdate({ target: [roleBindings.userId, roleBindings.folderId], set: { role, grantedAt: granted.at, grantedBy: granted.by } })
      .run();
  }

  delete(folderId: string, userId: string): void {
    this.db.delete(roleBindings).where(and(eq(roleBindings.folderId, folderId), eq(roleBindings.userId, userId))).run();
  }

  countWithRole(folderId: string, role: Role): number {
    return (
      this.db
        .select({ n: count() })
        .from(roleBindings)
        .where(and(eq(roleBindings.folderId, folderId), eq(roleBindings.role, role)))
        .get()?.n ?? 0
    );
  }
}
