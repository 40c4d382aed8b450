import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { ThrottledLog } from '../redis/throttled-log.js';

/** Tiers as they appear in `cache_requests_total{tier}`. */
export type CacheTier = 'location_page' | 'availability' | 'sessions' | 'invalidation' | (string & {});

/**
 * Counts every cache lookup in `cache_requests_total{tier,result}` and logs
 * errors at most once per interval per tier (with how many were suppressed).
 */
export class CacheOutcomes {
  private readonly logs = new Map<string, ThrottledLog>();

  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly logIntervalMs = 10_000,
  ) {}

  hit(tier: CacheTier): void {
    this.metrics.cacheRequests.inc({ tier, result: 'hit' });
  }

  miss(tier: CacheTier): void {
    this.metrics.cacheRequests.inc({ tier, result: 'miss' });
  }

  /** A lookup the cache could not answer: counted, and logged once per interval. */
  error(tier: CacheTier, error: unknown, what: string): void {
    this.metrics.cacheRequests.inc({ tier, result: 'error' });
    this.warn(tier, error, what);
  }

  /** A failed write-side call (store a value, release a lock): logged, not counted as a lookup. */
  warn(tier: CacheTier, error: unknown, what: string): void {
    let log = this.logs.get(tier);
    if (!log) {
      log = new ThrottledLog(this.logger, this.logIntervalMs);
      this.logs.set(tier, log);
    }
    log.warn({ tier, err: error }, `cache ${what} failed; serving from the database`);
  }
}
