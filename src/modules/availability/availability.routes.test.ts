import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { newId } from '../../db/ids.js';
import { fixedClock } from '../../shared/clock.js';
import { bookOk, expectProblem, slots } from '../../../test/support/bookings.js';

// Wednesday 2027-03-10, 07:00 in New York (EST, -05:00); DST starts Sunday 2027-03-14.
const clock = fixedClock('2027-03-10T12:00:00Z');
let tp: TestPlatform;
let shop: Shop;

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp, { barbers: 2, hours: ALL_WEEK });
});
afterAll(async () => {
  await tp.close();
});

const get = (query: string, slug = shop.slug) => tp.app.inject({ method: 'GET', url: `/api/v1/locations/${slug}/availability?${query}` });
const q = (extra: Record<string, string> = {}) => new URLSearchParams({ serviceId: shop.serviceIds[0] as string, date: '2027-03-11', ...extra }).toString();

describe('GET /locations/:slug/availability', () => {
  test('contract shape: timezone and slots with start, end, barberIds', async () => {
    const res = await get(q());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.timezone).toBe('America/New_York');
    expect(body.slots).toHaveLength(31);
    expect(body.slots[0]).toEqual({ start: '2027-03-11T09:00:00-05:00', end: '2027-03-11T09:30:00-05:00', barberIds: [...shop.barberIds].sort((a, b) => (a < b ? -1 : 1)) });
  });

  test('both DST transition days have 8 real hours; offsets follow the day', async () => {
    const spring = await slots(tp, shop, { date: '2027-03-14' });
    expect(spring).toHaveLength(31);
    expect(spring.every((s) => s.start.endsWith('-04:00'))).toBe(true);
    expect(spring.at(-1)?.end).toBe('2027-03-14T17:00:00-04:00');
    clock.set('2027-10-01T12:00:00Z'); // November is past the 90-day horizon from March
    try {
      const fall = await slots(tp, shop, { date: '2027-11-07' });
      expect(fall).toHaveLength(31);
      expect(fall[0]?.start).toBe('2027-11-07T09:00:00-05:00');
      expect(fall.at(-1)?.end).toBe('2027-11-07T17:00:00-05:00');
    } finally {
      clock.set('2027-03-10T12:00:00Z');
    }
    const week = await slots(tp, shop, { date: '2027-03-13', days: 3 });
    expect(week.map((s) => s.start.slice(0, 10))).toEqual([...Array(31).fill('2027-03-13'), ...Array(31).fill('2027-03-14'), ...Array(31).fill('2027-03-15')]);
  });

  test('days=1…14; a barber filter; today only after the minimum notice', async () => {
    const fortnight = await slots(tp, shop, { date: '2027-03-11', days: 14 });
    expect(new Set(fortnight.map((s) => s.start.slice(0, 10))).size).toBe(14);
    const one = await slots(tp, shop, { date: '2027-03-11', barberId: shop.barberIds[1] as string });
    expect(one.every((s) => s.barberIds.length === 1 && s.barberIds[0] === shop.barberIds[1])).toBe(true);
    clock.set('2027-03-10T14:50:00Z'); // 09:50 local, notice 60 min → first start 11:00
    try {
      expect((await slots(tp, shop, { date: '2027-03-10' }))[0]?.start).toBe('2027-03-10T11:00:00-05:00');
    } finally {
      clock.set('2027-03-10T12:00:00Z');
    }
  });

  test('past days and days beyond the horizon are empty, not errors', async () => {
    expect(await slots(tp, shop, { date: '2027-03-01', days: 5 })).toEqual([]);
    expect(await slots(tp, shop, { date: '2027-06-09' })).toEqual([]); // today + 90 days is 2027-06-08
    expect((await slots(tp, shop, { date: '2027-06-08' })).length).toBe(31);
    expect(await slots(tp, shop, { date: '9999-12-25', days: 14 })).toEqual([]);
    expect(await slots(tp, shop, { date: '0001-01-01', days: 14 })).toEqual([]);
  });

  test('bookings, buffers and time off are left out', async () => {
    const barberId = shop.barberIds[0] as string;
    await bookOk(tp, shop, { start: '2027-03-12T10:00:00-05:00', barberId });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    await db
      .insertInto('time_off')
      .values({ franchise_id: shop.franchiseId, id: newId(), barber_id: barberId, starts_at: new Date('2027-03-12T18:00:00Z'), ends_at: new Date('2027-03-12T19:00:00Z') })
      .execute();
    const free = (await slots(tp, shop, { date: '2027-03-12', barberId })).map((s) => s.start.slice(11, 16));
    expect(free).not.toContain('09:45');
    expect(free).not.toContain('10:00');
    expect(free).not.toContain('10:15');
    expect(free).toContain('10:30');
    expect(free).toContain('12:30');
    expect(free).not.toContain('12:45');
    expect(free).not.toContain('13:45');
    expect(free).toContain('14:00');
  });

  test.each<[string, () => string]>([
    ['February 30', () => q({ date: '2027-02-30' })],
    ['a date without dashes', () => q({ date: '20270311' })],
    ['days=0', () => q({ days: '0' })],
    ['days=15', () => q({ days: '15' })],
    ['days=abc', () => q({ days: 'abc' })],
    ['days=1.5', () => q({ days: '1.5' })],
    ['serviceId missing', () => new URLSearchParams({ date: '2027-03-11' }).toString()],
    ['serviceId not a uuid', () => q({ serviceId: 'haircut' })],
    ['barberId not a uuid', () => q({ barberId: 'bob' })],
  ])('%s → 400', async (_name, query) => {
    expectProblem(await get(query()), 400, 'ValidationFailed');
  });

  test("unknown or other franchise's service or barber, unknown slug → 404", async () => {
    const other = await makeShop(tp);
    expectProblem(await get(q({ serviceId: newId() })), 404, 'NotFound');
    expectProblem(await get(q({ serviceId: other.serviceIds[0] as string })), 404, 'NotFound');
    expectProblem(await get(q({ barberId: newId() })), 404, 'NotFound');
    expectProblem(await get(q({ barberId: other.barberIds[0] as string })), 404, 'NotFound');
    expectProblem(await get(q(), 'no-such-shop'), 404, 'NotFound');
  });

  test('inactive services are 404; inactive barbers and barbers without the service are not offered', async () => {
    const local = await makeShop(tp, { barbers: 3, services: [{ name: 'Cut', durationMinutes: 30, priceCents: 100 }, { name: 'Shave', durationMinutes: 30, priceCents: 100 }] });
    const { db } = await tp.platform.core.router.primaryFor(local.franchiseId);
    const [b1, b2, b3] = local.barberIds as [string, string, string];
    const [cut, shave] = local.serviceIds as [string, string];
    await db.updateTable('barbers').set({ is_active: false }).where('franchise_id', '=', local.franchiseId).where('id', '=', b1).execute();
    await db.deleteFrom('barber_services').where('franchise_id', '=', local.franchiseId).where('barber_id', '=', b2).where('service_id', '=', shave).execute();
    const shaves = await slots(tp, local, { date: '2027-03-11', serviceId: shave });
    expect(new Set(shaves.flatMap((s) => s.barberIds))).toEqual(new Set([b3]));
    expectProblem(await get(new URLSearchParams({ serviceId: shave, date: '2027-03-11', barberId: b2 }).toString(), local.slug), 404, 'NotFound');
    expectProblem(await get(new URLSearchParams({ serviceId: cut, date: '2027-03-11', barberId: b1 }).toString(), local.slug), 404, 'NotFound');
    await db.updateTable('services').set({ is_active: false }).where('franchise_id', '=', local.franchiseId).where('id', '=', cut).execute();
    expectProblem(await get(new URLSearchParams({ serviceId: cut, date: '2027-03-11' }).toString(), local.slug), 404, 'NotFound');
  });

  test('other zones: Sydney shop on its April fall-back day', async () => {
    const sydney = await makeShop(tp, { timezone: 'Australia/Sydney', hours: ALL_WEEK, barbers: 1 });
    const list = await slots(tp, sydney, { date: '2027-04-04' });
    expect(list).toHaveLength(31);
    expect(list[0]?.start).toBe('2027-04-04T09:00:00+10:00');
  });
});
