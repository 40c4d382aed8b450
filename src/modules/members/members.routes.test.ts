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

describe('POST /franchises/:franchiseId/members (kept for v1 clients)', () => {
  it('grants nothing: it creates a pending invitation, answered alike for an existing account and an unknown email', async () => {
    const owner = await ownedFranchise(tp);
    const person = await makeUser(tp);
    const known = await add(owner.franchiseId, owner.cookie, { email: person.email, role: 'barber', locationIds: [owner.locationId] });
    const unknown = await add(owner.franchiseId, owner.cookie, { email: 'nobody-here@example.test', role: 'barber', locationIds: [owner.locationId] });
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    const strip = (body: Record<string, unknown>) => ({ ...body, id: undefined, email: undefined, createdAt: undefined, expiresAt: undefined });
    expect(strip(known.json())).toEqual(strip(unknown.json()));
    expect(known.json()).not.toHaveProperty('name');
    expect(known.json()).not.toHaveProperty('userId');
    const me = (await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: person.cookie } })).json();
    expect(me.memberships).toEqual([]);
  });

  it.each([
    ['an unknown role', { role: 'admin' }, 'body.role'],
    ['a bad email', { email: 'nope' }, 'body.email'],
    ['an empty location list', { locationIds: [] }, 'body.locationIds'],
    ['a location of another franchise', { locationIds: [newId()] }, 'body.locationIds.0'],
    ['locations for an owner', { role: 'owner', locationIds: ['LOCATION'] }, 'body.locationIds'],
  ])('answers 400 for %s', async (_name, change, path) => {
    const owner = await ownedFranchise(tp);
    const payload = { email: 'someone@example.test', role: 'manager', ...change } as Record<string, unknown>;
    if (Array.isArray(payload.locationIds)) payload.locationIds = payload.locationIds.map((id) => (id === 'LOCATION' ? owner.locationId : id));
    const response = await add(owner.franchiseId, owner.cookie, payload);
    expectProblem(response, 400);
    expect(errorPaths(response)).toContain(path);
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
