import pino from 'pino';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../src/db/catalog-schema.js';
import { ShardRouter } from '../../src/db/shard-router.js';
import { AccessService } from '../../src/modules/access/access.service.js';
import { LocationDirectory } from '../../src/modules/locations/location-directory.js';
import { PlatformReportsService } from '../../src/modules/platform-reports/platform-reports.service.js';
import { shardTotals } from '../../src/modules/platform-reports/shard-totals.repository.js';
import { percentile } from '../load.js';
import type { Row } from '../table-row.js';
import { locationSlug } from './scale-seed.js';
import type { Progress, ScaleShape } from './scale-seed.js';

const logger = pino({ level: 'warn' });

export interface Timings {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

/** Runs `work` once per item, one at a time (a latency, not a throughput), and returns its percentiles in ms. */
export async function timeEach<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<Timings> {
  const ms: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await work(item);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), count: ms.length };
}

/** `count` distinct franchise numbers spread over the whole range (the same ones every run). */
export function sample(franchises: number, count: number): number[] {
  const n = Math.min(count, franchises);
  // Stepping by a prime that does not divide the size visits distinct numbers in a scattered order.
  const step = franchises % 7919 === 0 ? 1 : 7919;
  return Array.from({ length: n }, (_, i) => (i * step) % franchises);
}

const row = (measure: string, value: Timings, reference: string, referenceValue: Timings | null, note = ''): Row => ({
  measure,
  value: `${value.count} lookups${note}`,
  reference,
  ratio: referenceValue ? value.p99 / referenceValue.p99 : null,
  p50: value.p50,
  p95: null,
  p99: value.p99,
});

/**
 * The public request's first two steps at full size, with the classes the API
 * uses against the seeded catalog: slug → location (LocationDirectory), then
 * franchise → shard (the router's placement cache). Cold = first ask (a catalog
 * round trip), warm = the same slugs again (in process).
 */
export async function lookupRows(catalog: Kysely<CatalogDatabase>, shape: ScaleShape, samples: number, progress: Progress): Promise<Row[]> {
  const numbers = sample(shape.franchises, samples);
  const slugs = numbers.map(locationSlug);
  const directory = new LocationDirectory(catalog);
  progress(`lookups: ${slugs.length} slugs cold, then warm…`);
  const franchiseIds: string[] = [];
  const cold = await timeEach(slugs, async (slug) => franchiseIds.push((await directory.resolve(slug)).franchiseId));
  const warm = await timeEach(slugs, (slug) => directory.resolve(slug));

  const router = new ShardRouter(catalog, { poolMax: 2, statementTimeoutMs: 0, replicaMaxLagMs: 1000, moveRetryBudgetMs: 1000 }, logger);
  try {
    progress(`lookups: ${franchiseIds.length} placements, cache misses then hits…`);
    const miss = await timeEach(franchiseIds, (id) => router.placementOf(id));
    const hit = await timeEach(franchiseIds, (id) => router.placementOf(id));
    // A bare round trip to the same catalog: what any lookup there costs at least.
    const roundTrip = await timeEach(franchiseIds.slice(0, 200), () => sql`SELECT 1`.execute(catalog));
    return [
      row('location slug lookup, cold (catalog)', cold, `SELECT 1 on the catalog: p99 ${roundTrip.p99.toFixed(2)} ms`, roundTrip, `, directory holds ${directory.size}`),
      row('location slug lookup, warm (in process)', warm, `the cold lookup: p99 ${cold.p99.toFixed(2)} ms`, cold),
      row('placement cache miss (catalog)', miss, `SELECT 1 on the catalog: p99 ${roundTrip.p99.toFixed(2)} ms`, roundTrip),
      row('placement cache hit', hit, `the miss: p99 ${miss.p99.toFixed(2)} ms`, miss),
    ];
  } finally {
    await router.close();
  }
}

/**
 * The cross-shard platform report (PlatformReportsService, as the route calls
 * it) over every shard, against one shard's own totals query alone: the
 * difference is what the fan-out and the merge cost at this size.
 */
export async function reportRows(catalog: Kysely<CatalogDatabase>, shards: number, runs: number, progress: Progress): Promise<Row[]> {
  const router = new ShardRouter(catalog, { poolMax: 4, statementTimeoutMs: 0, replicaMaxLagMs: 1000, moveRetryBudgetMs: 1000 }, logger);
  try {
    const reports = new PlatformReportsService({ access: new AccessService(catalog), catalog, router, shardTimeoutMs: 60_000 });
    const day = 86_400_000;
    const range = { from: new Date(Date.now() - 40 * day), to: new Date(Date.now() + 40 * day) };
    const runsList = Array.from({ length: runs }, (_, i) => i);
    progress(`report: ${runs} platform reports across ${shards} shards…`);
    let franchises = 0;
    let bookings = 0;
    let partial = false;
    // The first report opens the pools; it is not counted.
    await reports.build(range);
    const whole = await timeEach(runsList, async () => {
      const report = await reports.build(range);
      franchises = report.totals.franchises;
      bookings = report.totals.bookings;
      partial ||= report.partial;
    });
    const { db } = await router.shard('shard-1');
    const one = await timeEach(runsList, () => shardTotals(db, range.from, range.to, 60_000));
    return [
      {
        measure: `platform report across ${shards} shards`,
        value: `${whole.count} reports of ${franchises.toLocaleString('en')} franchises, ${bookings.toLocaleString('en')} bookings${partial ? ' (PARTIAL)' : ''}`,
        reference: `one shard's totals query alone: p99 ${one.p99.toFixed(1)} ms`,
        ratio: whole.p99 / one.p99,
        p50: whole.p50,
        p95: null,
        p99: whole.p99,
      },
    ];
  } finally {
    await router.close();
  }
}
