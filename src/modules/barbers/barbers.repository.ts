import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { BarbersTable, ShardDatabase } from '../../db/shard-schema.js';

export type BarberRow = Selectable<BarbersTable>;

export interface NewBarber {
  readonly franchiseId: string;
  readonly id: string;
  readonly locationId: string;
  readonly name: string;
  readonly email: string | null;
  readonly userId: string | null;
}

export interface BarberChanges {
  readonly name?: string;
  readonly email?: string | null;
  readonly user_id?: string | null;
  readonly is_active?: boolean;
}

export async function insertBarber(db: Kysely<ShardDatabase>, barber: NewBarber): Promise<BarberRow> {
  return db
    .insertInto('barbers')
    .values({
      franchise_id: barber.franchiseId,
      id: barber.id,
      location_id: barber.locationId,
      name: barber.name,
      email: barber.email,
      user_id: barber.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findBarber(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  barberId: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<BarberRow | undefined> {
  let query = db.selectFrom('barbers').selectAll().where('franchise_id', '=', franchiseId).where('id', '=', barberId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Barbers of the given locations (null: all locations), oldest first. */
export async function listBarbers(db: Kysely<ShardDatabase>, franchiseId: string, locationIds: readonly string[] | null): Promise<BarberRow[]> {
  if (locationIds !== null && locationIds.length === 0) return [];
  let query = db.selectFrom('barbers').selectAll().where('franchise_id', '=', franchiseId);
  if (locationIds !== null) query = query.where('location_id', 'in', locationIds);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function updateBarber(db: Kysely<ShardDatabase>, franchiseId: string, barberId: string, changes: BarberChanges): Promise<BarberRow> {
  return db
    .updateTable('barbers')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', barberId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

