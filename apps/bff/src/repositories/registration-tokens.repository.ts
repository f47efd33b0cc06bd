import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { registrationTokens } from '../db/schema';

export type RegistrationTokenRow = typeof registrationTokens.$inferSelect;

export class RegistrationTokensRepository {
  constructor(private readonly db: Db) {}

  insert(row: typeof registrationTokens.$inferInsert): void {
    this.db.insert(registrationTokens).values(row).run();
  }

  find(folderId: string, id: string): RegistrationTokenRow | undefined {
    return this.db
      .select()
      .from(registrationTokens)
      .where(and(eq(registrationTokens.folderId, folderId), eq(registrationTokens.id, id)))
      .get();
  }

  findByHash(tokenHash: string): RegistrationTokenRow | undefined {
    return this.db.select().from(registrationTokens).where(eq(registrationTokens.tokenHash, tokenHash)).get();
  }

  /** Marks the token used only if nobody else did first: true when this call won. */
  markUsed(id: string, instanceId: string, at: Date): boolean {
    const res = this.db
      .update(registrationTokens)
      .set({ usedAt: at, instanceId })
      .where(and(eq(registrationTokens.id, id), isNull(registrationTokens.usedAt)))
      .run();
    return res.changes === 1;
  }
}
