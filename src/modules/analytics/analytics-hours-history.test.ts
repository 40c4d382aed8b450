import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { addAppointment, addClient, getAnalytics } from '../../../test/support/analytics.js';

/**
 * Issue 17 finding 2: adding a barber today rewrote last month's chair
 * utilization from 67 % to 53 %, because today's weekly hours were laid over
 * the past. Past numbers must use the hours in force then.
 *
 * New York shop, barbers 1 and 2 work Mon–Fri 09:00–17:00 (2 × 5 × 480 = 4800
 * minutes a week); each has a 320-minute visit every weekday of the week of
 * 2027-03-01: 3200 booked minutes, 3200 / 4800 = 66.7 %. A third barber with
 * Mon–Fri 09:00–13:00 (1200 minutes) laid over that week would give
 * 3200 / 6000 = 53.3 %. Today is Wednesday 2027-04-07.
 */
let tp: TestPlatform;
let shop: Shop;
let cookie: string;
const clock = fixedClock('2027-04-07T16:00:00Z');
const LAST_MONTH = { from: '2027-03-01', to: '2027-03-07' };
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp, { barbers: 2, hours: weekdays('09:00', '17:00') });
  cookie = (await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' })).cookie;
  const client = await addClient(tp, shop.franchiseId, 'Regular');
  for (const barberId of shop.barberIds) {
    for (const day of ['01', '02', '03', '04', '05']) {
      await addAppointment(tp, {
        franchiseId: shop.franchiseId,
        locationId: shop.locationId,
        serviceId: shop.serviceIds[0] as string,
        barberId,
        clientId: client,
        start: `2027-03-${day}T09:00:00-05:00`,
        minutes: 320,
        status: 'completed',
      });
    }
  }
});
afterAll(async () => {
  await tp.close();
});

const api = (method: 'POST' | 'PUT', url: string, payload: unknown) =>
  tp.app.inject({ method, url: `/api/v1/franchises/${shop.franchiseId}${url}`, headers: { cookie }, payload: payload as Record<string, unknown> });
const utilization = async (period: { from: string; to: string }) => {
  const { statusCode, body } = await getAnalytics(tp, shop.franchiseId, period, cookie);
  expect(statusCode).toBe(200);
  return body.summary.chairUtilization;
};
const schedule = (barberId: string, body: Record<string, unknown>) => api('PUT', `/barbers/${barberId}/schedule`, { serviceIds: shop.serviceIds, ...body });

describe('past utilization uses the hours in force then', () => {
  it('a barber added today leaves last month at 67 %; the hours count from today on', async () => {
    expect(await utilization(LAST_MONTH)).toEqual({ value: 3200 / 4800, numerator: 3200, denominator: 4800, scheduledMinutes: 4800, timeOffMinutes: 0 });

    const created = await api('POST', '/barbers', { name: 'New Barber', locationId: shop.locationId });
    expect(created.statusCode, created.body).toBe(201);
    const res = await schedule(created.json().id, { weekly: weekdays('09:00', '13:00') });
    expect(res.statusCode, res.body).toBe(200);

    // Exactly as before: 66.7 %, not 3200 / 6000 = 53.3 %.
    expect(await utilization(LAST_MONTH)).toEqual({ value: 3200 / 4800, numerator: 3200, denominator: 4800, scheduledMinutes: 4800, timeOffMinutes: 0 });
    // This week (Mon 04-05 … Sun 04-11): the newcomer's hours count from today, Wednesday: Wed–Fri 3 × 240 = 720.
    const thisWeek = await utilization({ from: '2027-04-05', to: '2027-04-11' });
    expect(thisWeek.scheduledMinutes).toBe(4800 + 720);
  });

  it("changing a barber's hours today keeps the past; a change dated in the past applies from that date", async () => {
    const [b1, b2] = shop.barberIds as [string, string];
    expect((await schedule(b1, { weekly: weekdays('12:00', '14:00') })).statusCode).toBe(200);
    expect((await utilization(LAST_MONTH)).denominator).toBe(4800);

    // Barber 2 worked mornings only from Wednesday 2027-03-03 (recorded late): Mon, Tue 480 + Wed–Fri 3 × 240.
    const dated = await schedule(b2, { weekly: weekdays('09:00', '13:00'), effectiveFrom: '2027-03-03' });
    expect(dated.statusCode, dated.body).toBe(200);
    expect((await utilization(LAST_MONTH)).scheduledMinutes).toBe(2400 + 2 * 480 + 3 * 240);
  });

  it('a barber made inactive today keeps last month; from today their hours stop counting, and come back with them', async () => {
    const b1 = shop.barberIds[0] as string;
    const week = { from: '2027-04-05', to: '2027-04-11' };
    const before = await utilization(week);
    const lastMonth = await utilization(LAST_MONTH);
    const patchBarber = (isActive: boolean) =>
      tp.app.inject({ method: 'PATCH', url: `/api/v1/franchises/${shop.franchiseId}/barbers/${b1}`, headers: { cookie }, payload: { isActive } });
    expect((await patchBarber(false)).statusCode).toBe(200);
    // Barber 1 works 12:00–14:00 on weekdays (set today in the test above): Wed, Thu, Fri lose 3 × 120.
    expect((await utilization(week)).scheduledMinutes).toBe(before.scheduledMinutes - 3 * 120);
    expect(await utilization(LAST_MONTH)).toEqual(lastMonth);
    expect((await patchBarber(true)).statusCode).toBe(200);
    expect(await utilization(week)).toEqual(before);
  });

  it('new hours cannot start after today: 400 naming the field, nothing changes', async () => {
    const b1 = shop.barberIds[0] as string;
    const before = await utilization({ from: '2027-04-05', to: '2027-04-11' });
    const res = await schedule(b1, { weekly: weekdays('09:00', '17:00'), effectiveFrom: '2027-04-08' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ValidationFailed', errors: [{ path: 'body.effectiveFrom' }] });
    expect(await utilization({ from: '2027-04-05', to: '2027-04-11' })).toEqual(before);
    expect((await schedule(b1, { weekly: [], effectiveFrom: '2027-02-30' })).statusCode).toBe(400);
  });
});
