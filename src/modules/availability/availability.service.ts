import type { ShardRouter } from '../../db/shard-router.js';
import { invalid } from '../../errors/domain-error.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import { isLocalDate } from '../../time/instants.js';
import type { LocationDirectory, LocationRef } from '../locations/location-directory.js';
import { CACHE_TTL_SECONDS, cacheKeys } from '../../cache/cache-keys.js';
import type { FranchiseCache } from '../../cache/franchise-cache.js';
import { computeWindow } from './availability-window.js';
import type { AvailabilityView } from './availability.schemas.js';

export interface AvailabilityQuery {
  readonly serviceId: string;
  readonly date: string;
  readonly days: number;
  readonly barberId?: string | undefined;
}

export const MAX_DAYS = 14;

export interface AvailabilityDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly directory: LocationDirectory;
  readonly cache: FranchiseCache;
}

/** Public free slots of one location, service and (optionally) barber. */
export class AvailabilityService {
  constructor(private readonly deps: AvailabilityDeps) {}

  /**
   * Days before today or past the horizon simply have no slots (not an error): a
   * calendar UI can page freely. Impossible dates and unknown ids are errors.
   */
  async find(ctx: RequestContext, slug: string, query: AvailabilityQuery): Promise<AvailabilityView> {
    if (!isLocalDate(query.date)) throw invalid('date', 'must be a real calendar date YYYY-MM-DD');
    if (!Number.isInteger(query.days) || query.days < 1 || query.days > MAX_DAYS) {
      throw invalid('days', `must be an integer from 1 to ${MAX_DAYS}`);
    }
    const ref = await this.deps.directory.resolve(slug);
    const now = this.deps.clock.now();
    if (ctx.readYourWrites) return toView(await this.compute(ctx, ref, query, now), now);
    // Not keyed by the clock: the cached list is trimmed to "now + minimum notice" on every read,
    // so an entry stays right while it lives. Bookings and menu/hours writes change the key's token.
    // (A day that enters the booking horizon at midnight appears within one TTL.)
    const key = cacheKeys.availability({ locationId: ref.locationId, serviceId: query.serviceId, barberId: query.barberId, date: query.date, days: query.days });
    const computed = await this.deps.cache.cached(ref.franchiseId, { tier: 'availability', key, ttlSeconds: CACHE_TTL_SECONDS.availability, bookingsAt: ref.locationId }, () =>
      this.compute(ctx, ref, query, now),
    );
    return toView(computed, now);
  }

  private async compute(ctx: RequestContext, ref: LocationRef, query: AvailabilityQuery, now: Date): Promise<ComputedAvailability> {
    // Public reads may come from a replica, unless this browser just wrote something.
    const { db } = await this.deps.router.readerFor(ref.franchiseId, { readYourWrites: ctx.readYourWrites === true });
    const window = await computeWindow(db, now, {
      franchiseId: ref.franchiseId,
      locationId: ref.locationId,
      serviceId: query.serviceId,
      barberId: query.barberId ?? null,
      firstDate: query.date,
      days: query.days,
    });
    const { clock } = window;
    return {
      timezone: window.location.timezone,
      serviceId: query.serviceId,
      date: query.date,
      days: query.days,
      noticeMs: window.rules.earliestStartMs - now.getTime(),
      slots: window.slots.map((slot) => ({ startMs: slot.start, start: clock.format(slot.start), end: clock.format(slot.end), barberIds: slot.barberIds })),
    };
  }
}

/** What the cache holds: the answer plus what it needs to stay right as the clock moves. */
export interface ComputedAvailability {
  readonly timezone: string;
  readonly serviceId: string;
  readonly date: string;
  readonly days: number;
  readonly noticeMs: number;
  readonly slots: readonly { readonly startMs: number; readonly start: string; readonly end: string; readonly barberIds: string[] }[];
}

/** The same rule as the booking check: a start before now + minimum notice is not offered. */
export function toView(computed: ComputedAvailability, now: Date): AvailabilityView {
  const earliest = now.getTime() + computed.noticeMs;
  return {
    timezone: computed.timezone,
    serviceId: computed.serviceId,
    date: computed.date,
    days: computed.days,
    slots: computed.slots.filter((slot) => slot.startMs >= earliest).map(({ start, end, barberIds }) => ({ start, end, barberIds })),
  };
}
