import type { Kysely } from 'kysely';
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
 * so a new shop is bookable at once.
 */
export class LocationDirectory {
  private readonly entries = new Map<string, { readonly ref: LocationRef; readonly until: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly replica: Kysely<CatalogDatabase> | undefined;

  constructor(
    private readonly catalog: Kysely<CatalogDatabase>,
    options: DirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
    this.replica = options.replica === this.catalog ? undefined : options.replica;
  }

  /**
   * Throws NotFound for an unknown slug. While the catalog cannot be reached,
   * an expired entry is still used: a slug rarely changes its franchise, and
   * the franchise's own shard can go on serving its page and bookings (drill
   * 4, docs/dr-backups-and-catalog.md). The entry is refreshed once the catalog answers.
   */
  async resolve(slug: string): Promise<LocationRef> {
    const cached = this.entries.get(slug);
    if (cached && cached.until > this.now()) return cached.ref;
    let row: Awaited<ReturnType<typeof findDirectoryEntry>>;
    try {
      row = (this.replica && (await findDirectoryEntry(this.replica, slug))) || (await findDirectoryEntry(this.catalog, slug));
    } catch (error) {
      if (cached && isDatabaseUnavailable(error)) return cached.ref;
      throw error;
    }
    if (!row) {
      this.entries.delete(slug);
      throw notFound('location');
    }
    const ref: LocationRef = { franchiseId: row.franchise_id, locationId: row.id, slug: row.slug };
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(slug, { ref, until: this.now() + this.ttlMs });
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

  /** Drop a slug (after a rename or a move) so the next request asks the catalog. */
  forget(slug: string): void {
    this.entries.delete(slug);
  }
}
