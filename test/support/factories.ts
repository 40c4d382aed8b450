import type { Kysely } from 'kysely';
import type { ShardDatabase } from '../../src/db/shard-schema.js';
import { newId } from '../../src/db/ids.js';
import type { MembershipRole } from '../../src/db/catalog-schema.js';
import type { CoreDependencies } from '../../src/composition-root.js';
import type { TestPlatform } from './test-platform.js';

/** Anything that carries the platform's catalog and router: a TestPlatform, or the bench's environment. */
export interface HasPlatform {
  readonly platform: { readonly core: Pick<CoreDependencies, 'catalog' | 'router'> };
}

/**
 * Small factories that write rows straight into the catalog and the shard, so a
 * test can set up a shop without going through the management API.
 */
export interface ShopOptions {
  readonly slug?: string;
  readonly timezone?: string;
  readonly currency?: string;
  readonly region?: string;
  /** Default 'shard-1', the harness's shard. */
  readonly shardId?: string;
  readonly barbers?: number;
  /** Weekly hours for every barber, Monday = 1. Default: Mon–Sat 09:00–17:00. */
  readonly hours?: readonly { weekday: number; start: string; end: string }[];
  readonly name?: string;
  readonly policy?: Partial<{ minNoticeMinutes: number; horizonDays: number; cancellationWindowHours: number; slotStepMinutes: number }>;
  readonly services?: readonly { name: string; durationMinutes: number; priceCents: number; bufferMinutes?: number; depositCents?: number }[];
}

export interface Shop {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly slug: string;
  readonly timezone: string;
  readonly barberIds: readonly string[];
  readonly serviceIds: readonly string[];
}

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

const DEFAULT_HOURS = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

export async function makeShop(tp: HasPlatform, options: ShopOptions = {}): Promise<Shop> {
  const { catalog, router } = tp.platform.core;
  const franchiseId = newId();
  const locationId = newId();
  const slug = options.slug ?? unique('shop');
  const timezone = options.timezone ?? 'America/New_York';
  await catalog
    .insertInto('franchises')
    .values({ id: franchiseId, slug: unique('franchise'), name: `Franchise ${slug}`, region: options.region ?? 'us-east-1', shard_id: options.shardId ?? 'shard-1' })
    .execute();
  await catalog.insertInto('location_directory').values({ id: locationId, franchise_id: franchiseId, slug }).execute();

  const { db } = await router.primaryFor(franchiseId);
  const policy = options.policy ?? {};
  await db
    .insertInto('locations')
    .values({
      franchise_id: franchiseId,
      id: locationId,
      slug,
      name: options.name ?? `Shop ${slug}`,
      timezone,
      currency: options.currency ?? 'USD',
      address: JSON.stringify({ line1: '1 Main St', city: 'Springfield' }),
      ...(policy.minNoticeMinutes !== undefined && { min_notice_minutes: policy.minNoticeMinutes }),
      ...(policy.horizonDays !== undefined && { horizon_days: policy.horizonDays }),
      ...(policy.cancellationWindowHours !== undefined && { cancellation_window_hours: policy.cancellationWindowHours }),
      ...(policy.slotStepMinutes !== undefined && { slot_step_minutes: policy.slotStepMinutes }),
    })
    .execute();

  const services = options.services ?? [{ name: 'Haircut', durationMinutes: 30, priceCents: 3500 }];
  const serviceIds = services.map(() => newId());
  await db
    .insertInto('services')
    .values(
      services.map((service, index) => ({
        franchise_id: franchiseId,
        id: serviceIds[index] as string,
        location_id: locationId,
        name: service.name,
        duration_minutes: service.durationMinutes,
        price_cents: service.priceCents,
        deposit_cents: service.depositCents ?? 0,
        buffer_minutes: service.bufferMinutes ?? 0,
        sort_order: index,
      })),
    )
    .execute();

  const barberIds = Array.from({ length: options.barbers ?? 2 }, () => newId());
  const hours = options.hours ?? DEFAULT_HOURS;
  for (const [index, barberId] of barberIds.entries()) {
    await db.insertInto('barbers').values({ franchise_id: franchiseId, id: barberId, location_id: locationId, name: `Barber ${index + 1}` }).execute();
    if (hours.length > 0) {
      await db
        .insertInto('weekly_hours')
        .values(hours.map((h) => ({ franchise_id: franchiseId, id: newId(), barber_id: barberId, weekday: h.weekday, start_time: h.start, end_time: h.end })))
        .execute();
    }
    await addHoursVersion(db, franchiseId, barberId, HOURS_SINCE, hours);
    await db
      .insertInto('barber_services')
      .values(serviceIds.map((serviceId) => ({ franchise_id: franchiseId, barber_id: barberId, service_id: serviceId })))
      .execute();
  }
  return { franchiseId, locationId, slug, timezone, barberIds, serviceIds };
}

export interface TestUser {
  readonly userId: string;
  readonly email: string;
  /** Send as the `cookie` header of app.inject. */
  readonly cookie: string;
}

/** A user with a membership (or none) and a live session. */
export async function makeUser(
  tp: TestPlatform,
  membership?: { franchiseId: string; role: MembershipRole; locationIds?: readonly string[] },
): Promise<TestUser> {
  const { catalog, sessions } = tp.platform.core;
  const userId = newId();
  const email = `${unique('user')}@example.test`;
  await catalog.insertInto('users').values({ id: userId, email, name: 'Test User', password_hash: 'not-a-real-hash' }).execute();
  if (membership) {
    await catalog
      .insertInto('memberships')
      .values({ user_id: userId, franchise_id: membership.franchiseId, role: membership.role, location_ids: membership.locationIds ? [...membership.locationIds] : null })
      .execute();
  }
  const session = await sessions.create(userId);
  return { userId, email, cookie: `bb_session=${session.id}` };
}

/** Test shops' hours are in force from this date on, so any past period a test asks about has them. */
export const HOURS_SINCE = '2000-01-01';

/** The history row (weekly_hours_versions) that goes with hours written straight into weekly_hours. */
export async function addHoursVersion(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  barberId: string,
  effectiveFrom: string,
  hours: readonly { weekday: number; start: string; end: string }[],
): Promise<void> {
  await db
    .insertInto('weekly_hours_versions')
    .values({ franchise_id: franchiseId, barber_id: barberId, effective_from: effectiveFrom, hours: JSON.stringify(hours.map(({ weekday, start, end }) => ({ weekday, start, end }))) })
    .execute();
}
