import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

/** The column an invitation names: its location and whether someone already signs in as it. */
export async function findInvitedBarber(db: Db, franchiseId: string, barberId: string): Promise<{ readonly locationId: string; readonly userId: string | null } | undefined> {
  const row = await db.selectFrom('barbers').select(['location_id', 'user_id']).where('franchise_id', '=', franchiseId).where('id', '=', barberId).executeTakeFirst();
  return row && { locationId: row.location_id, userId: row.user_id };
}

/** Ties the invited column to the account that accepted; only a column nobody else holds. */
export async function linkInvitedBarber(db: Db, franchiseId: string, barberId: string, userId: string): Promise<boolean> {
  const result = await db
    .updateTable('barbers')
    .set({ user_id: userId, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', barberId)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Without a named column: barber rows carrying the person's email, as adding a member did. */
export async function linkBarbersByEmail(db: Db, franchiseId: string, email: string, userId: string): Promise<void> {
  await db
    .updateTable('barbers')
    .set({ user_id: userId, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('user_id', 'is', null)
    .execute();
}
