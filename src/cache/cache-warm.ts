import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { CatalogDatabase } from '../db/catalog-schema.js';
import { DomainError } from '../errors/domain-error.js';
import { systemContext } from '../shared/request-context.js';
import { BOOKING_PAGE_WINDOW_DAYS } from './public-reads.js';
import type { PublicReads } from './public-reads.js';

export interface WarmTarget {
  readonly franchiseId: string;
  readonly region: string;
  readonly locationId: string;
  readonly slug: string;
}

export interface WarmSelection {
  readonly region?: string | undefined;
  /** Franchise ids or slugs. */
  readonly franchises?: readonly string[] | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every public location of the chosen franchises, from the catalog's directory. */
export async function listWarmTargets(catalog: Kysely<CatalogDatabase>, selection: WarmSelection): Promise<WarmTarget[]> {
  const ids = (selection.franchises ?? []).filter((f) => UUID.test(f));
  const slugs = (selection.franchises ?? []).filter((f) => !UUID.test(f));
  const rows = await catalog
    .selectFrom('location_directory as d')
    .innerJoin('franchises as f', 'f.id', 'd.franchise_id')
    .select(['d.franchise_id as franchiseId', 'f.region', 'd.id as locationId', 'd.slug'])
    .$if(selection.region !== undefined, (qb) => qb.where('f.region', '=', selection.region as string))
    .$if(ids.length + slugs.length > 0, (qb) =>
      // A slug is not a uuid: comparing it with the uuid column would be an error, so each list goes to its own column.
      qb.where((eb) => eb.or([...(ids.length > 0 ? [eb('f.id', 'in', ids)] : []), ...(slugs.length > 0 ? [eb('f.slug', 'in', slugs)] : [])])),
    )
    .orderBy('f.region')
    .orderBy('d.franchise_id')
    .orderBy('d.slug')
    .execute();
  return rows;
}

export interface WarmOptions {
  /** Days of availability from today, in 14-day booking-page windows. */
  readonly days: number;
  /** Also each barber's own availability (the page's barber picker), not only "anyone". */
  readonly barbers: boolean;
  /** Locations warmed at once. */
  readonly concurrency: number;
  readonly now: () => Date;
  /** Aborting stops taking new locations; those in flight finish. */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: WarmProgress) => void) | undefined;
}

export interface WarmProgress {
  readonly done: number;
  readonly total: number;
  /** Cache lookups made (pages + availability windows). */
  readonly lookups: number;
  readonly elapsedMs: number;
}

export interface WarmFailure {
  readonly slug: string;
  readonly error: string;
}

export interface WarmReport extends WarmProgress {
  /** Locations the directory lists but the shard does not serve (deleted, mid-move): nothing to cache. */
  readonly skipped: number;
  readonly failures: readonly WarmFailure[];
  readonly interrupted: boolean;
}

/**
 * Loads each location's public page and its availability windows through the
 * API's own services, which fill the cache on a miss and leave a present entry
 * alone: running it twice, or again after an interruption, only costs lookups.
 */
export async function warmCache(reads: PublicReads, targets: readonly WarmTarget[], options: WarmOptions): Promise<WarmReport> {
  const started = performance.now();
  const ctx = systemContext('cache-warm');
  let next = 0;
  let done = 0;
  let lookups = 0;
  let skipped = 0;
  const failures: WarmFailure[] = [];
  const progress = (): WarmProgress => ({ done, total: targets.length, lookups, elapsedMs: performance.now() - started });

  const warmOne = async (target: WarmTarget): Promise<void> => {
    const page = await reads.page(ctx, target.slug);
    lookups++;
    const today = DateTime.fromJSDate(options.now()).setZone(page.timezone).startOf('day');
    const lastDay = today.plus({ days: page.policy.horizonDays });
    for (let offset = 0; offset < options.days; offset += BOOKING_PAGE_WINDOW_DAYS) {
      const from = today.plus({ days: offset });
      if (from > lastDay) break;
      for (const service of page.services) {
        const barberIds = options.barbers ? page.barbers.filter((b) => b.serviceIds.includes(service.id)).map((b) => b.id) : [];
        for (const barberId of [undefined, ...barberIds]) {
          await reads.availability(ctx, target.slug, { serviceId: service.id, date: from.toISODate() as string, days: BOOKING_PAGE_WINDOW_DAYS, barberId });
          lookups++;
        }
      }
    }
  };

  const worker = async (): Promise<void> => {
    while (next < targets.length && !options.signal?.aborted) {
      const target = targets[next++] as WarmTarget;
      try {
        await warmOne(target);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NotFound') skipped++;
        else failures.push({ slug: target.slug, error: error instanceof Error ? error.message : String(error) });
      }
      done++;
      options.onProgress?.(progress());
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, worker));
  return { ...progress(), skipped, failures, interrupted: done < targets.length };
}
