import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { addAppointment, addClient, addLocation, getAnalytics } from '../../../test/support/analytics.js';

/**
 * Each number beside the same length of time just before. New York shop
 * (Mon–Sat 09:00–17:00, 2 barbers) and a London shop added to the franchise;
 * the week of 2027-03-08 is compared with the week of 2027-03-01.
 */
let tp: TestPlatform;
let shop: Shop;
let cookie: string;
let london: string;

beforeAll(async () => {
  tp = await createTestPlatform({ clock: fixedClock('2027-05-01T12:00:00Z') });
  shop = await makeShop(tp, { barbers: 2 });
  cookie = (await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' })).cookie;
  const uk = await addLocation(tp, shop.franchiseId, { timezone: 'Europe/London', currency: 'GBP', name: 'London' });
  london = uk.locationId;
  const client = await addClient(tp, shop.franchiseId, 'Regular');
  const ny = { franchiseId: shop.franchiseId, locationId: shop.locationId, barberId: shop.barberIds[0] as string, serviceId: shop.serviceIds[0] as string, clientId: client };
  // The previous week: two completed ($35 + $45), one no-show.
  await addAppointment(tp, { ...ny, start: '2027-03-01T10:00:00-05:00', status: 'completed', priceCents: 3500 });
  await addAppointment(tp, { ...ny, start: '2027-03-02T10:00:00-05:00', status: 'completed', priceCents: 4500 });
  await addAppointment(tp, { ...ny, start: '2027-03-03T10:00:00-05:00', status: 'no_show' });
  // The week asked about: one completed ($50) in New York, one (£25) in London.
  await addAppointment(tp, { ...ny, start: '2027-03-09T10:00:00-05:00', status: 'completed', priceCents: 5000 });
  await addAppointment(tp, { franchiseId: shop.franchiseId, locationId: london, barberId: uk.barberIds[0] as string, serviceId: uk.serviceId, clientId: client, start: '2027-03-10T10:00:00Z', status: 'completed', priceCents: 2500, currency: 'GBP' });
});
afterAll(async () => {
  await tp.close();
});

describe('comparison with the previous period', () => {
  it('names the previous period and gives every headline number for it, in the summary and per location', async () => {
    const { statusCode, body } = await getAnalytics(tp, shop.franchiseId, { from: '2027-03-08', to: '2027-03-14' }, cookie);
    expect(statusCode).toBe(200);
    expect(body.previousPeriod).toEqual({ from: '2027-03-01', to: '2027-03-07', days: 7 });
    expect(body.summary.revenue).toEqual([{ currency: 'GBP', cents: 2500 }, { currency: 'USD', cents: 5000 }]);
    const previous = body.summary.previous;
    expect(previous?.revenue).toEqual([{ currency: 'GBP', cents: 0 }, { currency: 'USD', cents: 8000 }]);
    expect(previous?.appointments).toMatchObject({ completed: 2, noShow: 1, total: 3 });
    expect(previous?.noShowRate).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    // NY: 2 barbers × 6 days × 480; London has no hours. 60 booked minutes before (the no-show holds no chair).
    expect(previous?.chairUtilization).toMatchObject({ numerator: 60, denominator: 5760 });
    expect(previous).not.toHaveProperty('series');

    const [uk, ny] = body.locations;
    expect(uk?.id).toBe(london);
    expect(uk?.previous?.revenue).toEqual([{ currency: 'GBP', cents: 0 }]);
    expect(ny?.previous?.revenue).toEqual([{ currency: 'USD', cents: 8000 }]);
    expect(ny?.previous?.averageTicket).toEqual([{ currency: 'USD', value: 4000, numerator: 8000, denominator: 2 }]);
  });

  it('a longer period is compared with the same number of days before it', async () => {
    const { body } = await getAnalytics(tp, shop.franchiseId, { from: '2027-03-01', to: '2027-03-31', locationId: shop.locationId }, cookie);
    expect(body.previousPeriod).toEqual({ from: '2027-01-29', to: '2027-02-28', days: 31 });
    expect(body.summary.previous?.appointments.total).toBe(0);
    expect(body.locations[0]?.previous?.revenue).toEqual([{ currency: 'USD', cents: 0 }]);
  });

  it('no previous period before the earliest date', async () => {
    const { statusCode, body } = await getAnalytics(tp, shop.franchiseId, { from: '1900-01-01', to: '1900-01-07' }, cookie);
    expect(statusCode).toBe(200);
    expect(body.previousPeriod).toBeNull();
    expect(body.summary.previous).toBeNull();
  });
});
