import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { createKysely, createPool } from '../src/db/pools.js';
import type { ShardDatabase } from '../src/db/shard-schema.js';
import type { ShardRouter } from '../src/db/shard-router.js';
import { percentile } from './load.js';

export interface RoutingCost {
  readonly routedPerSecond: number;
  readonly fixedPerSecond: number;
  readonly routedP50Ms: number;
  readonly fixedP50Ms: number;
}

async function timed(concurrency: number, seconds: number, run: () => Promise<unknown>): Promise<{ rate: number; p50: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await run();
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / seconds, p50: percentile(latencies, 50) };
}

/**
 * The router's overhead: the same one-row query by primary key, once through
 * `router.primaryFor(franchiseId)` (placement cache, schema gate, pool lookup)
 * and once on a fixed pool to the same database, at the same concurrency.
 */
export async function measureRoutingCost(router: ShardRouter, shardUrl: string, franchiseId: string, locationId: string, concurrency: number, seconds: number): Promise<RoutingCost> {
  const query = (db: Kysely<ShardDatabase>) =>
    db.selectFrom('locations').select(['id', 'name']).where('franchise_id', '=', franchiseId).where('id', '=', locationId).executeTakeFirstOrThrow();
  const fixed = createKysely<ShardDatabase>(createPool({ connectionString: shardUrl, max: 8, statementTimeoutMs: 0, applicationName: 'bench-fixed' }, pino({ level: 'silent' })));
  try {
    await sql`SELECT 1`.execute(fixed);
    await query((await router.primaryFor(franchiseId)).db);
    const direct = await timed(concurrency, seconds, () => query(fixed));
    const routed = await timed(concurrency, seconds, async () => query((await router.primaryFor(franchiseId)).db));
    return { routedPerSecond: routed.rate, fixedPerSecond: direct.rate, routedP50Ms: routed.p50, fixedP50Ms: direct.p50 };
  } finally {
    await fixed.destroy();
  }
}
