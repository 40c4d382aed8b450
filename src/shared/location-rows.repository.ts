import type { Kysely, Selectable } from 'kysely';
import type { LocationsTable, ShardDatabase } from '../db/shard-schema.js';

// A location row as every module that checks or shows a location reads it.

export type LocationRow = Selectable<LocationsTable>;

export async function findLocation(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  locationId: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<LocationRow | undefined> {
  let query = db.selectFrom('locations').selectAll().where('franchise_id', '=', franchiseId).where('id', '=', locationId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** null: every location of the franchise. */
export async function listLocations(db: Kysely<ShardDatabase>, franchiseId: string, only: readonly string[] | null): Promise<LocationRow[]> {
  if (only !== null && only.length === 0) return [];
  let query = db.selectFrom('locations').selectAll().where('franchise_id', '=', franchiseId);
  if (only !== null) query = query.where('id', 'in', only);
  return query.orderBy('created_at').orderBy('id').execute();
}
