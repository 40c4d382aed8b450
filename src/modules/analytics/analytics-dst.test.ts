import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { addAppointment, addClient, getAnalytics } from '../../../test/support/analytics.js';

/**
 * Days of 23 and 25 hours. New York springs forward on 2027-03-14 and falls back
 * on 2027-11-07; London springs forward on 2027-03-28. Working hours are
 * wall-clock: 09:00–17:00 is 8 hours on those days too, and a day's bounds are
 * its local midnights, not "start + 24 h".
 */
let tp: TestPlatform;
let ny: Shop;
let london: Shop;
let cookie: string;
let londonCookie: string;

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

beforeAll(async () => {
  tp = await createTestPlatform({ clock: fixedClock('2028-01-15T12:00:00Z') });
  ny = await makeShop(tp, { barbers: 1, timezone: 'America/New_York', hours: EVERY_DAY });
  london = await makeShop(tp, { barbers: 1, timezone: 'Europe/London', currency: 'GBP', hours: EVERY_DAY });
  cookie = (await makeUser(tp, { franchiseId: ny.franchiseId, role: 'owner' })).cookie;
  londonCookie = (await makeUser(tp, { franchiseId: london.franchiseId, role: 'owner' })).cookie;

  const client = await addClient(tp, ny.franchiseId, 'Night owl');
  const visit = (start: string, minutes = 30) =>
    addAppointment(tp, { franchiseId: ny.franchiseId, locationId: ny.locationId, barberId: ny.barberIds[0]!, serviceId: ny.serviceIds[0]!, clientId: client, start, minutes, status: 'completed' });
  await visit('2027-03-13T23:45:00-05:00'); // the evening before: out
  await visit('2027-03-14T10:00:00-04:00', 60); // in
  await visit('2027-03-14T23:30:00-04:00'); // last half hour of the 23-hour day: in
  await visit('2027-03-15T00:15:00-04:00'); // the next day: out
  await visit('2027-11-07T01:30:00-04:00'); // the first 01:30 of the 25-hour day: in
  await visit('2027-11-07T01:30:00-05:00'); // the second 01:30: in
  await visit('2027-11-07T23:30:00-05:00'); // the 25th hour's end of day: in (start + 24 h would miss it)
  await visit('2027-11-08T00:00:00-05:00'); // next midnight: out
});

afterAll(async () => {
  await tp.close();
});

describe('analytics across daylight-saving changes', () => {
  it('a 23-hour day: local-midnight bounds and 8 working hours', async () => {
    const { body } = await getAnalytics(tp, ny.franchiseId, { from: '2027-03-14', to: '2027-03-14' }, cookie);
    const location = body.locations[0]!;
    expect(location.periodStart).toBe('2027-03-14T00:00:00-05:00');
    expect(location.periodEnd).toBe('2027-03-15T00:00:00-04:00');
    expect(location.appointments.completed).toBe(2);
    expect(location.chairUtilization).toEqual({ value: 90 / 480, numerator: 90, denominator: 480, scheduledMinutes: 480, timeOffMinutes: 0 });
  });

  it('a 25-hour day: both 01:30s and 23:30 belong to it', async () => {
    const { body } = await getAnalytics(tp, ny.franchiseId, { from: '2027-11-07', to: '2027-11-07' }, cookie);
    const location = body.locations[0]!;
    expect(location.periodStart).toBe('2027-11-07T00:00:00-04:00');
    expect(location.periodEnd).toBe('2027-11-08T00:00:00-05:00');
    expect(location.appointments.completed).toBe(3);
    expect(location.chairUtilization).toMatchObject({ numerator: 90, denominator: 480 });
    expect(location.series).toEqual([{ start: '2027-11-07', end: '2027-11-07', revenue: [{ currency: 'USD', cents: 10_500, completed: 3 }], completed: 3 }]);
  });

  it('a week with a spring-forward day still has 7 × 8 working hours (New York and London)', async () => {
    const week = await getAnalytics(tp, ny.franchiseId, { from: '2027-03-08', to: '2027-03-14' }, cookie);
    expect(week.body.summary.chairUtilization).toMatchObject({ scheduledMinutes: 3360, denominator: 3360 });
    const uk = await getAnalytics(tp, london.franchiseId, { from: '2027-03-22', to: '2027-03-28' }, londonCookie);
    expect(uk.body.locations[0]).toMatchObject({ periodStart: '2027-03-22T00:00:00+00:00', periodEnd: '2027-03-29T00:00:00+01:00' });
    expect(uk.body.summary.chairUtilization).toMatchObject({ scheduledMinutes: 3360 });
  });

  it('a night shift across the change is measured in real time (00:00–04:00 is 3 h, then 5 h)', async () => {
    const night = await makeShop(tp, { barbers: 1, timezone: 'America/New_York', hours: [{ weekday: 7, start: '00:00', end: '04:00' }] });
    const owner = await makeUser(tp, { franchiseId: night.franchiseId, role: 'owner' });
    const spring = await getAnalytics(tp, night.franchiseId, { from: '2027-03-14', to: '2027-03-14' }, owner.cookie);
    expect(spring.body.summary.chairUtilization.scheduledMinutes).toBe(180);
    const fall = await getAnalytics(tp, night.franchiseId, { from: '2027-11-07', to: '2027-11-07' }, owner.cookie);
    expect(fall.body.summary.chairUtilization.scheduledMinutes).toBe(300);
  });
});
