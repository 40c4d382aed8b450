import { DateTime } from 'luxon';
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
