import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { addAppointment, addClient, addLocation, getAnalytics } from '../../../test/support/analytics.js';
import type { ExtraLocation } from '../../../test/support/analytics.js';

/**
 * A franchise with a New York shop (USD) and a London shop (GBP): money is never
 * added across currencies, and who may see which location's numbers.
 */
let tp: TestPlatform;
let shop: Shop;
let london: ExtraLocation;
let other: Shop;
const cookies: Record<'owner' | 'manager' | 'scoped' | 'barber' | 'stranger' | 'otherOwner', string> = {
  owner: '',
  manager: '',
  scoped: '',
  barber: '',
  stranger: '',
  otherOwner: '',
};

const WEEK = { from: '2027-06-07', to: '2027-06-13' };

beforeAll(async () => {
  tp = await createTestPlatform({ clock: fixedClock('2027-08-01T12:00:00Z') });
  shop = await makeShop(tp, { barbers: 1 });
  london = await addLocation(tp, shop.franchiseId, { name: 'London Soho', timezone: 'Europe/London', currency: 'GBP', barbers: 1 });
  other = await makeShop(tp, { barbers: 1 });
  const f = shop.franchiseId;
  cookies.owner = (await makeUser(tp, { franchiseId: f, role: 'owner' })).cookie;
  cookies.manager = (await makeUser(tp, { franchiseId: f, role: 'manager' })).cookie;
  cookies.scoped = (await makeUser(tp, { franchiseId: f, role: 'manager', locationIds: [london.locationId] })).cookie;
  cookies.barber = (await makeUser(tp, { franchiseId: f, role: 'barber' })).cookie;
  cookies.stranger = (await makeUser(tp)).cookie;
  cookies.otherOwner = (await makeUser(tp, { franchiseId: other.franchiseId, role: 'owner' })).cookie;

  const client = await addClient(tp, f, 'Traveller');
  const ny = { franchiseId: f, locationId: shop.locationId, barberId: shop.barberIds[0]!, serviceId: shop.serviceIds[0]!, clientId: client };
  const uk = { franchiseId: f, locationId: london.locationId, barberId: london.barberIds[0]!, serviceId: london.serviceId, clientId: client, currency: 'GBP' };
  await addAppointment(tp, { ...ny, start: '2027-06-07T10:00:00-04:00', status: 'completed', priceCents: 3500 });
  await addAppointment(tp, { ...ny, start: '2027-06-08T10:00:00-04:00', status: 'completed', priceCents: 3500 });
  await addAppointment(tp, { ...uk, start: '2027-06-09T10:00:00+01:00', status: 'completed', priceCents: 2500 });
  await addAppointment(tp, { ...uk, start: '2027-06-10T10:00:00+01:00', status: 'no_show', priceCents: 2500 });
});

afterAll(async () => {
  await tp.close();
});

describe('analytics: two currencies', () => {
  it('reports money per currency and never adds dollars to pounds', async () => {
    const { statusCode, body } = await getAnalytics(tp, shop.franchiseId, WEEK, cookies.owner);
    expect(statusCode).toBe(200);
    expect(body.summary.revenue).toEqual([
      { currency: 'GBP', cents: 2500 },
      { currency: 'USD', cents: 7000 },
    ]);
    expect(body.summary.averageTicket).toEqual([
      { currency: 'GBP', value: 2500, numerator: 2500, denominator: 1 },
      { currency: 'USD', value: 3500, numerator: 7000, denominator: 2 },
    ]);
    // Counts and rates do mix locations: they are not money.
    expect(body.summary.appointments).toMatchObject({ completed: 3, noShow: 1, total: 4 });
    expect(body.summary.noShowRate).toEqual({ value: 0.25, numerator: 1, denominator: 4 });
    // Each currency's entry counts its own visits: the £ chart never says "visits in all currencies".
    expect(body.summary.series[2]?.revenue).toEqual([
      { currency: 'GBP', cents: 2500, completed: 1 },
      { currency: 'USD', cents: 0, completed: 0 },
    ]);
    expect(body.summary.series[0]?.revenue).toEqual([
      { currency: 'GBP', cents: 0, completed: 0 },
      { currency: 'USD', cents: 3500, completed: 1 },
    ]);
    // Side by side, by name: London first, each in its own currency.
    expect(body.locations.map((l) => [l.currency, l.revenue])).toEqual([
      ['GBP', [{ currency: 'GBP', cents: 2500 }]],
      ['USD', [{ currency: 'USD', cents: 7000 }]],
    ]);
    expect(body.locations[0]?.barbers[0]?.runRate[0]).toMatchObject({ currency: 'GBP', revenueCents: 2500, goalCents: 10_000_000 });
  });

  it('one location: only its currency', async () => {
    const { body } = await getAnalytics(tp, shop.franchiseId, { ...WEEK, locationId: london.locationId }, cookies.manager);
    expect(body.locationId).toBe(london.locationId);
    expect(body.summary.revenue).toEqual([{ currency: 'GBP', cents: 2500 }]);
    expect(body.locations.map((l) => l.id)).toEqual([london.locationId]);
  });
});

describe('analytics: who may see what', () => {
  it('a manager scoped to London sees London only, franchise-wide too', async () => {
    const all = await getAnalytics(tp, shop.franchiseId, WEEK, cookies.scoped);
    expect(all.statusCode).toBe(200);
    expect(all.body.locations.map((l) => l.id)).toEqual([london.locationId]);
    expect(all.body.summary.revenue).toEqual([{ currency: 'GBP', cents: 2500 }]);
    expect(all.body.summary.appointments.total).toBe(2);
    expect((await getAnalytics(tp, shop.franchiseId, { ...WEEK, locationId: london.locationId }, cookies.scoped)).statusCode).toBe(200);
    const ny = await getAnalytics(tp, shop.franchiseId, { ...WEEK, locationId: shop.locationId }, cookies.scoped);
    expect(ny.statusCode).toBe(403);
  });

  it('a manager scoped to no location gets an empty report, not an error', async () => {
    const nowhere = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager', locationIds: [] });
    const { statusCode, body } = await getAnalytics(tp, shop.franchiseId, WEEK, nowhere.cookie);
    expect(statusCode).toBe(200);
    expect(body.locations).toEqual([]);
    expect(body.summary.revenue).toEqual([]);
    expect(body.summary.appointments.total).toBe(0);
  });

  it.each([
    ['not signed in', undefined, 401],
    ['a barber', 'barber', 403],
    ['a signed-in stranger', 'stranger', 404],
    ["another franchise's owner", 'otherOwner', 404],
  ] as const)('%s → %i', async (_who, role, status) => {
    const response = await getAnalytics(tp, shop.franchiseId, WEEK, role && cookies[role]);
    expect(response.statusCode).toBe(status);
  });

  it("another franchise's location is 404, an unknown franchise too", async () => {
    expect((await getAnalytics(tp, shop.franchiseId, { ...WEEK, locationId: other.locationId }, cookies.owner)).statusCode).toBe(404);
    expect((await getAnalytics(tp, shop.franchiseId, { ...WEEK, locationId: randomUUID() }, cookies.owner)).statusCode).toBe(404);
    expect((await getAnalytics(tp, randomUUID(), WEEK, cookies.owner)).statusCode).toBe(404);
  });
});

describe('analytics: bad input is a 400 problem', () => {
  it.each([
    ['an impossible date', { from: '2027-02-30', to: '2027-03-01' }, 'querystring.from'],
    ['inverted dates', { from: '2027-03-02', to: '2027-03-01' }, 'querystring.to'],
    ['367 days', { from: '2027-01-01', to: '2028-01-02' }, 'querystring.to'],
    ['a malformed date', { from: '2027-3-1', to: '2027-03-01' }, 'querystring.from'],
    ['a missing end', { from: '2027-03-01' }, 'querystring.to'],
    ['a malformed location id', { ...WEEK, locationId: 'nope' }, 'querystring.locationId'],
    ['year 0, which PostgreSQL does not have', { from: '0000-12-31', to: '0001-01-01' }, 'querystring.from'],
    ['an unknown parameter', { ...WEEK, locationID: 'typo' }, 'querystring'],
  ] as const)('%s', async (_what, query, path) => {
    const response = await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}/analytics`, query, headers: { cookie: cookies.owner } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('a malformed franchise id is 400; 366 days is fine', async () => {
    expect((await getAnalytics(tp, 'nope', WEEK, cookies.owner)).statusCode).toBe(400);
    const leap = await getAnalytics(tp, shop.franchiseId, { from: '2028-01-01', to: '2028-12-31' }, cookies.owner);
    expect(leap.statusCode).toBe(200);
    expect(leap.body.period).toMatchObject({ days: 366, bucket: 'week' });
  });
});
