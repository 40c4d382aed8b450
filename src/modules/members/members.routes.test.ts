import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import { newId } from '../../db/ids.js';
import { errorPaths, expectProblem, ownedFranchise } from '../../../test/support/franchises.js';

let tp: TestPlatform;

beforeAll(async () => {
  tp = await createTestPlatform();
});
afterAll(async () => {
  await tp.close();
});

const url = (franchiseId: string, rest = '') => `/api/v1/franchises/${franchiseId}/members${rest}`;
const add = (franchiseId: string, cookie: string, payload: unknown) => tp.app.inject({ method: 'POST', url: url(franchiseId), headers: { cookie }, payload: payload as object });

describe('POST /franchises/:franchiseId/members', () => {
  it('gives an existing account a role; /me then shows it', async () => {
    const owner = await ownedFranchise(tp);
    const person = await makeUser(tp);
    const response = await add(owner.franchiseId, owner.cookie, { email: person.email.toUpperCase(), role: 'barber', locationIds: [owner.locationId] });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ userId: person.userId, email: person.email, name: expect.any(String), role: 'barber', locationIds: [owner.locationId], allLocations: false });
    const me = (await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: person.cookie } })).json();
    expect(me.memberships).toEqual([{ franchiseId: owner.franchiseId, franchiseName: 'Test Cuts', role: 'barber', locationIds: [owner.locationId], allLocations: false }]);
  });

  it('links barber rows with the member’s email', async () => {
    const owner = await ownedFranchise(tp);
    const person = await makeUser(tp);
    const barber = (
      await tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${owner.franchiseId}/barbers`, headers: { cookie: owner.cookie }, payload: { name: 'Sam', locationId: owner.locationId, email: person.email } })
    ).json();
    expect(barber.userId).toBeNull();
    await add(owner.franchiseId, owner.cookie, { email: person.email, role: 'barber' });
    const listed = (await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${owner.franchiseId}/barbers`, headers: { cookie: owner.cookie } })).json();
    expect(listed.barbers.find((b: { id: string }) => b.id === barber.id).userId).toBe(person.userId);
  });

  it('answers 404 for an email without an account and 409 for an existing member', async () => {
    const owner = await ownedFranchise(tp);
    expectProblem(await add(owner.franchiseId, owner.cookie, { email: 'nobody-here@example.test', role: 'manager' }), 404);
    const person = await makeUser(tp);
    expect((await add(owner.franchiseId, owner.cookie, { email: person.email, role: 'manager' })).statusCode).toBe(201);
    expectProblem(await add(owner.franchiseId, owner.cookie, { email: person.email, role: 'barber' }), 409, 'AlreadyExists');
  });

  it.each([
    ['an unknown role', { role: 'admin' }, 'body.role'],
    ['a bad email', { email: 'nope' }, 'body.email'],
    ['an empty location list', { locationIds: [] }, 'body.locationIds'],
    ['a location of another franchise', { locationIds: [newId()] }, 'body.locationIds.0'],
    ['locations for an owner', { role: 'owner', locationIds: ['LOCATION'] }, 'body.locationIds'],
  ])('answers 400 for %s', async (_name, change, path) => {
    const owner = await ownedFranchise(tp);
    const person = await makeUser(tp);
    const payload = { email: person.email, role: 'manager', ...change } as Record<string, unknown>;
    if (Array.isArray(payload.locationIds)) payload.locationIds = payload.locationIds.map((id) => (id === 'LOCATION' ? owner.locationId : id));
    const response = await add(owner.franchiseId, owner.cookie, payload);
    expectProblem(response, 400);
    expect(errorPaths(response)).toContain(path);
  });

  it('lets only owners add owners; managers add managers and barbers; barbers add no one', async () => {
    const owner = await ownedFranchise(tp);
    const manager = await makeUser(tp, { franchiseId: owner.franchiseId, role: 'manager' });
    const barber = await makeUser(tp, { franchiseId: owner.franchiseId, role: 'barber' });
    expectProblem(await add(owner.franchiseId, manager.cookie, { email: (await makeUser(tp)).email, role: 'owner' }), 403);
    expect((await add(owner.franchiseId, manager.cookie, { email: (await makeUser(tp)).email, role: 'manager' })).statusCode).toBe(201);
    expectProblem(await add(owner.franchiseId, barber.cookie, { email: (await makeUser(tp)).email, role: 'barber' }), 403);
    expect((await add(owner.franchiseId, owner.cookie, { email: (await makeUser(tp)).email, role: 'owner' })).statusCode).toBe(201);
  });

  it('keeps a location-scoped manager inside their locations', async () => {
    const owner = await ownedFranchise(tp);
    const scoped = await makeUser(tp, { franchiseId: owner.franchiseId, role: 'manager', locationIds: [owner.locationId] });
    expectProblem(await add(owner.franchiseId, scoped.cookie, { email: (await makeUser(tp)).email, role: 'barber' }), 403);
    expect((await add(owner.franchiseId, scoped.cookie, { email: (await makeUser(tp)).email, role: 'barber', locationIds: [owner.locationId] })).statusCode).toBe(201);
  });
});

describe('GET and DELETE /franchises/:franchiseId/members', () => {
  it('lists members to managers, not to barbers', async () => {
    const shop = await makeShop(tp);
    const owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] });
    const response = await tp.app.inject({ method: 'GET', url: url(shop.franchiseId), headers: { cookie: owner.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json().members).toEqual([
      { userId: owner.userId, email: owner.email, name: 'Test User', role: 'owner', locationIds: [shop.locationId], allLocations: true },
      { userId: barber.userId, email: barber.email, name: 'Test User', role: 'barber', locationIds: [shop.locationId], allLocations: false },
    ]);
    expectProblem(await tp.app.inject({ method: 'GET', url: url(shop.franchiseId), headers: { cookie: barber.cookie } }), 403);
  });

  it('removes a member (204), who then cannot see the franchise (404)', async () => {
    const shop = await makeShop(tp);
    const owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    expect((await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${barber.userId}`), headers: { cookie: owner.cookie } })).statusCode).toBe(204);
    expectProblem(await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}`, headers: { cookie: barber.cookie } }), 404);
    expectProblem(await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${barber.userId}`), headers: { cookie: owner.cookie } }), 404);
  });

  it('never removes the last owner (409), but a second owner can go', async () => {
    const shop = await makeShop(tp);
    const owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    expectProblem(await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${owner.userId}`), headers: { cookie: owner.cookie } }), 409);
    const second = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    expect((await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${second.userId}`), headers: { cookie: owner.cookie } })).statusCode).toBe(204);
  });

  it('two owners removing each other at once leave one owner', async () => {
    const shop = await makeShop(tp);
    const a = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const b = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const results = await Promise.all([
      tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${b.userId}`), headers: { cookie: a.cookie } }),
      tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${a.userId}`), headers: { cookie: b.cookie } }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    const owners = await tp.platform.core.catalog.selectFrom('memberships').select('user_id').where('franchise_id', '=', shop.franchiseId).where('role', '=', 'owner').execute();
    expect(owners).toHaveLength(1);
  });

  it('lets managers remove barbers but not owners; anyone may leave', async () => {
    const shop = await makeShop(tp);
    const owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const manager = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager' });
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    const leaver = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    expectProblem(await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${owner.userId}`), headers: { cookie: manager.cookie } }), 403);
    expectProblem(await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${manager.userId}`), headers: { cookie: barber.cookie } }), 403);
    expect((await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${barber.userId}`), headers: { cookie: manager.cookie } })).statusCode).toBe(204);
    expect((await tp.app.inject({ method: 'DELETE', url: url(shop.franchiseId, `/${leaver.userId}`), headers: { cookie: leaver.cookie } })).statusCode).toBe(204);
  });
});
