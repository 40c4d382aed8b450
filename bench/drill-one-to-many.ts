/**
 * The seeds' migration as a drill (issue 4): every franchise starts on one
 * shard (the "single database", us-east-1, accepts any region); three regional
 * shards are added; `rebalance` moves every franchise into its own region
 * while a load generator books, reschedules and cancels across all
 * franchises. Then: every acknowledged write is on the franchise's final shard
 * exactly once, verify --all is clean, and the write pauses, total time,
 * client-visible errors and move rows/s vs a plain COPY are printed.
 *
 *   npm run drill:one-to-many -- --franchises 10      (CI size)
 *   npm run drill:one-to-many -- --franchises 1000    (local, large)
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import pg from 'pg';
import pino from 'pino';
import type { Kysely } from 'kysely';
import { buildApp } from '../src/app.js';
import { buildPlatform } from '../src/composition-root.js';
import { loadConfig } from '../src/config/config.js';
import type { CatalogDatabase } from '../src/db/catalog-schema.js';
import { startLocalPostgres } from '../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../src/db/local-postgres/local-postgres-server.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createKysely, createPool } from '../src/db/pools.js';
import { ensureRegions, registerShard } from '../src/platform/bootstrap.js';
import { checkAll } from '../src/modules/moves/franchise-check.js';
import { FranchiseMover } from '../src/modules/moves/mover.js';
import type { MoveResult } from '../src/modules/moves/move-types.js';
import { planRebalance } from '../src/modules/moves/rebalance-planner.js';
import { runPlan } from '../src/modules/moves/rebalance-runner.js';
import { makeShop } from '../test/support/factories.js';
import { DURABLE_SETTINGS } from './environment.js';
import type { Shop } from '../test/support/factories.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FRANCHISES = arg('franchises', 10);
const CONCURRENCY = arg('max-concurrent', 2);
const WORKERS = arg('workers', 8);
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;
const ZONES: Record<string, string> = { 'us-east-1': 'America/New_York', 'us-west-2': 'America/Los_Angeles', 'eu-west-1': 'Europe/Dublin', 'ap-southeast-1': 'Asia/Singapore' };
const logger = pino({ level: 'warn' });
const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
};

async function server(databases: readonly string[]): Promise<LocalPostgresServer> {
  // Durable settings, as in production and the bench: the pause depends on WAL flushes.
  const s = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'bb-drill-')), port: 0, persistent: false, settings: DURABLE_SETTINGS });
  const admin = new pg.Client({ connectionString: s.connectionString('postgres') });
  await admin.connect();
  for (const db of databases) await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  return s;
}

interface Booking {
  readonly franchiseId: string;
  readonly id: string;
  token: string;
  status: 'booked' | 'cancelled';
  start: string;
}

async function main(): Promise<void> {
  const started = Date.now();
  const servers = await Promise.all([server(['catalog', 'shard']), server(['shard']), server(['shard']), server(['shard'])]);
  const [single, ...regional] = servers as [LocalPostgresServer, ...LocalPostgresServer[]];
  const catalogUrl = single.connectionString('catalog');
  const catalog = createKysely<CatalogDatabase>(createPool({ connectionString: catalogUrl, max: 4, statementTimeoutMs: 0, applicationName: 'drill' }, logger));
  await migrateToLatest(catalog as Kysely<unknown>, 'catalog');
  await ensureRegions(catalog, REGIONS);
  await registerShard(catalog, { id: 'single', region: 'us-east-1', primaryUrl: single.connectionString('shard'), acceptsAnyRegion: true }, logger);
  const config = loadConfig({ DEMO_DATA: 'false', LOG_LEVEL: 'silent', CATALOG_DATABASE_URL: catalogUrl });
  const generous = { points: 1e9, windowSeconds: 60 };
  const platform = buildPlatform(config, logger, { catalogUrl, rateLimits: { signupPerIp: generous, bookingPerIp: generous, bookingPerEmail: generous, apiPerIp: generous, loginPerIp: generous } });
  await platform.start();
  const app = await buildApp({ config, metrics: platform.core.metrics, sessions: platform.core.sessions, readiness: platform.readiness, apiRoutes: platform.apiRoutes });
  await app.ready();
  const tp = { platform };

  console.log(`drill: ${FRANCHISES} franchises on one shard, then rebalance into 4 regions (max ${CONCURRENCY} concurrent moves per source)`);
  const shops: Shop[] = [];
  for (let i = 0; i < FRANCHISES; i++) {
    const region = REGIONS[i % REGIONS.length] as string;
    shops.push(await makeShop(tp, { shardId: 'single', region, timezone: ZONES[region] as string, barbers: 3 }));
  }

  // Load: book (70%), reschedule (15%), cancel (15%) across every franchise.
  const bookings: Booking[] = [];
  const errors: string[] = [];
  const latencies: number[] = [];
  let slot = 0;
  let running = true;
  const nextStart = (shop: Shop): { start: string; barberId: string } => {
    const n = slot++;
    const day = 3 + Math.floor(n / 48);
    let date = DateTime.now().setZone(shop.timezone).startOf('day').plus({ days: day });
    if (date.weekday === 7) date = date.plus({ days: 1 });
    const within = n % 48;
    return { start: date.set({ hour: 9 + Math.floor(within / 6), minute: (within % 6) * 10 < 30 ? 0 : 30 }).plus({ minutes: 0 }).toISO({ suppressMilliseconds: true }) as string, barberId: shop.barberIds[within % 3] as string };
  };
  const call = async (method: 'POST', url: string, payload: object): Promise<{ status: number; body: string; json: () => Record<string, unknown> }> => {
    const t = Date.now();
    const res = await app.inject({ method, url, payload });
    latencies.push(Date.now() - t);
    if (res.statusCode >= 500 || res.statusCode === 0) errors.push(`${res.statusCode} ${url} ${res.body.slice(0, 160)}`);
    return { status: res.statusCode, body: res.body, json: () => res.json() };
  };
  let seq = 0;
  const worker = async (): Promise<void> => {
    while (running) {
      const roll = Math.random();
      const mine = bookings.filter((b) => b.status === 'booked');
      if (roll < 0.7 || mine.length < 5) {
        const shop = shops[Math.floor(Math.random() * shops.length)] as Shop;
        const s = nextStart(shop);
        const res = await call('POST', `/api/v1/locations/${shop.slug}/bookings`, { serviceId: shop.serviceIds[0], start: s.start, barberId: s.barberId, client: { name: 'Drill', email: `drill-${seq++}@example.test` } });
        if (res.status === 201) bookings.push({ franchiseId: shop.franchiseId, id: res.json().id as string, token: res.json().manageToken as string, status: 'booked', start: s.start });
      } else {
        const booking = mine[Math.floor(Math.random() * mine.length)] as Booking;
        if (roll < 0.85) {
          const res = await call('POST', `/api/v1/bookings/${booking.token}/cancel`, {});
          if (res.status === 200) booking.status = 'cancelled';
        } else {
          const shop = shops.find((s) => s.franchiseId === booking.franchiseId) as Shop;
          const s = nextStart(shop);
          const res = await call('POST', `/api/v1/bookings/${booking.token}/reschedule`, { start: s.start });
          if (res.status === 200) booking.start = s.start;
        }
      }
    }
  };
  const loops = Array.from({ length: WORKERS }, worker);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const baselineP99 = pct(latencies, 99);

  // Add three regional shards, then rebalance by region under load.
  for (const [i, region] of REGIONS.slice(1).entries()) {
    await registerShard(catalog, { id: `shard-${region}`, region, primaryUrl: (regional[i] as LocalPostgresServer).connectionString('shard') }, logger);
  }
  const mover = new FranchiseMover({ core: platform.core, catalogUrl });
  const plan = await planRebalance(catalog);
  const movesStarted = Date.now();
  const during = latencies.length;
  const results = await runPlan(mover, plan, { maxConcurrentPerSource: CONCURRENCY, moveOptions: { sourceCleanupGraceMs: 500 } });
  const movesMs = Date.now() - movesStarted;
  const duringP99 = pct(latencies.slice(during), 99);
  await new Promise((resolve) => setTimeout(resolve, 500));
  running = false;
  await Promise.all(loops);

  // Every acknowledged write exactly once on the final shard, in its last acknowledged state.
  const finalShard = new Map((await catalog.selectFrom('franchises').select(['id', 'shard_id']).execute()).map((f) => [f.id, f.shard_id]));
  let missing = 0;
  let wrongState = 0;
  for (const shop of shops) {
    const link = await mover.links.get(finalShard.get(shop.franchiseId) as string);
    const rows = await link.query<{ id: string; status: string; n: string }>('SELECT id, status, count(*) OVER (PARTITION BY id) AS n FROM appointments WHERE franchise_id = $1', [shop.franchiseId]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const b of bookings.filter((x) => x.franchiseId === shop.franchiseId)) {
      const row = byId.get(b.id);
      if (!row || row.n !== '1') missing++;
      else if (row.status !== b.status) wrongState++;
    }
  }
  const checks = await checkAll(mover);
  const verifyFailures = checks.filter((c) => !c.ok);

  // Throughput: a plain COPY of the same rows between the same servers.
  const moved = results.filter((r) => r.status === 'completed');
  const rows = moved.reduce((s, r) => s + r.rowsCopied, 0);
  const copySeconds = moved.reduce((s, r) => s + r.durationMs, 0) / 1000;
  const copyRef = await plainCopy(single.connectionString('shard'), (regional[0] as LocalPostgresServer).connectionString('shard'));
  const pauses = moved.map((r) => r.pauseMs ?? 0);

  console.log(`moves: ${moved.length}/${plan.length} completed, ${results.length - moved.length} not; rebalance took ${(movesMs / 1000).toFixed(1)} s`);
  console.log(`write pause per move (ms): p50 ${pct(pauses, 50)}  p99 ${pct(pauses, 99)}  max ${Math.max(0, ...pauses)}`);
  console.log(`where the pause goes (ms per step, p50 / p99): ${pauseBreakdown(moved)}`);
  console.log(`load: ${latencies.length} requests, ${bookings.length} bookings acknowledged, client-visible errors: ${errors.length}; p99 ${baselineP99} ms before moves, ${duringP99} ms during`);
  console.log(`acknowledged writes missing or duplicated: ${missing}, in the wrong state: ${wrongState}; verify --all: ${verifyFailures.length} failure(s)`);
  console.log(`move throughput: ${(rows / Math.max(copySeconds, 0.001)).toFixed(0)} rows/s per move (end-to-end, ${rows} rows) vs plain bulk copy (SELECT → batched INSERT, same servers) ${copyRef.rowsPerSecond.toFixed(0)} rows/s (${copyRef.rows} rows): ratio ${(rows / Math.max(copySeconds, 0.001) / copyRef.rowsPerSecond).toFixed(3)}`);
  console.log(`total drill time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const e of errors.slice(0, 5)) console.log(`  error: ${e}`);
  for (const r of results.filter((x) => x.status !== 'completed').slice(0, 5)) console.log(`  move ${r.franchiseId}: ${r.status} ${r.error ?? ''}`);
  for (const c of verifyFailures.slice(0, 5)) console.log(`  verify ${c.franchiseId}: ${c.problems.join('; ')}`);

  await mover.close();
  await app.close();
  await platform.close();
  await catalog.destroy();
  await Promise.all(servers.map((s) => s.stop()));
  const ok = errors.length === 0 && missing === 0 && wrongState === 0 && verifyFailures.length === 0 && moved.length === plan.length;
  console.log(ok ? 'DRILL PASSED' : 'DRILL FAILED');
  process.exit(ok ? 0 : 1);
}

/** Per step of the pause, the time it took (difference to the step before), as p50 / p99 over the moves. */
function pauseBreakdown(results: readonly MoveResult[]): string {
  const spans = new Map<string, number[]>();
  for (const r of results) {
    let previous = 0;
    for (const [step, at] of Object.entries(r.pauseSteps ?? {})) {
      spans.set(step, [...(spans.get(step) ?? []), at - previous]);
      previous = at;
    }
  }
  return [...spans].map(([step, values]) => `${step} ${pct(values, 50)}/${pct(values, 99)}`).join(', ');
}

/** COPY (SELECT the appointments of the single shard) TO STDOUT → COPY FROM STDIN on another server, into a scratch table. */
async function plainCopy(fromUrl: string, toUrl: string): Promise<{ rows: number; rowsPerSecond: number }> {
  const from = new pg.Client({ connectionString: fromUrl });
  const to = new pg.Client({ connectionString: toUrl });
  await from.connect();
  await to.connect();
  try {
    await to.query('CREATE TEMP TABLE copy_ref (LIKE appointments)');
    const t = Date.now();
    const { rows } = await from.query<{ line: string }>("SELECT x::text AS line FROM appointments x");
    // Text rows via a batch INSERT … SELECT from a VALUES of record text: the same rows over the same link.
    const chunk = 1000;
    for (let i = 0; i < rows.length; i += chunk) {
      await to.query('INSERT INTO copy_ref SELECT (r::appointments).* FROM unnest($1::text[]) AS r', [rows.slice(i, i + chunk).map((r) => r.line)]);
    }
    const seconds = Math.max((Date.now() - t) / 1000, 0.001);
    return { rows: rows.length, rowsPerSecond: rows.length / seconds };
  } finally {
    await from.end();
    await to.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
