import type { ShardRouter } from '../../db/shard-router.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { FranchiseCache } from '../../cache/franchise-cache.js';
import { MINUTE } from '../../time/wall-clock.js';
import type { LocationDirectory, LocationRef } from '../locations/location-directory.js';
import { computeWindow } from './availability-window.js';
import type { CurrentWaitView } from './current-wait.schemas.js';
import { firstFreeChair, firstStaffStart } from './staff-rules.js';

export interface CurrentWaitDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly directory: LocationDirectory;
  readonly cache: FranchiseCache;
}

// Long enough to absorb a busy page's polling, short enough that "now" never drifts far.
const TTL_SECONDS = 60;

/** The public "current wait": what a walk-in would be offered now, from the same rule the front desk seats them by. */
export class CurrentWaitService {
  constructor(private readonly deps: CurrentWaitDeps) {}

  async find(ctx: RequestContext, slug: string, serviceId: string): Promise<CurrentWaitView> {
    const ref = await this.deps.directory.resolve(slug);
    const now = this.deps.clock.now();
    if (ctx.readYourWrites) return this.compute(ctx, ref, serviceId, now);
    // Keyed by the minute (the answer depends on now) and versioned by the location's bookings.
    const minute = Math.floor(now.getTime() / MINUTE);
    const key = `wait:${ref.locationId}:${serviceId}:m${minute}`;
    return this.deps.cache.cached(ref.franchiseId, { tier: 'availability', key, ttlSeconds: TTL_SECONDS, bookingsAt: ref.locationId }, () => this.compute(ctx, ref, serviceId, now));
  }

  private async compute(ctx: RequestContext, ref: LocationRef, serviceId: string, now: Date): Promise<CurrentWaitView> {
    const { db } = await this.deps.router.readerFor(ref.franchiseId, { readYourWrites: ctx.readYourWrites === true });
    const nowMs = now.getTime();
    const window = await computeWindow(db, now, {
      franchiseId: ref.franchiseId,
      locationId: ref.locationId,
      serviceId,
      barberId: null,
      firstDate: new Date(nowMs - 86_400_000).toISOString().slice(0, 10),
      days: 3,
    });
    const { clock } = window;
    const waitOf = (start: number | undefined) => ({
      start: start === undefined ? null : clock.format(start),
      waitMinutes: start === undefined ? null : Math.max(0, Math.ceil((start - nowMs) / MINUTE)),
    });
    const anyone = firstFreeChair(window, nowMs);
    return {
      timezone: window.location.timezone,
      serviceId,
      asOf: clock.format(Math.floor(nowMs / MINUTE) * MINUTE),
      anyone: { ...waitOf(anyone?.start), barberIds: anyone?.barberIds ?? [] },
      barbers: window.barbers.map((barber) => ({ id: barber.id, name: window.barberNames.get(barber.id) ?? '', ...waitOf(firstStaffStart(window, barber, nowMs, nowMs)) })),
    };
  }
}
