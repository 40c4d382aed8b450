import type { ShardRouter } from '../../db/shard-router.js';
import { notFound } from '../../errors/domain-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { LocationDirectory } from './location-directory.js';
import { toLocationPage } from './location-page.mapper.js';
import { findLocationPage } from './location-page.repository.js';
import type { LocationPageView } from './location-page.schemas.js';

/** The public page of a location: what a client needs to pick a service, a barber and a day. */
export class LocationPageService {
  constructor(private readonly deps: { readonly router: ShardRouter; readonly directory: LocationDirectory }) {}

  async get(_ctx: RequestContext, slug: string): Promise<LocationPageView> {
    const ref = await this.deps.directory.resolve(slug);
    const { db } = await this.deps.router.primaryFor(ref.franchiseId);
    const row = await findLocationPage(db, ref.franchiseId, ref.locationId);
    if (!row) throw notFound('location');
    return toLocationPage(row);
  }
}
