import path from 'node:path';
import { DateTime } from 'luxon';
import type { CacheCounts, TierCounts } from '../src/cache/cache-stats.js';
import { makeShop } from '../test/support/factories.js';
import type { Shop } from '../test/support/factories.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { BIN, ROOT, startBenchDatabase, startChild, uncachedCookie } from './environment.js';
import type { ChildServer } from './environment.js';
import { countedBy, nextVisitorIp, runVisitors } from './cache-load.js';
import type { VisitorRequest } from './cache-load.js';
import type { LoadResult } from './load.js';
import { runLoad } from './load.js';
import type { Row } from './table-row.js';

/**
 * The visitor mixes: how often a visitor books, and over how many shops the same
 * traffic spreads. Availability keys carry the clock minute, so a key is reused
 * only by visitors of the same shop within one minute: the long tail (many
 * shops, each seeing few visitors a minute) shows what that costs.
 */
const MIXES = [
  { shops: 20, conversion: 0.05 },
  { shops: 20, conversion: 0.01 },
  { shops: 400, conversion: 0.01 },
] as const;
const WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/**
 * Issue 5's benchmark, in one run against one real redis-server and one API
 * node with REDIS_URL (TRUST_PROXY on, each request from its own visitor address):
 * - availability (the run.ts shape: 10 barbers × 7 days) with the cache bypassed
 *   vs cached, and cached vs the bare Fastify route;
 * - the cache hit rate of a booking-page visitor mix, read from the server's /metrics.
 * "Uncached" is the API's own bypass, the read-your-writes cookie `bb_rw` a
 * browser carries after a write: same route, same query, no cache lookup or
 * store (the bench has no replica, so both read the primary).
 */
export async function cachePhase(seconds: number, connections: number, log: (line: string) => void): Promise<Row[]> {
  log(`cache: redis-server, PostgreSQL, a 10-barber location and ${Math.max(...MIXES.map((m) => m.shops))} booking-page shops…`);
  const redis = await startRedisServer();
  const db = await startBenchDatabase();
  const children: ChildServer[] = [];
  try {
    const big = await makeShop(db, {
      barbers: 10,
      hours: WEEK,
      policy: { minNoticeMinutes: 0, horizonDays: 730, slotStepMinutes: 15 },
      services: [{ name: 'Haircut', durationMinutes: 30, priceCents: 3500, bufferMinutes: 5 }],
    });
    const shops: Shop[] = [];
    for (let i = 0; i < Math.max(...MIXES.map((m) => m.shops)); i++) {
      shops.push(
        await makeShop(db, {
          barbers: 4,
          hours: WEEK,
          policy: { minNoticeMinutes: 60, horizonDays: 60, slotStepMinutes: 15 },
          services: [
            { name: 'Haircut', durationMinutes: 30, priceCents: 3500 },
            { name: 'Line-up', durationMinutes: 15, priceCents: 2000 },
          ],
        }),
      );
    }
    const server = await startChild([BIN, 'serve'], { CATALOG_DATABASE_URL: db.catalogUrl, REDIS_URL: redis.url, DEMO_DATA: 'false', SHARD_POOL_MAX: '20', TRUST_PROXY: 'true' });
    children.push(server);
    const hello = await startChild(['--import', 'tsx', path.join(ROOT, 'bench/hello-server.ts')], {});
    children.push(hello);

    log(`cache: bare Fastify route, ${seconds} s × ${connections} connections…`);
    const reference = await runLoad({ url: `${hello.base}/hello`, connections, durationSeconds: seconds });

    const firstDay = DateTime.now().setZone(big.timezone).plus({ days: 2 }).startOf('day');
    let n = 0;
    const availabilityPath = (): string => `/api/v1/locations/${big.slug}/availability?serviceId=${big.serviceIds[0]}&date=${firstDay.plus({ days: n++ % 7 }).toISODate()}&days=7`;
    const bypassCookie = await uncachedCookie(db.platform.core.catalog);
    const availability = (bypass: boolean) => (): VisitorRequest => ({ path: availabilityPath(), headers: { 'x-forwarded-for': nextVisitorIp(), ...(bypass && { cookie: bypassCookie }) } });
    // The same machinery with a small answer: what the cache path costs apart from serializing a big body.
    const smallPath = `/api/v1/locations/${big.slug}/availability?serviceId=${big.serviceIds[0]}&date=${firstDay.toISODate()}&days=1&barberId=${big.barberIds[0]}`;
    const small = (): VisitorRequest => ({ path: smallPath, headers: { 'x-forwarded-for': nextVisitorIp() } });
    const bytes = async (p: string): Promise<number> => (await (await fetch(server.base + p, { headers: { 'x-forwarded-for': nextVisitorIp() } })).arrayBuffer()).byteLength;
    const [bigBytes, smallBytes] = [await bytes(availabilityPath()), await bytes(smallPath)];
    log(`cache: answers are ${(bigBytes / 1024).toFixed(0)} KiB (10 barbers × 7 days) and ${(smallBytes / 1024).toFixed(1)} KiB (1 barber × 1 day)`);
    log(`cache: availability with the cache bypassed (bb_rw cookie), ${seconds} s…`);
    await runVisitors(server.base, connections, 2, availability(true));
    const uncached = await countedBy(server.base, () => runVisitors(server.base, connections, seconds, availability(true)));
    log(`cache: the same requests cached (7 keys), ${seconds} s…`);
    await runVisitors(server.base, connections, 2, availability(false));
    const cached = await countedBy(server.base, () => runVisitors(server.base, connections, seconds, availability(false)));
    log(`  lookups: uncached ${describeCounts(uncached.counts)}; cached ${describeCounts(cached.counts)}`);
    log(`cache: small answer cached, ${seconds} s…`);
    await runVisitors(server.base, connections, 1, small);
    const smallCached = await runVisitors(server.base, connections, seconds, small);

    const rows: Row[] = [
      row('availability 10 barbers × 7 days, cached (Redis)', cached.result, `cache bypassed (bb_rw cookie): ${uncached.result.rps.toFixed(0)} /s`, uncached.result.rps),
      row('availability cached vs bare Fastify route', cached.result, `bare Fastify route: ${reference.rps.toFixed(0)} /s`, reference.rps),
      row('availability 10 barbers × 7 days, cache bypassed', uncached.result, `bare Fastify route: ${reference.rps.toFixed(0)} /s`, reference.rps),
      row(`availability 1 barber × 1 day (${(smallBytes / 1024).toFixed(1)} KiB), cached, vs bare route`, smallCached, `bare Fastify route: ${reference.rps.toFixed(0)} /s`, reference.rps),
    ];
    // One booking cursor per shop across both mixes: the second mix books fresh slots, not the first one's (409s would invalidate nothing).
    const cursors = new Map<string, number>();
    for (const mix of MIXES) rows.push(await mixRow(server, shops.slice(0, mix.shops), mix.conversion, cursors, seconds, connections, log, bypassCookie));
    rows.push(row('bare Fastify route (reference)', reference, 'itself', reference.rps));
    return rows;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await db.close();
    await redis.close();
  }
}

/** The mix for `seconds` after a 3 s warm-up; the hit rate is what /metrics counted over the measured part. */
async function mixRow(server: ChildServer, shops: readonly Shop[], conversion: number, cursors: Map<string, number>, seconds: number, connections: number, log: (line: string) => void, uncached: string): Promise<Row> {
  const label = `booking-page mix, ${shops.length} shops, ${Math.round(conversion * 100)} % of visitors book`;
  const mix = visitorMix(shops, conversion, cursors, uncached);
  log(`cache: ${label}, warm-up 3 s then ${seconds} s…`);
  await runVisitors(server.base, connections, 3, mix.next);
  const before = { ...mix.tally };
  const { result, counts } = await countedBy(server.base, () => runVisitors(server.base, connections, seconds, mix.next));
  const page = rate(counts.location_page);
  const availability = rate(counts.availability);
  const both = rate(sum(counts));
  const visitors = mix.tally.visitors - before.visitors;
  const bookings = mix.tally.bookings - before.bookings;
  const perShopMinute = visitors / shops.length / (seconds / 60);
  log(`  ${visitors} visitors, ${bookings} booking attempts, statuses ${JSON.stringify(result.statuses)}; lookups ${describeCounts(counts)}`);
  return {
    measure: `cache hit rate, ${label}`,
    value: `${pct(both)} (location page ${pct(page)}, availability ${pct(availability)}; ${perShopMinute.toFixed(0)} visitors per shop per minute, ${bookings} bookings, ${result.rps.toFixed(0)} req/s, ${result.non2xx} non-2xx)`,
    reference: 'goal ≥ 97 %',
    ratio: both,
    p50: result.p50,
    p95: result.p95,
    p99: result.p99,
  };
}

/**
 * Visitors as the booking page (web/) makes them: open the location page;
 * pick a service (Haircut 70 %) and "anyone" (60 %) or a barber; load 14 days
 * of availability from today; 30 % page to the next 14 days; 20 % try another
 * barber; `conversion` of them book (a Line-up on the next free grid slot, so
 * bookings rarely collide) and the page reloads availability with the
 * read-your-writes cookie a write sets (not a cache lookup). Every booking
 * retires all cached availability of its location.
 */
function visitorMix(shops: readonly Shop[], conversion: number, cursors: Map<string, number>, uncached: string): { next: () => VisitorRequest; tally: { visitors: number; bookings: number } } {
  const queue: VisitorRequest[] = [];
  const tally = { visitors: 0, bookings: 0 };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
  const visitor = (): void => {
    const shop = pick(shops);
    const headers = { 'x-forwarded-for': nextVisitorIp() };
    const today = DateTime.now().setZone(shop.timezone).startOf('day');
    const base = `/api/v1/locations/${shop.slug}`;
    const serviceId = Math.random() < 0.7 ? (shop.serviceIds[0] as string) : (shop.serviceIds[1] as string);
    const barber = (): string | undefined => (Math.random() < 0.6 ? undefined : pick(shop.barberIds));
    const window = (barberId: string | undefined, index: number): string =>
      `${base}/availability?serviceId=${serviceId}&date=${today.plus({ days: 14 * index }).toISODate()}&days=14${barberId ? `&barberId=${barberId}` : ''}`;
    const chosen = barber();
    queue.push({ path: base, headers }, { path: window(chosen, 0), headers });
    if (Math.random() < 0.3) queue.push({ path: window(chosen, 1), headers });
    if (Math.random() < 0.2) queue.push({ path: window(barber(), 0), headers });
    if (Math.random() < conversion) {
      const k = cursors.get(shop.slug) ?? 0;
      cursors.set(shop.slug, k + 1);
      const start = today.plus({ days: 1 + Math.floor(k / 128) }).set({ hour: 9 }).plus({ minutes: (Math.floor(k / 4) % 32) * 15 });
      const body = JSON.stringify({ serviceId: shop.serviceIds[1], barberId: shop.barberIds[k % 4], start: start.toISO({ suppressMilliseconds: true }), client: { name: 'Visitor', email: `visitor-${tally.visitors}@example.test` } });
      queue.push({ path: `${base}/bookings`, method: 'POST', body, headers }, { path: window(undefined, 0), headers: { ...headers, cookie: uncached } });
      tally.bookings++;
    }
    tally.visitors++;
  };
  return {
    tally,
    next: () => {
      if (queue.length === 0) visitor();
      return queue.shift() as VisitorRequest;
    },
  };
}

function row(measure: string, result: LoadResult, reference: string, referenceRps: number): Row {
  return {
    measure,
    value: `${result.rps.toFixed(0)} req/s (${result.requests} requests, ${result.non2xx} non-2xx, ${result.errors} errors)`,
    reference,
    ratio: result.rps / referenceRps,
    p50: result.p50,
    p95: result.p95,
    p99: result.p99,
  };
}

const zero: TierCounts = { hit: 0, miss: 0, error: 0 };
const sum = (counts: CacheCounts): TierCounts => {
  const tiers = [counts.location_page ?? zero, counts.availability ?? zero];
  return tiers.reduce((a, b) => ({ hit: a.hit + b.hit, miss: a.miss + b.miss, error: a.error + b.error }));
};
const rate = (c: TierCounts | undefined): number => (c && c.hit + c.miss + c.error > 0 ? c.hit / (c.hit + c.miss + c.error) : 0);
const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;
const describeCounts = (counts: CacheCounts): string =>
  Object.entries(counts)
    .map(([tier, c]) => `${tier} ${c.hit} hit / ${c.miss} miss / ${c.error} error`)
    .join(', ') || 'none';
