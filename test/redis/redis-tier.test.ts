import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShop, makeUser } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { startRedisServer } from '../support/redis-server.js';
import type { RedisTestServer } from '../support/redis-server.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/** Two (or three) API nodes on the same databases and one real redis-server (issue 5). */
describe('the Redis tier across API nodes', () => {
  let redis: RedisTestServer;
  let nodeA: TestPlatform;
  let nodeB: TestPlatform;
  let shop: Shop;
  const date = DateTime.now().setZone('America/New_York').plus({ days: 7 }).toISODate() as string;

  const sameData = (tp: TestPlatform) => ({ catalogUrl: tp.catalogUrl, shardUrl: tp.shardUrl, env: { REDIS_URL: redis.url } });
  const availability = (tp: TestPlatform) =>
    tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${date}` });
  const starts = (body: string): string[] => (JSON.parse(body) as { slots: { start: string }[] }).slots.map((slot) => slot.start);
  const counter = async (tp: TestPlatform, tier: string, result: string): Promise<number> => {
    const text = (await tp.app.inject({ method: 'GET', url: '/metrics' })).body;
    const match = new RegExp(`cache_requests_total\\{tier="${tier}",result="${result}"\\} (\\d+)`).exec(text);
    return match ? Number(match[1]) : 0;
  };
  let bookingCount = 0;
  const book = (tp: TestPlatform, start: string) =>
    tp.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${shop.slug}/bookings`,
      payload: { serviceId: shop.serviceIds[0], barberId: shop.barberIds[0], start, client: { name: 'Client', email: `client-${bookingCount++}@example.test` } },
    });

  beforeAll(async () => {
    redis = await startRedisServer();
    nodeA = await createTestPlatform({ env: { REDIS_URL: redis.url } });
    nodeB = await createTestPlatform(sameData(nodeA));
    shop = await makeShop(nodeA, { barbers: 1, hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) });
  });

  afterAll(async () => {
    await nodeA.close();
    await nodeB.close();
    await redis.close();
  });

  it('hides a slot booked on one node from the other node before the 201 is read', async () => {
    const listed = starts((await availability(nodeB)).body);
    await availability(nodeB);
    expect(await counter(nodeB, 'availability', 'hit')).toBeGreaterThan(0);
    const target = listed[3] as string;

    const created = await book(nodeA, target);
    expect(created.statusCode, created.body).toBe(201);

    expect(starts((await availability(nodeB)).body)).not.toContain(target);
  });

  it('keeps public booking working while Redis is killed mid-load, then resumes cache hits when it returns', async () => {
    const free = starts((await availability(nodeA)).body).filter((_, i) => i % 2 === 0).slice(0, 12);
    const statuses: number[] = [];
    for (const [index, start] of free.entries()) {
      if (index === 4) await redis.kill();
      const [created, listed] = await Promise.all([book(index % 2 ? nodeA : nodeB, start), availability(index % 2 ? nodeB : nodeA)]);
      statuses.push(created.statusCode, listed.statusCode);
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(free.length);
    expect((await counter(nodeA, 'availability', 'error')) + (await counter(nodeB, 'availability', 'error'))).toBeGreaterThan(0);

    await redis.start();
    const hitsBefore = await counter(nodeA, 'availability', 'hit');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await counter(nodeA, 'availability', 'hit')) === hitsBefore) {
      await availability(nodeA);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await counter(nodeA, 'availability', 'hit')).toBeGreaterThan(hitsBefore);
  });

  it('keeps a session across an API restart and signs out everywhere on every node', async () => {
    const user = await makeUser(nodeA, { franchiseId: shop.franchiseId, role: 'owner' });
    expect((await nodeB.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(200);

    const restarted = await createTestPlatform(sameData(nodeA));
    try {
      expect((await restarted.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(200);
      const second = await nodeB.platform.core.sessions.create(user.userId);
      const out = await restarted.app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: { cookie: user.cookie } });
      expect(out.statusCode, out.body).toBeLessThan(300);
      for (const [node, cookie] of [[nodeA, user.cookie], [nodeB, `bb_session=${second.id}`], [restarted, user.cookie]] as const) {
        expect((await node.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
      }
    } finally {
      await restarted.close();
    }
  });
});

describe('rate limits over HTTP (shared in Redis)', () => {
  let redis: RedisTestServer;
  let node: TestPlatform;
  let other: TestPlatform;
  let shop: Shop;

  beforeAll(async () => {
    redis = await startRedisServer();
    node = await createTestPlatform({ env: { REDIS_URL: redis.url }, rateLimits: { bookingPerEmail: { points: 2, windowSeconds: 2 } } });
    other = await createTestPlatform({ catalogUrl: node.catalogUrl, shardUrl: node.shardUrl, env: { REDIS_URL: redis.url }, rateLimits: { bookingPerEmail: { points: 2, windowSeconds: 2 } } });
    shop = await makeShop(node, { barbers: 3 });
  });
  afterAll(async () => {
    await node.close();
    await other.close();
    await redis.close();
  });

  it('answers 429 with Retry-After and RateLimit headers across nodes, and lets the client in again after the window', async () => {
    const day = DateTime.now().setZone('America/New_York').plus({ days: 9 }).set({ weekday: 3 }).plus({ weeks: 1 });
    const attempt = (tp: TestPlatform, hour: number) =>
      tp.app.inject({
        method: 'POST',
        url: `/api/v1/locations/${shop.slug}/bookings`,
        payload: { serviceId: shop.serviceIds[0], start: day.set({ hour, minute: 0, second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true }), client: { name: 'Eager', email: 'eager@example.test' } },
      });
    expect((await attempt(node, 9)).statusCode).toBe(201);
    expect((await attempt(other, 10)).statusCode).toBe(201);
    const refused = await attempt(node, 11);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const api = await node.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}` });
    expect(api.headers['ratelimit-limit']).toBeDefined();
    expect(api.headers['ratelimit-remaining']).toBeDefined();

    await new Promise((resolve) => setTimeout(resolve, (Number(refused.headers['retry-after']) + 0.2) * 1000));
    expect((await attempt(other, 11)).statusCode).toBe(201);
  });
});
