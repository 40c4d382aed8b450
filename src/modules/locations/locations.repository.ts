import type { Kysely, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { LocationsTable, ShardDatabase } from '../../db/shard-schema.js';
import type { LocationRow } from '../../shared/location-rows.repository.js';

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

export async function updateLocation(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string, changes: LocationChanges): Promise<LocationRow> {
  return db
    .updateTable('locations')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', locationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
