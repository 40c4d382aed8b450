import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';

/** Ties barber rows with this email to the member's account, so a barber can manage their own time off. */
export async function linkBarbersToUser(db: Kysely<ShardDatabase>, franchiseId: string, email: string, userId: string): Promise<number> {
  const result = await db
    .updateTable('barbers')
    .set({ user_id: userId, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('user_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function unlinkBarbersFromUser(db: Kysely<ShardDatabase>, franchiseId: string, userId: string): Promise<void> {
  await db
    .updateTable('barbers')
    .set({ user_id: null, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where('user_id', '=', userId)
    .execute();
}
