import type { Kysely } from 'kysely';
import type { ShardDatabase } from '../db/shard-schema.js';

// Which barber performs which service, and the ids each side looks up to check
// the other: written by both the barbers and the services modules, so it lives here.

export async function listBarberServiceIds(db: Kysely<ShardDatabase>, franchiseId: string, barberIds: readonly string[]): Promise<Map<string, string[]>> {
  const byBarber = new Map<string, string[]>(barberIds.map((id) => [id, []]));
  if (barberIds.length === 0) return byBarber;
  const rows = await db
    .selectFrom('barber_services as bs')
    .innerJoin('services as s', (join) => join.onRef('s.franchise_id', '=', 'bs.franchise_id').onRef('s.id', '=', 'bs.service_id'))
    .select(['bs.barber_id', 'bs.service_id'])
    .where('bs.franchise_id', '=', franchiseId)
    .where('bs.barber_id', 'in', barberIds)
    .orderBy('s.sort_order')
    .orderBy('s.id')
    .execute();
  for (const row of rows) byBarber.get(row.barber_id)?.push(row.service_id);
  return byBarber;
}

export async function replaceBarberServices(db: Kysely<ShardDatabase>, franchiseId: string, barberId: string, serviceIds: readonly string[]): Promise<void> {
  await db.deleteFrom('barber_services').where('franchise_id', '=', franchiseId).where('barber_id', '=', barberId).execute();
  await addBarberServices(db, franchiseId, serviceIds.map((serviceId) => ({ barberId, serviceId })));
}

export async function addBarberServices(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  pairs: readonly { readonly barberId: string; readonly serviceId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await db
    .insertInto('barber_services')
    .values(pairs.map((p) => ({ franchise_id: franchiseId, barber_id: p.barberId, service_id: p.serviceId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Of the ids given, those that are services of this location. */
export async function serviceIdsAtLocation(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('services')
    .select('id')
    .where('franchise_id', '=', franchiseId)
    .where('location_id', '=', locationId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((row) => row.id));
}

export async function listActiveServiceIds(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('services')
    .select('id')
    .where('franchise_id', '=', franchiseId)
    .where('location_id', '=', locationId)
    .where('is_active', '=', true)
    .orderBy('sort_order')
    .execute();
  return rows.map((row) => row.id);
}

/** Which barbers perform each service. */
export async function listServiceBarberIds(db: Kysely<ShardDatabase>, franchiseId: string, serviceIds: readonly string[]): Promise<Map<string, string[]>> {
  const byService = new Map<string, string[]>(serviceIds.map((id) => [id, []]));
  if (serviceIds.length === 0) return byService;
  const rows = await db
    .selectFrom('barber_services')
    .select(['service_id', 'barber_id'])
    .where('franchise_id', '=', franchiseId)
    .where('service_id', 'in', serviceIds)
    .orderBy('barber_id')
    .execute();
  for (const row of rows) byService.get(row.service_id)?.push(row.barber_id);
  return byService;
}

export async function listActiveBarberIds(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('barbers')
    .select('id')
    .where('franchise_id', '=', franchiseId)
    .where('location_id', '=', locationId)
    .where('is_active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Every barber of the location, active or not. */
export async function listBarberIdsAtLocation(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string): Promise<string[]> {
  const rows = await db.selectFrom('barbers').select('id').where('franchise_id', '=', franchiseId).where('location_id', '=', locationId).execute();
  return rows.map((row) => row.id);
}
