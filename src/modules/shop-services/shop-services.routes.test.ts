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
  shop = await makeShop(tp, { barbers: 2 });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
});
afterAll(async () => {
  await tp.close();
});

const url = (rest = '') => `/api/v1/franchises/${shop.franchiseId}/services${rest}`;
const valid = (change: Record<string, unknown> = {}) => ({ locationId: shop.locationId, name: 'Skin fade', durationMinutes: 45, priceCents: 5000, ...change });
const create = (payload: unknown, cookie = owner.cookie) => tp.app.inject({ method: 'POST', url: url(), headers: { cookie }, payload: payload as object });

describe('POST /franchises/:franchiseId/services', () => {
  it('adds a service at the end of the menu, performed by every active barber of the location', async () => {
    const response = await create(valid({ depositCents: 1000, bufferMinutes: 5 }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      locationId: shop.locationId,
      name: 'Skin fade',
      durationMinutes: 45,
      priceCents: 5000,
      depositCents: 1000,
      bufferMinutes: 5,
      isActive: true,
      sortOrder: 1,
      barberIds: [...shop.barberIds].sort(),
    });
  });

  it('takes an explicit barber list, including none', async () => {
    expect((await create(valid({ barberIds: [shop.barberIds[0]] }))).json().barberIds).toEqual([shop.barberIds[0]]);
    expect((await create(valid({ barberIds: [] }))).json().barberIds).toEqual([]);
  });

  it.each([
    ['a negative price', { priceCents: -1 }, 'body.priceCents'],
    ['a fractional price', { priceCents: 12.5 }, 'body.priceCents'],
    ['a price as a string', { priceCents: '5000' }, 'body.priceCents'],
    ['a negative deposit', { depositCents: -100 }, 'body.depositCents'],
    ['a deposit over the price', { depositCents: 6000 }, 'body.depositCents'],
    ['a fractional duration', { durationMinutes: 30.5 }, 'body.durationMinutes'],
    ['a zero duration', { durationMinutes: 0 }, 'body.durationMinutes'],
    ['a too long duration', { durationMinutes: 481 }, 'body.durationMinutes'],
    ['a negative buffer', { bufferMinutes: -5 }, 'body.bufferMinutes'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a location of another franchise', { locationId: newId() }, 'body.locationId'],
    ['a barber of another location', { barberIds: [newId()] }, 'body.barberIds.0'],
  ])('answers 400 for %s', async (_name, change, path) => {
    const response = await create(valid(change));
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response)).toContain(path);
  });

  it('is for owners and managers', async () => {
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    expectProblem(await create(valid(), barber.cookie), 403);
    const scoped = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager', locationIds: [newId()] });
    expectProblem(await create(valid(), scoped.cookie), 403);
    expectProblem(await tp.app.inject({ method: 'POST', url: url(), payload: valid() }), 401);
  });
});

describe('GET /franchises/:franchiseId/services', () => {
  it('lists the menu in order, to every role', async () => {
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    const response = await tp.app.inject({ method: 'GET', url: url(`?locationId=${shop.locationId}`), headers: { cookie: barber.cookie } });
    expect(response.statusCode).toBe(200);
    const services = response.json().services as { id: string; sortOrder: number }[];
    expect(services[0]?.id).toBe(shop.serviceIds[0]);
    expect(services.map((s) => s.sortOrder)).toEqual([...services.map((s) => s.sortOrder)].sort((a, b) => a - b));
  });

  it('answers 400 for a bad locationId', async () => {
    expectProblem(await tp.app.inject({ method: 'GET', url: url('?locationId=nope'), headers: { cookie: owner.cookie } }), 400);
  });
});

describe('PATCH /franchises/:franchiseId/services/:serviceId', () => {
  it('changes price, deposit and buffer, and can retire a service', async () => {
    const id = (await create(valid())).json().id;
    const response = await tp.app.inject({ method: 'PATCH', url: url(`/${id}`), headers: { cookie: owner.cookie }, payload: { priceCents: 5500, depositCents: 500, bufferMinutes: 10, isActive: false } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id, priceCents: 5500, depositCents: 500, bufferMinutes: 10, isActive: false });
  });

  it('checks the deposit against the resulting price', async () => {
    const id = (await create(valid({ depositCents: 2000 }))).json().id;
    const response = await tp.app.inject({ method: 'PATCH', url: url(`/${id}`), headers: { cookie: owner.cookie }, payload: { priceCents: 1000 } });
    expectProblem(response, 400);
    expect(errorPaths(response)).toEqual(['body.priceCents']);
  });

  it('answers 400 for an empty body or a negative price, 404 for an unknown service', async () => {
    const id = shop.serviceIds[0] as string;
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(`/${id}`), headers: { cookie: owner.cookie }, payload: {} }), 400);
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(`/${id}`), headers: { cookie: owner.cookie }, payload: { priceCents: -5 } }), 400);
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(`/${newId()}`), headers: { cookie: owner.cookie }, payload: { priceCents: 5 } }), 404);
  });
});
