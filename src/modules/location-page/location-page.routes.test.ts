import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { newId } from '../../db/ids.js';
import { expectProblem } from '../../../test/support/bookings.js';

let tp: TestPlatform;
beforeAll(async () => {
  tp = await createTestPlatform();
});
afterAll(async () => {
  await tp.close();
});

test('GET /locations/:slug: the contract shape, only active barbers and services, opening hours per weekday', async () => {
  const shop = await makeShop(tp, {
    barbers: 3,
    timezone: 'Europe/London',
    currency: 'GBP',
    policy: { minNoticeMinutes: 30, horizonDays: 60, cancellationWindowHours: 12, slotStepMinutes: 10 },
    services: [
      { name: 'Cut', durationMinutes: 30, priceCents: 2500, depositCents: 500, bufferMinutes: 5 },
      { name: 'Beard', durationMinutes: 20, priceCents: 1500 },
      { name: 'Retired', durationMinutes: 20, priceCents: 1000 },
    ],
  });
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  const [b1, b2, b3] = shop.barberIds as [string, string, string];
  const [cut, beard, retired] = shop.serviceIds as [string, string, string];
  await db.updateTable('barbers').set({ is_active: false }).where('franchise_id', '=', shop.franchiseId).where('id', '=', b3).execute();
  await db.updateTable('services').set({ is_active: false }).where('franchise_id', '=', shop.franchiseId).where('id', '=', retired).execute();
  await db.deleteFrom('barber_services').where('franchise_id', '=', shop.franchiseId).where('barber_id', '=', b2).where('service_id', '=', beard).execute();
  await db.insertInto('weekly_hours').values({ franchise_id: shop.franchiseId, id: newId(), barber_id: b2, weekday: 7, start_time: '10:00', end_time: '14:00' }).execute();
  await db.insertInto('weekly_hours').values({ franchise_id: shop.franchiseId, id: newId(), barber_id: b1, weekday: 1, start_time: '16:00', end_time: '19:30' }).execute();

  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}` });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body).toMatchObject({
    id: shop.locationId,
    slug: shop.slug,
    timezone: 'Europe/London',
    currency: 'GBP',
    address: { line1: '1 Main St', city: 'Springfield' },
    policy: { minNoticeMinutes: 30, horizonDays: 60, cancellationWindowHours: 12, slotStepMinutes: 10 },
  });
  expect(body.services).toEqual([
    { id: cut, name: 'Cut', durationMinutes: 30, priceCents: 2500, depositCents: 500, bufferMinutes: 5 },
    { id: beard, name: 'Beard', durationMinutes: 20, priceCents: 1500, depositCents: 0, bufferMinutes: 0 },
  ]);
  expect(body.barbers).toEqual([
    { id: b1, name: 'Barber 1', serviceIds: [cut, beard] },
    { id: b2, name: 'Barber 2', serviceIds: [cut] },
  ]);
  expect(body.hours).toEqual([
    { weekday: 1, start: '09:00', end: '19:30' },
    ...[2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    { weekday: 7, start: '10:00', end: '14:00' },
  ]);
});

test('unknown slug → 404, malformed slug → 400', async () => {
  expectProblem(await tp.app.inject({ method: 'GET', url: '/api/v1/locations/no-such-shop' }), 404, 'NotFound');
  expectProblem(await tp.app.inject({ method: 'GET', url: '/api/v1/locations/Not_A_Slug' }), 400, 'ValidationFailed');
});
