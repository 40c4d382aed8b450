import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { FORMULAS } from './analytics-formulas.js';
import { addAppointment, addClient, addTimeOff, getAnalytics } from '../../../test/support/analytics.js';

/**
 * One New York shop, two barbers (Mon–Fri 09:00–17:00), the week of Monday
 * 2027-03-01 (EST, -05:00), "now" pinned to 2027-05-01 12:00Z so every visit's
 * 42-day rebooking window has closed. Every expected number is worked out by
 * hand in the comments.
 */
let tp: TestPlatform;
let shop: Shop;
let cookie: string;
let b1: string;
let b2: string;

const WEEK = { from: '2027-03-01', to: '2027-03-07' };

beforeAll(async () => {
  tp = await createTestPlatform({ clock: fixedClock('2027-05-01T12:00:00Z') });
  shop = await makeShop(tp, { barbers: 2, hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) });
  [b1, b2] = shop.barberIds as [string, string];
  cookie = (await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' })).cookie;

  const f = shop.franchiseId;
  const base = { franchiseId: f, locationId: shop.locationId, serviceId: shop.serviceIds[0] as string };
  const returning = await addClient(tp, f, 'Returning');
  const new1 = await addClient(tp, f, 'New1');
  const new2 = await addClient(tp, f, 'New2');
  const new3 = await addClient(tp, f, 'New3');
  const new4 = await addClient(tp, f, 'New4');

  // Before the period: a completed visit (makes "returning" a returning client) and a no-show (does not count).
  await addAppointment(tp, { ...base, barberId: b1, clientId: returning, start: '2027-02-15T10:00:00-05:00', status: 'completed' });
  await addAppointment(tp, { ...base, barberId: b2, clientId: new2, start: '2027-02-10T10:00:00-05:00', status: 'no_show' });

  // The week.
  await addAppointment(tp, { ...base, barberId: b1, clientId: returning, start: '2027-03-01T09:00:00-05:00', status: 'completed', priceCents: 3500 }); // P1
  await addAppointment(tp, { ...base, barberId: b1, clientId: new1, start: '2027-03-01T10:00:00-05:00', minutes: 60, status: 'completed', priceCents: 6000 }); // P2
  await addAppointment(tp, { ...base, barberId: b2, clientId: new2, start: '2027-03-02T09:00:00-05:00', status: 'completed', priceCents: 3500 }); // P3
  await addAppointment(tp, { ...base, barberId: b2, clientId: new3, start: '2027-03-02T10:00:00-05:00', status: 'no_show' }); // P4
  await addAppointment(tp, { ...base, barberId: b1, clientId: new4, start: '2027-03-03T11:00:00-05:00', status: 'cancelled' }); // P5
  await addAppointment(tp, { ...base, barberId: b2, clientId: new4, start: '2027-03-05T09:00:00-05:00', status: 'booked' }); // P6, never marked
  await addAppointment(tp, { ...base, barberId: b2, clientId: new3, start: '2027-03-05T13:00:00-05:00', status: 'checked_in' }); // P7
  // P8: new2 rebooked at P3's checkout (created during P3) → P3 is rebooked.
  await addAppointment(tp, { ...base, barberId: b1, clientId: new2, start: '2027-03-05T15:00:00-05:00', status: 'completed', priceCents: 4000, createdAt: '2027-03-02T09:25:00-05:00' });

  // After the period. Q1: booked during P1, so P1 is rebooked.
  await addAppointment(tp, { ...base, barberId: b1, clientId: returning, start: '2027-03-29T09:00:00-04:00', status: 'completed', createdAt: '2027-03-01T09:20:00-05:00' });
  // Q2: new1 booked again 50 days after P2 (window ended 2027-04-12): P2 is not rebooked.
  await addAppointment(tp, { ...base, barberId: b1, clientId: new1, start: '2027-04-25T10:00:00-04:00', status: 'booked', createdAt: '2027-04-20T10:00:00-04:00' });
  // Q3: new2 rebooked after P8 but cancelled: P8 is not rebooked.
  await addAppointment(tp, { ...base, barberId: b2, clientId: new2, start: '2027-03-20T10:00:00-04:00', status: 'cancelled', createdAt: '2027-03-05T15:20:00-05:00' });
  // R1: a visit less than 42 days before "now", not rebooked yet: still open.
  await addAppointment(tp, { ...base, barberId: b1, clientId: new4, start: '2027-04-26T09:00:00-04:00', status: 'completed', createdAt: '2027-04-20T09:00:00-04:00' });

  // Barber 2's time off: Wed 13–15 and 14–16 overlap (union 180 min), Thu 16–20 (60 min inside hours), Sat (no hours: 0).
  await addTimeOff(tp, f, b2, '2027-03-03T13:00:00-05:00', '2027-03-03T15:00:00-05:00');
  await addTimeOff(tp, f, b2, '2027-03-03T14:00:00-05:00', '2027-03-03T16:00:00-05:00');
  await addTimeOff(tp, f, b2, '2027-03-04T16:00:00-05:00', '2027-03-04T20:00:00-05:00');
  await addTimeOff(tp, f, b2, '2027-03-06T10:00:00-05:00', '2027-03-06T12:00:00-05:00');
});

afterAll(async () => {
  await tp.close();
});

describe('GET /franchises/:fid/analytics — a hand-computed week', () => {
  it('computes every franchise number', async () => {
    const { statusCode, body } = await getAnalytics(tp, shop.franchiseId, WEEK, cookie);
    expect(statusCode).toBe(200);
    expect(body.period).toEqual({ from: '2027-03-01', to: '2027-03-07', toInclusive: true, days: 7, bucket: 'day', rebookWindowDays: 42 });
    const s = body.summary;
    // Completed: P1 3500 + P2 6000 + P3 3500 + P8 4000.
    expect(s.revenue).toEqual([{ currency: 'USD', cents: 17_000 }]);
    expect(s.averageTicket).toEqual([{ currency: 'USD', value: 4250, numerator: 17_000, denominator: 4 }]);
    expect(s.appointments).toEqual({ booked: 1, checkedIn: 1, completed: 4, cancelled: 1, noShow: 1, total: 8 });
    expect(s.noShowRate).toEqual({ value: 0.2, numerator: 1, denominator: 5 });
    expect(s.cancellationRate).toEqual({ value: 0.125, numerator: 1, denominator: 8 });
    // Clients with a completed visit: returning, new1, new2; only "returning" completed a visit before.
    expect(s.returningClientShare).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    // P1 (Q1 booked during the visit) and P3 (P8 booked at checkout) yes; P2 (50 days later) and P8 (cancelled rebook) no.
    expect(s.rebookingRate).toEqual({ value: 0.5, numerator: 2, denominator: 4, open: 0 });
    // Booked minutes: P1 30 + P2 60 + P3 30 + P6 30 + P7 30 + P8 30 = 210 (no-show and cancelled hold no chair).
    // Working: 2 barbers × 5 days × 480 = 4800, minus barber 2's time off inside hours 180 + 60 = 240.
    expect(s.chairUtilization).toEqual({ value: 210 / 4560, numerator: 210, denominator: 4560, scheduledMinutes: 4800, timeOffMinutes: 240 });
    expect(s.series.map((point) => [point.start, point.end, point.revenue[0]?.cents, point.completed])).toEqual([
      ['2027-03-01', '2027-03-01', 9500, 2],
      ['2027-03-02', '2027-03-02', 3500, 1],
      ['2027-03-03', '2027-03-03', 0, 0],
      ['2027-03-04', '2027-03-04', 0, 0],
      ['2027-03-05', '2027-03-05', 4000, 1],
      ['2027-03-06', '2027-03-06', 0, 0],
      ['2027-03-07', '2027-03-07', 0, 0],
    ]);
    expect(body.formulas).toEqual(FORMULAS);
  });

  it('reports the location with its bounds and each barber with run-rate and goal', async () => {
    const { body } = await getAnalytics(tp, shop.franchiseId, { ...WEEK, locationId: shop.locationId }, cookie);
    expect(body.locationId).toBe(shop.locationId);
    expect(body.locations).toHaveLength(1);
    const location = body.locations[0]!;
    expect(location).toMatchObject({ id: shop.locationId, currency: 'USD', periodStart: '2027-03-01T00:00:00-05:00', periodEnd: '2027-03-08T00:00:00-05:00' });
    const { barbers, ...metrics } = location;
    expect(metrics).toMatchObject(body.summary);

    const [first, second] = barbers;
    // Barber 1: P1 3500 + P2 6000 + P8 4000 = 13500 over 3 visits; 120 booked minutes of 2400.
    expect(first).toMatchObject({
      id: b1,
      revenue: [{ currency: 'USD', cents: 13_500 }],
      completed: 3,
      averageTicket: [{ currency: 'USD', value: 4500, numerator: 13_500, denominator: 3 }],
      chairUtilization: { value: 0.05, numerator: 120, denominator: 2400 },
    });
    // 13500 ÷ 7 × 365 = 703,928.57 → 703,929 cents a year, 7.04 % of the 10,000,000 goal.
    expect(first?.runRate).toEqual([
      { currency: 'USD', value: 703_929, revenueCents: 13_500, days: 7, goalCents: 10_000_000, progress: { value: 0.0703929, numerator: 703_929, denominator: 10_000_000 } },
    ]);
    // Barber 2: P3 3500; booked minutes P3 + P6 + P7 = 90 of 2400 − 240.
    expect(second).toMatchObject({
      id: b2,
      completed: 1,
      chairUtilization: { value: 90 / 2160, numerator: 90, denominator: 2160, scheduledMinutes: 2400, timeOffMinutes: 240 },
      runRate: [{ currency: 'USD', value: 182_500, days: 7 }],
    });
  });

  it('keeps a recent visit open and counts only days that have begun for the run-rate', async () => {
    // 2027-04-26 .. 05-09; today is 2027-05-01 in New York, so 6 days have begun.
    const { body } = await getAnalytics(tp, shop.franchiseId, { from: '2027-04-26', to: '2027-05-09' }, cookie);
    expect(body.summary.rebookingRate).toEqual({ value: 0, numerator: 0, denominator: 1, open: 1 });
    // new4 had only a cancelled and a booked visit before: not returning.
    expect(body.summary.returningClientShare).toEqual({ value: 0, numerator: 0, denominator: 1 });
    const barber = body.locations[0]!.barbers.find((b) => b.id === b1);
    // 3500 ÷ 6 × 365 = 212,916.67 → 212,917.
    expect(barber?.runRate[0]).toMatchObject({ value: 212_917, days: 6 });
  });

  it('switches the chart to 7-day blocks for long periods', async () => {
    const { body } = await getAnalytics(tp, shop.franchiseId, { from: '2027-01-01', to: '2027-03-31' }, cookie);
    expect(body.period).toMatchObject({ days: 90, bucket: 'week' });
    expect(body.summary.series).toHaveLength(13);
    expect(body.summary.series[12]).toMatchObject({ start: '2027-03-26', end: '2027-03-31' });
    // 2027-02-26 .. 03-04 holds P1, P2, P3; 03-05 .. 03-11 holds P8; 03-26 .. 03-31 holds Q1.
    expect(body.summary.series[8]).toMatchObject({ start: '2027-02-26', revenue: [{ currency: 'USD', cents: 13_000 }], completed: 3 });
    expect(body.summary.series[9]).toMatchObject({ start: '2027-03-05', revenue: [{ currency: 'USD', cents: 4000 }], completed: 1 });
    expect(body.summary.series[12]).toMatchObject({ revenue: [{ currency: 'USD', cents: 3500 }], completed: 1 });
  });

  it('answers an empty period with zeros and null ratios', async () => {
    const { statusCode, body } = await getAnalytics(tp, shop.franchiseId, { from: '2030-01-01', to: '2030-01-01' }, cookie);
    expect(statusCode).toBe(200);
    expect(body.summary.revenue).toEqual([{ currency: 'USD', cents: 0 }]);
    expect(body.summary.averageTicket[0]?.value).toBeNull();
    expect(body.summary.noShowRate.value).toBeNull();
    expect(body.locations[0]?.barbers[0]?.runRate[0]).toMatchObject({ value: null, days: 0 });
  });
});
