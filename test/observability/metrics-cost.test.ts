import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/** The series /metrics exposes (name and labels, values dropped), without the process's own figures. */
async function seriesKeys(tp: TestPlatform): Promise<string[]> {
  const response = await tp.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return response.body
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && !/^(process_|nodejs_)/.test(line))
    .map((line) => line.slice(0, line.lastIndexOf(' ')))
    .sort();
}

async function traffic(tp: TestPlatform, shop: Shop, day: string): Promise<void> {
  expect((await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}` })).statusCode).toBe(200);
  const availability = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${day}` });
  expect(availability.statusCode).toBe(200);
  const start = (availability.json() as { slots: { start: string }[] }).slots[0]?.start;
  const booked = await tp.app.inject({
    method: 'POST',
    url: `/api/v1/locations/${shop.slug}/bookings`,
    headers: { 'idempotency-key': `cost-${shop.slug}` },
    payload: { serviceId: shop.serviceIds[0], start, client: { name: 'Ana', email: 'ana@example.test' } },
  });
  expect(booked.statusCode).toBe(201);
}

/**
 * /metrics must not grow with the number of franchises: no franchise id in any
 * label, nothing computed per franchise at scrape time. 1 franchise and 31
 * franchises with the same traffic expose the same series.
 */
describe('/metrics cost', () => {
  let tp: TestPlatform;
  const day = (() => {
    const date = new Date(Date.now() + 9 * 86_400_000);
    if (date.getUTCDay() === 0) date.setUTCDate(date.getUTCDate() + 1);
    return date.toISOString().slice(0, 10);
  })();

  beforeAll(async () => {
    tp = await createTestPlatform();
  });
  afterAll(async () => {
    await tp.close();
  });

  it('exposes the same series for 31 franchises as for one', { timeout: 120_000 }, async () => {
    await traffic(tp, await makeShop(tp), day);
    await seriesKeys(tp); // the scrape itself is a request: let its own series exist before comparing
    const one = await seriesKeys(tp);
    expect(one.some((key) => key.startsWith('bookings_created_total{'))).toBe(true);
    for (let i = 0; i < 30; i++) await traffic(tp, await makeShop(tp), day);
    const many = await seriesKeys(tp);
    expect(many).toEqual(one);
    // And no label value is a franchise or location id.
    const ids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    expect(many.filter((key) => ids.test(key))).toEqual([]);
  });
});
