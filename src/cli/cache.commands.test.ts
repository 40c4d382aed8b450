import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmCache } from '../cache/cache-warm.js';
import { cacheCommand, publicReadsOf } from './cache.commands.js';
import type { CliIo } from './fleet.commands.js';
import { fixedClock } from '../shared/clock.js';
import { makeShop } from '../../test/support/factories.js';
import type { Shop } from '../../test/support/factories.js';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { RedisTestServer } from '../../test/support/redis-server.js';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';

/** `bookedbarber cache warm|verify|stats` against real PostgreSQL and a real redis-server (issue 5). */
describe('cache operator commands', () => {
  let redis: RedisTestServer;
  let raw: Redis;
  // Both processes share one pinned minute: availability keys carry the clock minute.
  const clock = fixedClock(new Date());
  let cli: TestPlatform;
  let node: TestPlatform;
  let east: Shop;
  let europe: Shop;

  const run = async (args: string[], flags: CliIo['flags'] = {}, json = false): Promise<{ code: number; lines: string[] }> => {
    const lines: string[] = [];
    const code = await cacheCommand(cli.platform, args, { out: (line) => lines.push(line), json, flags });
    return { code, lines };
  };
  const counter = async (tier: string, result: string): Promise<number> => {
    const text = (await node.app.inject({ method: 'GET', url: '/metrics' })).body;
    // A prefix match, not a RegExp built from the arguments (the security lint refuses those).
    const prefix = `cache_requests_total{tier="${tier}",result="${result}"} `;
    const line = text.split('\n').find((candidate) => candidate.startsWith(prefix));
    return line ? Number(line.slice(prefix.length)) : 0;
  };
  const today = (shop: Shop): string => DateTime.fromJSDate(clock.now()).setZone(shop.timezone).toISODate() as string;
  const availabilityUrl = (shop: Shop): string => `/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${today(shop)}&days=14`;

  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
    cli = await createTestPlatform({ env: { REDIS_URL: redis.url }, clock });
    node = await createTestPlatform({ catalogUrl: cli.catalogUrl, shardUrl: cli.shardUrl, env: { REDIS_URL: redis.url }, clock });
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    east = await makeShop(cli, { region: 'us-east-1', barbers: 2, hours, services: [{ name: 'Cut', durationMinutes: 30, priceCents: 3000 }, { name: 'Shave', durationMinutes: 15, priceCents: 1500 }] });
    europe = await makeShop(cli, { region: 'eu-west-1', timezone: 'Europe/Paris', currency: 'EUR', barbers: 1, hours });
  });

  afterAll(async () => {
    raw.disconnect();
    await node.close();
    await cli.close();
    await redis.close();
  });

  it('warm fills the chosen region through the API services, so the API node then hits', async () => {
    const { code, lines } = await run(['warm'], { region: 'us-east-1' });
    expect(code, lines.join('\n')).toBe(0);
    expect(lines.some((line) => /^warm: 1\/1 locations \(100\.0 %\), 3 lookups/.test(line))).toBe(true);
    expect(lines).toContain('warm: 3 entries filled, 0 already cached, 0 not stored (Redis errors), 0 locations skipped (not served), 0 failed');

    expect((await node.app.inject({ method: 'GET', url: `/api/v1/locations/${east.slug}` })).statusCode).toBe(200);
    expect((await node.app.inject({ method: 'GET', url: availabilityUrl(east) })).statusCode).toBe(200);
    expect(await counter('location_page', 'hit')).toBe(1);
    expect(await counter('availability', 'hit')).toBe(1);
    expect(await counter('location_page', 'miss')).toBe(0);
    expect(await counter('availability', 'miss')).toBe(0);
    // Outside the region: not warmed.
    await node.app.inject({ method: 'GET', url: `/api/v1/locations/${europe.slug}` });
    expect(await counter('location_page', 'miss')).toBe(1);
  });

  it('warm is idempotent: a second run finds everything cached and stores nothing', async () => {
    const first = await run(['warm'], { franchise: [east.franchiseId, europe.franchiseId].join(','), barbers: true }, true);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.lines.join('\n')) as { total: number; done: number; lookups: number; filled: number; alreadyCached: number; interrupted: boolean };
    // east: page + 2 services × (anyone + 2 barbers); europe: page + 1 service × (anyone + 1 barber).
    expect(report).toMatchObject({ total: 2, done: 2, lookups: 10, interrupted: false });
    expect(report.filled + report.alreadyCached).toBe(10);

    const again = JSON.parse((await run(['warm'], { barbers: true }, true)).lines.join('\n')) as { filled: number; alreadyCached: number };
    expect(again).toMatchObject({ filled: 0, alreadyCached: 10 });
  });

  it('warm stops taking locations once interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const targets = [{ franchiseId: east.franchiseId, region: 'us-east-1', locationId: east.locationId, slug: east.slug }];
    const report = await warmCache(publicReadsOf(cli.platform.core), targets, { days: 14, barbers: false, concurrency: 2, now: () => clock.now(), signal: controller.signal });
    expect(report).toMatchObject({ done: 0, total: 1, interrupted: true });
  });

  it('verify passes on a clean cache', async () => {
    const { code, lines } = await run(['verify'], { sample: '1000' });
    expect(code, lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/checked 10: 10 fresh, 0 STALE/);
  });

  it('verify reports an entry tampered with in Redis, and exits 1', async () => {
    const [key] = await raw.keys(`*{${europe.franchiseId}}:availability:*:any:*@*`);
    expect(key).toBeDefined();
    const envelope = JSON.parse((await raw.get(key as string)) as string) as { v: { slots: unknown[] }; e: number };
    envelope.v.slots.splice(0, 1);
    await raw.set(key as string, JSON.stringify(envelope), 'KEEPTTL');

    const { code, lines } = await run(['verify'], { sample: '1000' });
    expect(code).toBe(1);
    const output = lines.join('\n');
    expect(output).toMatch(/checked 10: 9 fresh, 1 STALE/);
    expect(output).toContain(key);
    expect(output).toMatch(/\$\.slots\[0\]\.start/);
  });

  it('verify skips entries retired by a write: unreachable is not stale', async () => {
    await node.platform.core.cache.invalidateBookings(europe.franchiseId, europe.locationId);
    const { code, lines } = await run(['verify'], { sample: '1000' }, true);
    expect(code).toBe(0);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ entries: 10, reachable: 8, fresh: 8, stale: [] });
  });

  it('verify catches a write made behind the API\'s back (no invalidation), until the franchise is invalidated', async () => {
    const { db } = await cli.platform.core.router.primaryFor(east.franchiseId);
    await db.updateTable('services').set({ price_cents: 3100 }).where('franchise_id', '=', east.franchiseId).where('id', '=', east.serviceIds[0] as string).execute();

    const stale = await run(['verify'], { sample: '1000' });
    expect(stale.code).toBe(1);
    expect(stale.lines.join('\n')).toMatch(/location_page .*\$\.services\[0\]\.priceCents: 3000 ≠ 3100/);

    await node.platform.core.cache.invalidateFranchise(east.franchiseId);
    const clean = await run(['verify'], { sample: '1000' }, true);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.lines.join('\n'))).toMatchObject({ reachable: 1, stale: [] });
  });

  it('stats sums the nodes\' hit and miss counters and shows Redis memory', async () => {
    const address = await node.app.listen({ port: 0, host: '127.0.0.1' });
    const { code, lines } = await run(['stats'], { node: [address] }, true);
    expect(code).toBe(0);
    const stats = JSON.parse(lines.join('\n')) as { tiers: { tier: string; hit: number; miss: number; hitRate: number | null }[]; redis: { fields: Record<string, string> }[] };
    expect(stats.tiers.find((t) => t.tier === 'location_page')).toMatchObject({ hit: 1, miss: 1, hitRate: 0.5 });
    expect(stats.tiers.find((t) => t.tier === 'availability')).toMatchObject({ hit: 1, miss: 0, hitRate: 1 });
    expect(stats.redis[0]?.fields.used_memory_human).toBeDefined();

    const twice = await run(['stats'], { node: [address, address, 'http://127.0.0.1:9'] });
    expect(twice.code).toBe(1);
    const text = twice.lines.join('\n');
    expect(text).toMatch(/2\/3 nodes answered/);
    expect(text).toMatch(/location_page\s+2\s+2\s+0\s+50\.0 %/);
    expect(text).toMatch(/http:\/\/127\.0\.0\.1:9: NOT SCRAPED/);
    expect(text).toMatch(/redis node/);
  });

  it('warm and verify refuse to run without REDIS_URL (the cache lives inside each API process)', async () => {
    const local = await createTestPlatform({ catalogUrl: cli.catalogUrl, shardUrl: cli.shardUrl });
    try {
      const lines: string[] = [];
      expect(await cacheCommand(local.platform, ['warm'], { out: (line) => lines.push(line), json: false, flags: {} })).toBe(1);
      expect(lines.join('\n')).toMatch(/REDIS_URL is not set/);
    } finally {
      await local.close();
    }
  });
});
