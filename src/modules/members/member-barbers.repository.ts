import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';

export async function unlinkBarbersFromUser(db: Kysely<ShardDatabase>, franchiseId: string, userId: string): Promise<void> {
  await db
    .updateTable('barbers')
    .set({ user_id: null, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where('user_id', '=', userId)
    .execute();
}
