import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { CatalogDatabase } from './catalog-schema.js';
import type { Placement } from './shard-router.js';

/** What the poller needs of the router: its cached placements. */
export interface PlacementCache {
  cachedPlacements(): readonly Placement[];
}

// One round trip compares this many cached placements; 100,000 cached franchises are 20 cheap index scans.
const BATCH = 5_000;

/**
 * The fallback to placement notifications (DESIGN.md section 12). NOTIFY is not
 * replicated, and a LISTEN across regions can drop without anyone noticing for a
 * while, so every `intervalMs` the cached placements are compared with the
 * catalog this node reads (in a secondary region, its local replica); any whose
 * shard or version changed, or that vanished, is dropped and read again on next
 * use. A write routed by a stale copy meanwhile is still refused by the old
 * shard's fence and retried, so staleness costs latency, never correctness.
 */
export class PlacementPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly catalog: Kysely<CatalogDatabase>,
    private readonly cache: PlacementCache,
    /** Must drop the router's entry (as for a notification). */
    private readonly onChange: (franchiseId: string) => void,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      // A slow catalog must not stack up polls.
      this.running ??= this.poll()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'placement poll failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One comparison of every cached placement with the catalog; returns the franchises found stale. */
  async poll(): Promise<string[]> {
    const cached = this.cache.cachedPlacements();
    const stale: string[] = [];
    for (let start = 0; start < cached.length; start += BATCH) {
      const batch = cached.slice(start, start + BATCH);
      const { rows } = await sql<{ id: string }>`
        SELECT c.id::text AS id
        FROM unnest(${batch.map((p) => p.franchiseId)}::uuid[], ${batch.map((p) => p.shardId)}::text[], ${batch.map((p) => p.version)}::bigint[]) AS c(id, shard_id, version)
        LEFT JOIN franchises f ON f.id = c.id
        WHERE f.id IS NULL OR f.shard_id <> c.shard_id OR f.placement_version <> c.version`.execute(this.catalog);
      stale.push(...rows.map((row) => row.id));
    }
    for (const franchiseId of stale) this.onChange(franchiseId);
    if (stale.length > 0) this.logger.info({ franchises: stale.length }, 'placement poll found changed placements (a notification was missed)');
    return stale;
  }
}
