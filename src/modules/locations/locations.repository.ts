import type { Kysely, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { LocationsTable, ShardDatabase } from '../../db/shard-schema.js';

export type LocationRow = Selectable<LocationsTable>;
export type LocationChanges = Omit<Updateable<LocationsTable>, 'franchise_id' | 'id' | 'created_at' | 'updated_at'>;

export interface NewLocation {
  readonly franchiseId: string;
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly timezone: string;
  readonly currency: string;
  readonly address: object | null;
  readonly policy: LocationPolicy;
}

export interface LocationPolicy {
  readonly minNoticeMinutes: number;
  readonly horizonDays: number;
  readonly cancellationWindowHours: number;
  readonly slotStepMinutes: number;
}

export async function insertLocation(db: Kysely<ShardDatabase>, location: NewLocation): Promise<LocationRow> {
  return db
    .insertInto('locations')
    .values({
      franchise_id: location.franchiseId,
      id: location.id,
      slug: location.slug,
      name: location.name,
      timezone: location.timezone,
      currency: location.currency,
      address: location.address === null ? null : JSON.stringify(location.address),
      min_notice_minutes: location.policy.minNoticeMinutes,
      horizon_days: location.policy.horizonDays,
      cancellation_window_hours: location.policy.cancellationWindowHours,
      slot_step_minutes: location.policy.slotStepMinutes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

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

export async function updateLocation(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string, changes: LocationChanges): Promise<LocationRow> {
  return db
    .updateTable('locations')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', locationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
