import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { fixedClock } from '../../shared/clock.js';
import { bookingBody, expectProblem } from '../../../test/support/bookings.js';

// Limits small enough to reach; per-address and per-email stay generous, so only the new ones can refuse.
const clock = fixedClock('2027-03-10T12:00:00Z');
let tp: TestPlatform;
beforeAll(async () => {
  tp = await createTestPlatform({
    clock,
    env: { TRUST_PROXY: 'true' },
    rateLimits: { bookingPerDevice: { points: 3, windowSeconds: 3600 }, bookingPerLocation: { points: 5, windowSeconds: 600 } },
  });
});
afterAll(async () => tp.close());

let hour = 0;
/** Every booking a new email and a new free start, so only the address and the location repeat. */
const bookFrom = (shop: Shop, address: string) => {
  const n = hour++;
  const start = `2027-03-${String(11 + Math.floor(n / 8)).padStart(2, '0')}T${String(9 + (n % 8)).padStart(2, '0')}:00:00-05:00`;
  return tp.app.inject({
    method: 'POST',
    url: `/api/v1/locations/${shop.slug}/bookings`,
    headers: { 'x-forwarded-for': address },
    payload: bookingBody(shop, { start, email: `limit-${n}-${Date.now()}@example.test` }),
  });
};

describe('booking limits an attacker cannot step around by varying the email', () => {
  test('one device (address) at one location: a new email each time still hits the limit', async () => {
    const [shop, other] = [await makeShop(tp), await makeShop(tp)];
    for (let i = 0; i < 3; i++) expect((await bookFrom(shop, '203.0.113.1')).statusCode).toBe(201);
    const refused = await bookFrom(shop, '203.0.113.1');
    expectProblem(refused, 429, 'RateLimited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client at the same shop, and the same client at another shop, are not held back.
    expect((await bookFrom(shop, '203.0.113.2')).statusCode).toBe(201);
    expect((await bookFrom(other, '203.0.113.1')).statusCode).toBe(201);
  });

  test('one location: new emails from new addresses still hit its ceiling; other shops go on', async () => {
    const [shop, other] = [await makeShop(tp), await makeShop(tp)];
    for (let i = 0; i < 5; i++) expect((await bookFrom(shop, `198.51.100.${i + 1}`)).statusCode).toBe(201);
    expectProblem(await bookFrom(shop, '198.51.100.77'), 429, 'RateLimited');
    expect((await bookFrom(other, '198.51.100.77')).statusCode).toBe(201);
  });
});
