import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { newId } from '../../db/ids.js';
import { errorPaths, expectProblem } from '../../../test/support/franchises.js';

let tp: TestPlatform;
let shop: Shop;
let owner: { cookie: string };

beforeAll(async () => {
  tp = await createTestPlatform();
  shop = await makeShop(tp, { timezone: 'Europe/London' });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
});
afterAll(async () => {
  await tp.close();
});

const url = (barberId: string, rest = '') => `/api/v1/franchises/${shop.franchiseId}/barbers/${barberId}/time-off${rest}`;
const barberId = () => shop.barberIds[0] as string;

async function bookAppointment(barber: string, start: string, minutes: number, status: 'booked' | 'cancelled' = 'booked'): Promise<void> {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  const clientId = newId();
  await db.insertInto('clients').values({ franchise_id: shop.franchiseId, id: clientId, email: `${clientId}@example.test`, name: 'Client' }).execute();
  const startsAt = new Date(start);
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
  await db
    .insertInto('appointments')
    .values({
      franchise_id: shop.franchiseId,
      id: newId(),
      location_id: shop.locationId,
      barber_id: barber,
      service_id: shop.serviceIds[0] as string,
      client_id: clientId,
      starts_at: startsAt,
      ends_at: endsAt,
      blocked_until: endsAt,
      status,
      price_cents: 3500,
      currency: 'GBP',
      notes: null,
    })
    .execute();
}

describe('POST …/time-off', () => {
  it('blocks time, returns it in the location zone and counts the appointments it overlaps', async () => {
    const barber = shop.barberIds[1] as string;
    await bookAppointment(barber, '2027-07-14T10:00:00+01:00', 30);
    await bookAppointment(barber, '2027-07-14T11:00:00+01:00', 30, 'cancelled');
    await bookAppointment(barber, '2027-07-15T10:00:00+01:00', 30);
    const response = await tp.app.inject({ method: 'POST', url: url(barber), headers: { cookie: owner.cookie }, payload: { start: '2027-07-14T08:00:00Z', end: '2027-07-14T17:00:00Z', reason: 'Dentist' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      barberId: barber,
      start: '2027-07-14T09:00:00+01:00',
      end: '2027-07-14T18:00:00+01:00',
      reason: 'Dentist',
      conflictingAppointments: 1,
    });
  });

  it.each([
    ['an inverted range', { start: '2027-07-14T17:00:00Z', end: '2027-07-14T08:00:00Z' }, 'body.end'],
    ['an empty range', { start: '2027-07-14T08:00:00Z', end: '2027-07-14T08:00:00Z' }, 'body.end'],
    ['more than 90 days', { start: '2027-01-01T00:00:00Z', end: '2027-04-02T00:00:00Z' }, 'body.end'],
    ['an instant without offset', { start: '2027-07-14T08:00:00', end: '2027-07-14T17:00:00Z' }, 'body.start'],
    ['an impossible date', { start: '2027-02-30T08:00:00Z', end: '2027-03-01T17:00:00Z' }, 'body.start'],
    ['an impossible hour', { start: '2027-07-14T25:61:00Z', end: '2027-07-15T17:00:00Z' }, 'body.start'],
    ['a number for start', { start: 1_700_000_000, end: '2027-07-14T17:00:00Z' }, 'body.start'],
  ])('answers 400 for %s and stores nothing', async (_name, payload, path) => {
    const before = (await tp.app.inject({ method: 'GET', url: url(barberId()), headers: { cookie: owner.cookie } })).json().timeOff;
    const response = await tp.app.inject({ method: 'POST', url: url(barberId()), headers: { cookie: owner.cookie }, payload });
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response)).toContain(path);
    expect((await tp.app.inject({ method: 'GET', url: url(barberId()), headers: { cookie: owner.cookie } })).json().timeOff).toEqual(before);
  });

  it('lets a barber member block their own time but not a colleague’s', async () => {
    const member = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    await db.updateTable('barbers').set({ user_id: member.userId }).where('franchise_id', '=', shop.franchiseId).where('id', '=', barberId()).execute();
    const payload = { start: '2027-08-01T09:00:00+01:00', end: '2027-08-01T12:00:00+01:00' };
    expect((await tp.app.inject({ method: 'POST', url: url(barberId()), headers: { cookie: member.cookie }, payload })).statusCode).toBe(201);
    expectProblem(await tp.app.inject({ method: 'POST', url: url(shop.barberIds[1] as string), headers: { cookie: member.cookie }, payload }), 403, 'Forbidden');
  });

  it('answers 404 for an unknown barber, 401 signed out', async () => {
    const payload = { start: '2027-08-01T09:00:00Z', end: '2027-08-01T12:00:00Z' };
    expectProblem(await tp.app.inject({ method: 'POST', url: url(newId()), headers: { cookie: owner.cookie }, payload }), 404);
    expectProblem(await tp.app.inject({ method: 'POST', url: url(barberId()), payload }), 401);
  });
});

describe('GET and DELETE …/time-off', () => {
  it('lists time off overlapping from–to (dates are whole local days) and deletes it', async () => {
    const barber = shop.barberIds[1] as string;
    const created = (
      await tp.app.inject({ method: 'POST', url: url(barber), headers: { cookie: owner.cookie }, payload: { start: '2027-09-10T09:00:00+01:00', end: '2027-09-10T13:00:00+01:00' } })
    ).json();
    const inRange = await tp.app.inject({ method: 'GET', url: url(barber, '?from=2027-09-10&to=2027-09-10'), headers: { cookie: owner.cookie } });
    expect(inRange.statusCode).toBe(200);
    expect(inRange.json().timeOff).toEqual([{ id: created.id, barberId: barber, start: '2027-09-10T09:00:00+01:00', end: '2027-09-10T13:00:00+01:00', reason: null }]);
    const outside = await tp.app.inject({ method: 'GET', url: url(barber, '?from=2027-09-11T00:00:00%2B01:00'), headers: { cookie: owner.cookie } });
    expect(outside.json().timeOff).toEqual([]);

    const deleted = await tp.app.inject({ method: 'DELETE', url: url(barber, `/${created.id}`), headers: { cookie: owner.cookie } });
    expect(deleted.statusCode).toBe(204);
    expect((await tp.app.inject({ method: 'GET', url: url(barber, '?from=2027-09-10&to=2027-09-10'), headers: { cookie: owner.cookie } })).json().timeOff).toEqual([]);
    expectProblem(await tp.app.inject({ method: 'DELETE', url: url(barber, `/${created.id}`), headers: { cookie: owner.cookie } }), 404);
  });

  it('answers 400 for a bad from/to and an inverted range', async () => {
    expectProblem(await tp.app.inject({ method: 'GET', url: url(barberId(), '?from=yesterday'), headers: { cookie: owner.cookie } }), 400);
    expectProblem(await tp.app.inject({ method: 'GET', url: url(barberId(), '?from=2027-02-30'), headers: { cookie: owner.cookie } }), 400);
    expectProblem(await tp.app.inject({ method: 'GET', url: url(barberId(), '?from=2027-09-12&to=2027-09-10'), headers: { cookie: owner.cookie } }), 400);
  });

  it('does not delete another barber’s time off through the wrong barber id', async () => {
    const created = (
      await tp.app.inject({ method: 'POST', url: url(barberId()), headers: { cookie: owner.cookie }, payload: { start: '2027-10-01T09:00:00Z', end: '2027-10-01T10:00:00Z' } })
    ).json();
    expectProblem(await tp.app.inject({ method: 'DELETE', url: url(shop.barberIds[1] as string, `/${created.id}`), headers: { cookie: owner.cookie } }), 404);
  });
});
