import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { ServicesTable, ShardDatabase } from '../../db/shard-schema.js';

export type ServiceRow = Selectable<ServicesTable>;

export interface NewService {
  readonly franchiseId: string;
  readonly id: string;
  readonly locationId: string;
  readonly name: string;
  readonly durationMinutes: number;
  readonly priceCents: number;
  readonly depositCents: number;
  readonly bufferMinutes: number;
}

export interface ServiceChanges {
  readonly name?: string;
  readonly duration_minutes?: number;
  readonly price_cents?: number;
  readonly deposit_cents?: number;
  readonly buffer_minutes?: number;
  readonly is_active?: boolean;
  readonly sort_order?: number;
}

/** New services go to the end of the location's menu. */
export async function insertService(db: Kysely<ShardDatabase>, service: NewService): Promise<ServiceRow> {
  return db
    .insertInto('services')
    .values((eb) => ({
      franchise_id: service.franchiseId,
      id: service.id,
      location_id: service.locationId,
      name: service.name,
      duration_minutes: service.durationMinutes,
      price_cents: service.priceCents,
      deposit_cents: service.depositCents,
      buffer_minutes: service.bufferMinutes,
      sort_order: eb
        .selectFrom('services')
        .select(sql<number>`coalesce(max(sort_order) + 1, 0)`.as('next'))
        .where('franchise_id', '=', service.franchiseId)
        .where('location_id', '=', service.locationId),
    }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findService(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  serviceId: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<ServiceRow | undefined> {
  let query = db.selectFrom('services').selectAll().where('franchise_id', '=', franchiseId).where('id', '=', serviceId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The menu of the given locations (null: all), in menu order. */
export async function listServices(db: Kysely<ShardDatabase>, franchiseId: string, locationIds: readonly string[] | null): Promise<ServiceRow[]> {
  if (locationIds !== null && locationIds.length === 0) return [];
  let query = db.selectFrom('services').selectAll().where('franchise_id', '=', franchiseId);
  if (locationIds !== null) query = query.where('location_id', 'in', locationIds);
  return query.orderBy('location_id').orderBy('sort_order').orderBy('id').execute();
}

export async function updateService(db: Kysely<ShardDatabase>, franchiseId: string, serviceId: string, changes: ServiceChanges): Promise<ServiceRow> {
  return db
    .updateTable('services')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', serviceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

