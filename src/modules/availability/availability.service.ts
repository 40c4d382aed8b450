import type { ShardRouter } from '../../db/shard-router.js';
import { invalid } from '../../errors/domain-error.js';
import type { Clock } from '../../http/clock.js';
import type { RequestContext } from '../../http/request-context.js';
import { isLocalDate } from '../../time/instants.js';
import type { LocationDirectory, LocationRef } from '../location-page/location-directory.js';
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
    if (!isLocalDate(query.date)) throw invalid('query.date', 'must be a real calendar date YYYY-MM-DD');
    if (!Number.isInteger(query.days) || query.days < 1 || query.days > MAX_DAYS) {
      throw invalid('query.days', `must be an integer from 1 to ${MAX_DAYS}`);
    }
    const ref = await this.deps.directory.resolve(slug);
    const now = this.deps.clock.now();
    const load = (): Promise<AvailabilityView> => this.compute(ctx, ref, query, now);
    if (ctx.readYourWrites) return load();
    // Keyed by the minute: minimum notice moves with the clock. Bookings and menu/hours writes change the key's token.
    const key = cacheKeys.availability({
      locationId: ref.locationId,
      serviceId: query.serviceId,
      barberId: query.barberId,
      date: query.date,
      days: query.days,
      asOfMinute: Math.floor(now.getTime() / 60_000),
    });
    return this.deps.cache.cached(ref.franchiseId, { tier: 'availability', key, ttlSeconds: CACHE_TTL_SECONDS.availability, bookingsAt: ref.locationId }, load);
  }

  private async compute(ctx: RequestContext, ref: LocationRef, query: AvailabilityQuery, now: Date): Promise<AvailabilityView> {
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
      slots: window.slots.map((slot) => ({ start: clock.format(slot.start), end: clock.format(slot.end), barberIds: slot.barberIds })),
    };
  }
}
