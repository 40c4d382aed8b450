import { newId } from '../../src/db/ids.js';
import type { AppointmentStatus } from '../../src/db/shard-schema.js';
import type { TestPlatform } from './test-platform.js';
import { HOURS_SINCE, addHoursVersion } from './factories.js';
import type { AnalyticsReport } from '../../src/modules/analytics/analytics.schemas.js';

/**
 * Rows written straight into the shard, so each analytics test can lay out a
 * hand-computed history (past visits, rebookings, time off) without the booking API.
 */
const shardOf = async (tp: TestPlatform, franchiseId: string) => (await tp.platform.core.router.primaryFor(franchiseId)).db;

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export interface ExtraLocation {
  readonly locationId: string;
  readonly barberIds: readonly string[];
  readonly serviceId: string;
}

/** A second (third…) location in an existing franchise, with its own zone and currency. */
export async function addLocation(
  tp: TestPlatform,
  franchiseId: string,
  options: { timezone: string; currency: string; name?: string; barbers?: number; hours?: readonly { weekday: number; start: string; end: string }[] },
): Promise<ExtraLocation> {
  const db = await shardOf(tp, franchiseId);
  const locationId = newId();
  const slug = unique('loc');
  await tp.platform.core.catalog.insertInto('location_directory').values({ id: locationId, franchise_id: franchiseId, slug }).execute();
  await db
    .insertInto('locations')
    .values({ franchise_id: franchiseId, id: locationId, slug, name: options.name ?? `Shop ${slug}`, timezone: options.timezone, currency: options.currency, address: null })
    .execute();
  const serviceId = newId();
  await db
    .insertInto('services')
    .values({ franchise_id: franchiseId, id: serviceId, location_id: locationId, name: 'Haircut', duration_minutes: 30, price_cents: 2500 })
    .execute();
  const barberIds: string[] = [];
  for (let index = 0; index < (options.barbers ?? 1); index++) {
    const barberId = newId();
    barberIds.push(barberId);
    await db.insertInto('barbers').values({ franchise_id: franchiseId, id: barberId, location_id: locationId, name: `Barber ${index + 1}` }).execute();
    for (const h of options.hours ?? []) {
      await db
        .insertInto('weekly_hours')
        .values({ franchise_id: franchiseId, id: newId(), barber_id: barberId, weekday: h.weekday, start_time: h.start, end_time: h.end })
        .execute();
    }
    await addHoursVersion(db, franchiseId, barberId, HOURS_SINCE, options.hours ?? []);
  }
  return { locationId, barberIds, serviceId };
}

export async function addClient(tp: TestPlatform, franchiseId: string, name: string): Promise<string> {
  const db = await shardOf(tp, franchiseId);
  const id = newId();
  await db.insertInto('clients').values({ franchise_id: franchiseId, id, email: `${unique(name.toLowerCase())}@example.test`, name }).execute();
  return id;
}

export interface AppointmentSpec {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly barberId: string;
  readonly serviceId: string;
  readonly clientId: string;
  /** ISO instant with offset, e.g. '2027-03-01T09:00:00-05:00'. */
  readonly start: string;
  readonly minutes?: number;
  readonly status: AppointmentStatus;
  readonly priceCents?: number;
  readonly currency?: string;
  /** When it was booked; default: a week before it starts. */
  readonly createdAt?: string;
}

export async function addAppointment(tp: TestPlatform, spec: AppointmentSpec): Promise<string> {
  const db = await shardOf(tp, spec.franchiseId);
  const id = newId();
  const startsAt = new Date(spec.start);
  const endsAt = new Date(startsAt.getTime() + (spec.minutes ?? 30) * 60_000);
  await db
    .insertInto('appointments')
    .values({
      franchise_id: spec.franchiseId,
      id,
      location_id: spec.locationId,
      barber_id: spec.barberId,
      service_id: spec.serviceId,
      client_id: spec.clientId,
      starts_at: startsAt,
      ends_at: endsAt,
      blocked_until: endsAt,
      status: spec.status,
      price_cents: spec.priceCents ?? 3500,
      currency: spec.currency ?? 'USD',
      created_at: spec.createdAt ? new Date(spec.createdAt) : new Date(startsAt.getTime() - 7 * 86_400_000),
      ...(spec.status === 'cancelled' && { cancelled_at: startsAt }),
    })
    .execute();
  return id;
}

export async function addTimeOff(tp: TestPlatform, franchiseId: string, barberId: string, start: string, end: string): Promise<void> {
  const db = await shardOf(tp, franchiseId);
  await db.insertInto('time_off').values({ franchise_id: franchiseId, id: newId(), barber_id: barberId, starts_at: new Date(start), ends_at: new Date(end) }).execute();
}

export interface AnalyticsResponse {
  readonly statusCode: number;
  readonly body: AnalyticsReport & { code?: string; errors?: { path: string; message: string }[] };
}

export async function getAnalytics(
  tp: TestPlatform,
  franchiseId: string,
  query: Readonly<Record<string, string>>,
  cookie?: string,
): Promise<AnalyticsResponse> {
  const response = await tp.app.inject({
    method: 'GET',
    url: `/api/v1/franchises/${franchiseId}/analytics`,
    query,
    ...(cookie && { headers: { cookie } }),
  });
  return { statusCode: response.statusCode, body: response.json() };
}
