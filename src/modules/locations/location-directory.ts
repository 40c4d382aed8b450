import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { isDatabaseUnavailable } from '../../db/db-errors.js';
import { notFound } from '../../errors/domain-error.js';
import { findDirectoryEntry, findSlugOfLocation, foreignLocationIds, listDirectoryEntries, listFranchiseLocationIds } from './location-directory.repository.js';
import type { DirectoryEntry, DirectorySelection } from './location-directory.repository.js';

export interface LocationRef {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly slug: string;
}

export interface DirectoryOptions {
  /** How long a resolved slug is trusted without asking the catalog again. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
  /** The region's catalog replica, asked first; a slug it does not know yet is looked up on the primary. */
  readonly replica?: Kysely<CatalogDatabase>;
}

/**
 * Public links name a location by slug; the catalog's location_directory says
 * which franchise (and so which shard) holds it. Every public request starts
 * here, so hits are kept in process for a short while; misses are not cached,
 * so a new shop is bookable at once. The hits live in an LRU: with more
 * locations than entries the least recently asked-for slug makes room, and
 * the busy shops stay resolved (a map emptied whole when full sent every
 * request to the catalog at once).
 */
export class LocationDirectory {
  private readonly entries: LRUCache<string, LocationRef>;
  private readonly replica: Kysely<CatalogDatabase> | undefined;

  constructor(
    private readonly catalog: Kysely<CatalogDatabase>,
    options: DirectoryOptions = {},
  ) {
    this.entries = new LRUCache<string, LocationRef>({
      max: options.maxEntries ?? 10_000,
      ttl: options.ttlMs ?? 30_000,
      ...(options.now && { perf: { now: options.now }, ttlResolution: 0 }),
    });
    this.replica = options.replica === this.catalog ? undefined : options.replica;
  }

  /**
   * Throws NotFound for an unknown slug. While the catalog cannot be reached,
   * an expired entry is still used: a slug rarely changes its franchise, and
   * the franchise's own shard can go on serving its page and bookings (drill
   * 4, docs/DR.md). The entry is refreshed once the catalog answers.
   */
  async resolve(slug: string): Promise<LocationRef> {
    // A stale entry is kept (not deleted on read) so it can stand in while the catalog is unreachable.
    const status: LRUCache.Status<string, LocationRef> = {};
    const cached = this.entries.get(slug, { allowStale: true, noDeleteOnStaleGet: true, status });
    if (cached && status.get === 'hit') return cached;
    let row: Awaited<ReturnType<typeof findDirectoryEntry>>;
    try {
      row = (this.replica && (await findDirectoryEntry(this.replica, slug))) || (await findDirectoryEntry(this.catalog, slug));
    } catch (error) {
      if (cached && isDatabaseUnavailable(error)) return cached;
      throw error;
    }
    if (!row) {
      this.entries.delete(slug);
      throw notFound('location');
    }
    const ref: LocationRef = { franchiseId: row.franchise_id, locationId: row.id, slug: row.slug };
    this.entries.set(slug, ref);
    return ref;
  }

  /** Of the ids given, those that are not locations of this franchise. */
  foreignLocationIds(franchiseId: string, ids: readonly string[]): Promise<string[]> {
    return foreignLocationIds(this.catalog, franchiseId, ids);
  }

  /** Every location id of the franchise, in id order. */
  locationIds(franchiseId: string): Promise<string[]> {
    return listFranchiseLocationIds(this.catalog, franchiseId);
  }

  /** Every public location of the chosen franchises and region (the cache warmer's list). */
  list(selection: DirectorySelection): Promise<DirectoryEntry[]> {
    return listDirectoryEntries(this.catalog, selection);
  }

  /** The slug a location is published under (uncached: for operators' tools). */
  slugOf(locationId: string): Promise<string | undefined> {
    return findSlugOfLocation(this.catalog, locationId);
  }

  /** Slugs held in process now (the scale bench reports it). */
  get size(): number {
    return this.entries.size;
  }

  /** Drop a slug (after a rename or a move) so the next request asks the catalog. */
  forget(slug: string): void {
    this.entries.delete(slug);
  }
}
