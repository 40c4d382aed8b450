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
  shop = await makeShop(tp, {
    services: [
      { name: 'Haircut', durationMinutes: 30, priceCents: 4000 },
      { name: 'Beard trim', durationMinutes: 20, priceCents: 2500 },
    ],
  });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
});
afterAll(async () => {
  await tp.close();
});

const barbersUrl = (rest = '') => `/api/v1/franchises/${shop.franchiseId}/barbers${rest}`;

async function createBarber(payload: Record<string, unknown> = {}, cookie = owner.cookie) {
  return tp.app.inject({ method: 'POST', url: barbersUrl(), headers: { cookie }, payload: { name: 'Rico', locationId: shop.locationId, ...payload } });
}

describe('POST /franchises/:franchiseId/barbers', () => {
  it('adds a barber who performs the whole active menu and has no hours yet', async () => {
    const response = await createBarber({ email: 'Rico@Example.test' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      locationId: shop.locationId,
      name: 'Rico',
      email: 'rico@example.test',
      isActive: true,
      userId: null,
      serviceIds: [...shop.serviceIds],
      weekly: [],
    });
  });

  it('takes an explicit service list', async () => {
    const response = await createBarber({ serviceIds: [shop.serviceIds[1]] });
    expect(response.json().serviceIds).toEqual([shop.serviceIds[1]]);
  });

  it('links the barber to the member account with the same email', async () => {
    const member = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    const response = await createBarber({ email: member.email });
    expect(response.json().userId).toBe(member.userId);
  });

  it('answers 400 for a location or service that is not this franchise’s', async () => {
    const other = await makeShop(tp);
    const badLocation = await createBarber({ locationId: other.locationId });
    expectProblem(badLocation, 400);
    expect(errorPaths(badLocation)).toEqual(['body.locationId']);
    const badService = await createBarber({ serviceIds: [shop.serviceIds[0], other.serviceIds[0]] });
    expectProblem(badService, 400);
    expect(errorPaths(badService)).toEqual(['body.serviceIds.1']);
  });

  it.each([
    ['a missing name', { name: undefined }, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a bad email', { email: 'nope' }, 'body.email'],
    ['a location id that is not a uuid', { locationId: 'abc' }, 'body.locationId'],
    ['a number for the name', { name: 42 }, 'body.name'],
  ])('answers 400 for %s', async (_name, change, path) => {
    const response = await createBarber(change);
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response)).toContain(path);
  });

  it('is for owners and managers: 403 for a barber, 401 signed out', async () => {
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    expectProblem(await createBarber({}, barber.cookie), 403);
    expectProblem(await tp.app.inject({ method: 'POST', url: barbersUrl(), payload: { name: 'X', locationId: shop.locationId } }), 401);
  });
});

describe('GET /franchises/:franchiseId/barbers', () => {
  it('lists barbers with weekly hours and services, to every role, filtered by location', async () => {
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] });
    const response = await tp.app.inject({ method: 'GET', url: barbersUrl(`?locationId=${shop.locationId}`), headers: { cookie: barber.cookie } });
    expect(response.statusCode).toBe(200);
    const first = response.json().barbers.find((b: { id: string }) => b.id === shop.barberIds[0]);
    expect(first.weekly).toHaveLength(6);
    expect(first.weekly[0]).toEqual({ weekday: 1, start: '09:00', end: '17:00' });
    expect(first.serviceIds).toEqual([...shop.serviceIds]);
  });

  it('gives a location-scoped member 403 for another location', async () => {
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [newId()] });
    expectProblem(await tp.app.inject({ method: 'GET', url: barbersUrl(`?locationId=${shop.locationId}`), headers: { cookie: barber.cookie } }), 403);
    const unfiltered = await tp.app.inject({ method: 'GET', url: barbersUrl(), headers: { cookie: barber.cookie } });
    expect(unfiltered.json().barbers).toEqual([]);
  });
});

describe('PATCH /franchises/:franchiseId/barbers/:barberId', () => {
  it('renames and deactivates, and audits the change', async () => {
    const id = (await createBarber()).json().id;
    const response = await tp.app.inject({ method: 'PATCH', url: barbersUrl(`/${id}`), headers: { cookie: owner.cookie }, payload: { name: 'Enrico', isActive: false, email: null } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, name: 'Enrico', isActive: false, email: null });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const actions = await db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['barber.created', 'barber.updated']);
  });

  it('answers 400 for an empty body and 404 for an unknown barber', async () => {
    expectProblem(await tp.app.inject({ method: 'PATCH', url: barbersUrl(`/${shop.barberIds[0]}`), headers: { cookie: owner.cookie }, payload: {} }), 400);
    expectProblem(await tp.app.inject({ method: 'PATCH', url: barbersUrl(`/${newId()}`), headers: { cookie: owner.cookie }, payload: { name: 'X' } }), 404);
  });
});

describe('PUT /franchises/:franchiseId/barbers/:barberId/schedule', () => {
  const put = (barberId: string, payload: unknown, cookie = owner.cookie) =>
    tp.app.inject({ method: 'PUT', url: barbersUrl(`/${barberId}/schedule`), headers: { cookie }, payload: payload as object });

  it('replaces weekly hours and services in one go and returns them sorted', async () => {
    const id = (await createBarber()).json().id;
    const weekly = [
      { weekday: 4, start: '11:00', end: '20:00' },
      { weekday: 2, start: '13:00', end: '18:00' },
      { weekday: 2, start: '09:00', end: '12:30' },
    ];
    const response = await put(id, { weekly, serviceIds: [shop.serviceIds[0]] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      barberId: id,
      weekly: [
        { weekday: 2, start: '09:00', end: '12:30' },
        { weekday: 2, start: '13:00', end: '18:00' },
        { weekday: 4, start: '11:00', end: '20:00' },
      ],
      serviceIds: [shop.serviceIds[0]],
    });
    const listed = (await tp.app.inject({ method: 'GET', url: barbersUrl(), headers: { cookie: owner.cookie } })).json().barbers.find((b: { id: string }) => b.id === id);
    expect(listed.weekly).toEqual(response.json().weekly);
    expect(listed.serviceIds).toEqual([shop.serviceIds[0]]);

    const emptied = await put(id, { weekly: [], serviceIds: [] });
    expect(emptied.json()).toEqual({ barberId: id, weekly: [], serviceIds: [] });
  });

  it.each([
    ['an impossible time', [{ weekday: 1, start: '25:61', end: '26:00' }], 'body.weekly.0.start'],
    ['24:00', [{ weekday: 1, start: '09:00', end: '24:00' }], 'body.weekly.0.end'],
    ['an inverted interval', [{ weekday: 1, start: '18:00', end: '09:00' }], 'body.weekly.0.end'],
    ['an empty interval', [{ weekday: 1, start: '09:00', end: '09:00' }], 'body.weekly.0.end'],
    ['overlapping intervals', [{ weekday: 1, start: '09:00', end: '13:00' }, { weekday: 1, start: '12:00', end: '17:00' }], 'body.weekly.1'],
    ['weekday 0', [{ weekday: 0, start: '09:00', end: '17:00' }], 'body.weekly.0.weekday'],
    ['weekday 8', [{ weekday: 8, start: '09:00', end: '17:00' }], 'body.weekly.0.weekday'],
    ['a time without leading zero', [{ weekday: 1, start: '9:00', end: '17:00' }], 'body.weekly.0.start'],
    ['a fractional weekday', [{ weekday: 1.5, start: '09:00', end: '17:00' }], 'body.weekly.0.weekday'],
  ])('answers 400 for %s and changes nothing', async (_name, weekly, path) => {
    const barberId = shop.barberIds[0] as string;
    const before = (await tp.app.inject({ method: 'GET', url: barbersUrl(), headers: { cookie: owner.cookie } })).json().barbers.find((b: { id: string }) => b.id === barberId);
    const response = await put(barberId, { weekly, serviceIds: [] });
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response)).toContain(path);
    const after = (await tp.app.inject({ method: 'GET', url: barbersUrl(), headers: { cookie: owner.cookie } })).json().barbers.find((b: { id: string }) => b.id === barberId);
    expect(after).toEqual(before);
  });

  it('answers 400 for a service of another location, 400 without serviceIds', async () => {
    const other = await makeShop(tp);
    const response = await put(shop.barberIds[0] as string, { weekly: [], serviceIds: [other.serviceIds[0]] });
    expectProblem(response, 400);
    expect(errorPaths(response)).toEqual(['body.serviceIds.0']);
    expectProblem(await put(shop.barberIds[0] as string, { weekly: [] }), 400);
  });

  it('answers 404 for an unknown barber and 403 for a barber member', async () => {
    expectProblem(await put(newId(), { weekly: [], serviceIds: [] }), 404);
    const member = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    expectProblem(await put(shop.barberIds[0] as string, { weekly: [], serviceIds: [] }, member.cookie), 403);
  });
});
