/**
 * npm run bench [-- --seconds 10 --connections 16 --only startup,availability,booking,tracing --move-rows 200000 --tracing-ratio 0.1
 *                  --notify-messages 500 --notify-reminders 1000]
 *
 * Every figure is a ratio against a reference measured in the same run on the
 * same machine (DESIGN.md section 10). Prints one table and writes it as JSON
 * to bench/results/. Each phase prints progress; Ctrl-C stops every child.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { newId } from '../src/db/ids.js';
import { makeShop } from '../test/support/factories.js';
import { BIN, ROOT, removeDir, startBenchDatabase, startChild, uncachedCookie } from './environment.js';
import type { ChildServer } from './environment.js';
import { measureInsertRate } from './insert-reference.js';
import { runLoad } from './load.js';
import { measureRoutingCost } from './routing.js';
import { shardComparison } from './shard-comparison.js';
import { cachePhase } from './cache.js';
import { movePhase } from './moves.js';
import { startOtlpSink } from './otlp-sink.js';
import { tracingPhase } from './tracing.js';
import { notificationsPhase } from './notifications.js';
import type { LoadResult } from './load.js';
import type { Row } from './table-row.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    only: { type: 'string', default: 'startup,availability,booking,tracing,routing,cache,shards,moves,notifications' },
    'move-rows': { type: 'string', default: '200000' },
    // The share of traces the traced API samples in the tracing phase.
    'tracing-ratio': { type: 'string', default: '0.1' },
    // Notifications: messages for the delivery rate, reminders due within one minute (the issue states 10,000).
    'notify-messages': { type: 'string', default: '500' },
    'notify-reminders': { type: 'string', default: '1000' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const phases = new Set(String(values.only).split(','));
const children: ChildServer[] = [];
// Every request of a load test comes from 127.0.0.1: the per-IP limits would measure themselves.
export const BENCH_RATE_LIMITS = 'bookingPerIp=100000000,bookingPerDevice=100000000,bookingPerEmail=100000000,bookingPerLocation=100000000,apiPerIp=100000000';
const log = (line: string): void => void process.stdout.write(`${line}\n`);

const rows: Row[] = [];
const rowFor = (measure: string, result: LoadResult, referenceName: string, referenceRps: number): Row => ({
  measure,
  value: `${result.rps.toFixed(0)} req/s (${result.requests} requests, ${result.non2xx} non-2xx, ${result.errors} errors)`,
  reference: `${referenceName}: ${referenceRps.toFixed(0)} /s`,
  ratio: result.rps / referenceRps,
  p50: result.p50,
  p95: result.p95,
  p99: result.p99,
});

async function startupPhase(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bookedbarber-bench-start-'));
  try {
    log('startup: npm start on an empty data folder (initdb, migrations, demo data)…');
    const cold = await startChild([BIN, 'serve'], { BOOKEDBARBER_DATA_DIR: dataDir, CATALOG_DATABASE_URL: '' });
    await cold.stop();
    log(`  first healthy answer after ${cold.readyAfterMs.toFixed(0)} ms; starting again on the same folder…`);
    const warm = await startChild([BIN, 'serve'], { BOOKEDBARBER_DATA_DIR: dataDir, CATALOG_DATABASE_URL: '' });
    await warm.stop();
    log(`  first healthy answer after ${warm.readyAfterMs.toFixed(0)} ms`);
    log('startup: bare Fastify process for reference…');
    const hello = await startChild(['--import', 'tsx', path.join(ROOT, 'bench/hello-server.ts')], {});
    await hello.stop();
    rows.push({ measure: 'start → first healthy, empty data folder', value: `${cold.readyAfterMs.toFixed(0)} ms`, reference: `bare Fastify process: ${hello.readyAfterMs.toFixed(0)} ms`, ratio: cold.readyAfterMs / hello.readyAfterMs, p50: null, p95: null, p99: null });
    rows.push({ measure: 'start → first healthy, existing data', value: `${warm.readyAfterMs.toFixed(0)} ms`, reference: `bare Fastify process: ${hello.readyAfterMs.toFixed(0)} ms`, ratio: warm.readyAfterMs / hello.readyAfterMs, p50: null, p95: null, p99: null });
  } finally {
    await removeDir(dataDir);
  }
}

async function loadPhases(): Promise<void> {
  log('setup: PostgreSQL (durable settings), catalog, shard, a location with 10 barbers open 7 days…');
  const db = await startBenchDatabase();
  try {
    const shop = await makeShop(db, {
      barbers: 10,
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
      policy: { minNoticeMinutes: 0, horizonDays: 730, slotStepMinutes: 15 },
      services: [
        { name: 'Haircut', durationMinutes: 30, priceCents: 3500, bufferMinutes: 5 },
        { name: 'Line-up', durationMinutes: 15, priceCents: 2000 },
      ],
    });
    const server = await startChild([BIN, 'serve'], { CATALOG_DATABASE_URL: db.catalogUrl, DEMO_DATA: 'false', SHARD_POOL_MAX: '20', RATE_LIMITS: BENCH_RATE_LIMITS, OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    children.push(server);
    const hello = await startChild(['--import', 'tsx', path.join(ROOT, 'bench/hello-server.ts')], {});
    children.push(hello);
    const zone = shop.timezone;
    const firstDay = DateTime.now().setZone(zone).plus({ days: 2 }).startOf('day');
    let day = 0;
    const nextAvailability = (): { path: string } => {
      const date = firstDay.plus({ days: day++ % 60 }).toISODate();
      return { path: `/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${date}&days=7` };
    };
    let slot = 0;
    const nextBooking = (): { body: string; headers: Record<string, string> } => {
      // Walk the grid: every barber, every 15-minute start of every day, one booking each.
      const n = slot++;
      const barber = shop.barberIds[n % 10] as string;
      const quarter = Math.floor(n / 10) % 32;
      const dayOffset = 70 + Math.floor(n / 320);
      const start = firstDay.plus({ days: dayOffset }).set({ hour: 9 }).plus({ minutes: quarter * 15 });
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          serviceId: shop.serviceIds[1],
          barberId: barber,
          start: start.toISO({ suppressMilliseconds: true }),
          client: { name: `Bench Client ${n}`, email: `bench-${n}@example.test` },
        }),
      };
    };

    if (phases.has('availability')) {
      log(`availability: bare Fastify route, ${seconds} s × ${connections} connections…`);
      const reference = await runLoad({ url: `${hello.base}/hello`, connections, durationSeconds: seconds });
      const uncached = await uncachedCookie(db.platform.core.catalog);
      log('availability: warm-up…');
      await runLoad({ url: server.base, connections, durationSeconds: 2, headers: { cookie: uncached }, next: nextAvailability });
      // The read-your-writes cookie takes the API's own uncached path: no cache, no replica.
      log(`availability: 10 barbers × 7 days, uncached, ${seconds} s…`);
      const result = await runLoad({ url: server.base, connections, durationSeconds: seconds, headers: { cookie: uncached }, next: nextAvailability });
      rows.push(rowFor('availability, 10 barbers × 7 days (uncached)', result, 'bare Fastify route', reference.rps));
      // The latency target is about one visitor's wait, not queueing behind 15 others.
      log(`availability: the same, uncached, one connection, ${seconds} s…`);
      const single = await runLoad({ url: server.base, connections: 1, durationSeconds: seconds, headers: { cookie: uncached }, next: nextAvailability });
      const singleReference = await runLoad({ url: `${hello.base}/hello`, connections: 1, durationSeconds: seconds });
      rows.push(rowFor('availability, 10 barbers × 7 days (uncached), 1 connection', single, 'bare Fastify route, 1 connection', singleReference.rps));
      rows.push({ ...rowFor('bare Fastify route (reference)', reference, 'itself', reference.rps) });
    }

    if (phases.has('routing')) {
      log(`routing: one-row query through the router vs a fixed pool, ${seconds} s each…`);
      const cost = await measureRoutingCost(db.platform.core.router, db.shardUrl, shop.franchiseId, shop.locationId, connections, seconds);
      rows.push({
        measure: 'query through the shard router',
        value: `${cost.routedPerSecond.toFixed(0)} queries/s`,
        reference: `same query on a fixed pool: ${cost.fixedPerSecond.toFixed(0)} /s`,
        ratio: cost.routedPerSecond / cost.fixedPerSecond,
        p50: cost.routedP50Ms,
        p95: null,
        p99: null,
      });
    }

    if (phases.has('booking')) {
      log(`booking: POST /bookings, ${seconds} s × ${connections} connections…`);
      const result = await runLoad({
        url: `${server.base}/api/v1/locations/${shop.slug}/bookings`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections,
        durationSeconds: seconds,
        next: nextBooking,
      });
      const { db: shard } = await db.platform.core.router.primaryFor(shop.franchiseId);
      const clientId = newId();
      await shard.insertInto('clients').values({ franchise_id: shop.franchiseId, id: clientId, email: 'pgbench@example.test', name: 'pgbench' }).execute();
      log(`booking: PostgreSQL's own insert rate into appointments, ${seconds} s × ${connections} connections…`);
      const reference = await measureInsertRate(db.server, 'bench_shard', shop, clientId, connections, seconds);
      rows.push(rowFor('booking create (POST, specific barber)', result, `${reference.tool} INSERT into appointments`, reference.rps));
    }

    if (phases.has('tracing')) {
      // The same API and database with tracing on: 10 % of new traces sampled, exported to a loopback collector.
      const sink = await startOtlpSink();
      log(`tracing: the API again with OTEL_EXPORTER_OTLP_ENDPOINT set, sampling ${Number(values['tracing-ratio']) * 100} %…`);
      const traced = await startChild([BIN, 'serve'], {
        CATALOG_DATABASE_URL: db.catalogUrl,
        DEMO_DATA: 'false',
        SHARD_POOL_MAX: '20',
        RATE_LIMITS: BENCH_RATE_LIMITS,
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: String(values['tracing-ratio']),
      });
      children.push(traced);
      try {
        rows.push(
          ...(await tracingPhase({
            seconds,
            connections,
            off: server,
            on: traced,
            sink,
            availability: nextAvailability,
            availabilityHeaders: { cookie: 'bb_rw=1' },
            bookingPath: `/api/v1/locations/${shop.slug}/bookings`,
            booking: nextBooking,
            ratio: Number(values['tracing-ratio']),
            log,
          })),
        );
      } finally {
        await traced.stop();
        children.splice(children.indexOf(traced), 1);
        await sink.close();
      }
    }
  } finally {
    await Promise.all(children.splice(0).map((child) => child.stop()));
    await db.close();
  }
}

function markdown(): string {
  const ms = (value: number | null): string => (value === null ? '' : `${value.toFixed(1)}`);
  const lines = ['| measure | result | reference (same run) | ratio | p50 ms | p95 ms | p99 ms |', '|---|---|---|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.measure} | ${row.value} | ${row.reference} | ${row.ratio === null ? '' : row.ratio.toFixed(2)} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping servers…`);
      void Promise.all(children.map((child) => child.stop())).finally(() => process.exit(130));
    });
  }
  if (phases.has('startup')) await startupPhase();
  if (['availability', 'booking', 'tracing', 'routing'].some((phase) => phases.has(phase))) await loadPhases();
  if (phases.has('cache')) rows.push(...(await cachePhase(seconds, connections, log)));
  if (phases.has('shards')) rows.push(...(await shardComparison(seconds, connections, log)));
  if (phases.has('moves')) rows.push(...(await movePhase(Number(values['move-rows']), log)));
  if (phases.has('notifications')) {
    rows.push(
      ...(await notificationsPhase({
        seconds,
        connections,
        messages: Number(values['notify-messages']),
        reminders: Number(values['notify-reminders']),
        rateLimits: BENCH_RATE_LIMITS,
        log,
      })),
    );
  }
  const table = markdown();
  log(`\n${table}\n`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ at: new Date().toISOString(), machine, seconds, connections, rows }, null, 2));
  log(`written ${path.relative(ROOT, file)} (${machine})`);
}

await main();
