import type { ShardRouter } from '../../db/shard-router.js';
import { notFound } from '../../errors/domain-error.js';
import { CACHE_TTL_SECONDS, cacheKeys } from '../../cache/cache-keys.js';
import type { FranchiseCache } from '../../cache/franchise-cache.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { LocationDirectory } from '../locations/location-directory.js';
import { toLocationPage } from './location-page.mapper.js';
import { findLocationPage } from './location-page.repository.js';
import type { LocationPageView } from './location-page.schemas.js';

/** The public page of a location: what a client needs to pick a service, a barber and a day. */
export class LocationPageService {
  constructor(private readonly deps: { readonly router: ShardRouter; readonly directory: LocationDirectory; readonly cache: FranchiseCache }) {}

  /** Cache-aside for an hour; any menu, barber, hours or location write of the franchise drops it. */
  async get(ctx: RequestContext, slug: string): Promise<LocationPageView> {
    const ref = await this.deps.directory.resolve(slug);
    const load = async (): Promise<LocationPageView> => {
      // Public reads may come from a replica, unless this browser just wrote something.
      const { db } = await this.deps.router.readerFor(ref.franchiseId, { readYourWrites: ctx.readYourWrites === true });
      const row = await findLocationPage(db, ref.franchiseId, ref.locationId);
      if (!row) throw notFound('location');
      return toLocationPage(row);
    };
    if (ctx.readYourWrites) return load();
    return this.deps.cache.cached(ref.franchiseId, { tier: 'location_page', key: cacheKeys.locationPage(ref.locationId), ttlSeconds: CACHE_TTL_SECONDS.locationPage }, load);
  }
}
