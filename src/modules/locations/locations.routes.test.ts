import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import { errorPaths, expectProblem, ownedFranchise, uniqueSlug } from '../../../test/support/franchises.js';

let tp: TestPlatform;

beforeAll(async () => {
  tp = await createTestPlatform();
});
afterAll(async () => {
  await tp.close();
});

const url = (franchiseId: string, rest = '') => `/api/v1/franchises/${franchiseId}/locations${rest}`;
const valid = () => ({ name: 'Downtown', slug: uniqueSlug('downtown'), timezone: 'Europe/London', currency: 'GBP' });

describe('POST /franchises/:franchiseId/locations', () => {
  it('creates a location with default policy, claims its slug in the catalog and audits it', async () => {
    const owner = await ownedFranchise(tp);
    const payload = { ...valid(), address: { line1: '1 High St', city: 'London', postalCode: 'E1 6AN', country: 'GB' } };
    const response = await tp.app.inject({ method: 'POST', url: url(owner.franchiseId), headers: { cookie: owner.cookie }, payload });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      id: expect.any(String),
      franchiseId: owner.franchiseId,
      slug: payload.slug,
      name: 'Downtown',
      timezone: 'Europe/London',
      currency: 'GBP',
      address: payload.address,
      policy: { minNoticeMinutes: 60, horizonDays: 90, cancellationWindowHours: 24, slotStepMinutes: 15 },
    });
    const directory = await tp.platform.core.catalog.selectFrom('location_directory').selectAll().where('slug', '=', payload.slug).executeTakeFirst();
    expect(directory).toEqual({ id: body.id, franchise_id: owner.franchiseId, slug: payload.slug });
    const { db } = await tp.platform.core.router.primaryFor(owner.franchiseId);
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', body.id).execute();
    expect(audit).toEqual([{ action: 'location.created', actor_user_id: owner.userId }]);
  });

  it('takes a partial policy and fills the rest with defaults', async () => {
    const owner = await ownedFranchise(tp);
    const response = await tp.app.inject({ method: 'POST', url: url(owner.franchiseId), headers: { cookie: owner.cookie }, payload: { ...valid(), policy: { horizonDays: 730, slotStepMinutes: 30 } } });
    expect(response.json().policy).toEqual({ minNoticeMinutes: 60, horizonDays: 730, cancellationWindowHours: 24, slotStepMinutes: 30 });
  });

  it('answers 409 for a slug another franchise already uses, and leaves nothing behind', async () => {
    const first = await ownedFranchise(tp);
    const second = await ownedFranchise(tp);
    const payload = valid();
    expect((await tp.app.inject({ method: 'POST', url: url(first.franchiseId), headers: { cookie: first.cookie }, payload })).statusCode).toBe(201);
    expectProblem(await tp.app.inject({ method: 'POST', url: url(second.franchiseId), headers: { cookie: second.cookie }, payload }), 409, 'AlreadyExists');
    const { db } = await tp.platform.core.router.primaryFor(second.franchiseId);
    const rows = await db.selectFrom('locations').select('id').where('franchise_id', '=', second.franchiseId).where('slug', '=', payload.slug).execute();
    expect(rows).toEqual([]);
  });

  it('gives the slug back when the shard write fails', async () => {
    const owner = await ownedFranchise(tp);
    const payload = { ...valid(), name: 'x'.repeat(100) };
    // Force the shard insert to fail after the claim: a CHECK the schema does not know about.
    const { db } = await tp.platform.core.router.primaryFor(owner.franchiseId);
    await db.schema.alterTable('locations').addCheckConstraint('test_no_long_names', (await import('kysely')).sql`length(name) < 100`).execute();
    try {
      const response = await tp.app.inject({ method: 'POST', url: url(owner.franchiseId), headers: { cookie: owner.cookie }, payload });
      expect(response.statusCode).toBe(500);
      const claimed = await tp.platform.core.catalog.selectFrom('location_directory').select('id').where('slug', '=', payload.slug).execute();
      expect(claimed).toEqual([]);
    } finally {
      await db.schema.alterTable('locations').dropConstraint('test_no_long_names').execute();
    }
  });

  it.each([
    ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'body.timezone'],
    ['a fixed offset instead of a zone', { timezone: '+02:00' }, 'body.timezone'],
    ['an unknown currency', { currency: 'XYZ' }, 'body.currency'],
    ['a lower-case currency', { currency: 'gbp' }, 'body.currency'],
    ['a horizon over 730 days', { policy: { horizonDays: 731 } }, 'body.policy.horizonDays'],
    ['a fractional notice', { policy: { minNoticeMinutes: 1.5 } }, 'body.policy.minNoticeMinutes'],
    ['a negative cancellation window', { policy: { cancellationWindowHours: -1 } }, 'body.policy.cancellationWindowHours'],
    ['a string for the slot step', { policy: { slotStepMinutes: '15' } }, 'body.policy.slotStepMinutes'],
    ['a bad slug', { slug: 'Bad Slug!' }, 'body.slug'],
    ['an unknown field', { colour: 'red' }, 'body'],
  ])('answers 400 for %s', async (_name, change, path) => {
    const owner = await ownedFranchise(tp);
    const response = await tp.app.inject({ method: 'POST', url: url(owner.franchiseId), headers: { cookie: owner.cookie }, payload: { ...valid(), ...change } });
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response).some((p) => p.startsWith(path))).toBe(true);
  });

  it('answers 400 for malformed JSON', async () => {
    const owner = await ownedFranchise(tp);
    const response = await tp.app.inject({ method: 'POST', url: url(owner.franchiseId), headers: { cookie: owner.cookie, 'content-type': 'application/json' }, payload: '{"name":' });
    expectProblem(response, 400);
  });

  it('is for owners and franchise-wide managers: barbers and location-scoped managers get 403, signed-out 401', async () => {
    const shop = await makeShop(tp);
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    const scoped = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager', locationIds: [shop.locationId] });
    const manager = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager' });
    expectProblem(await tp.app.inject({ method: 'POST', url: url(shop.franchiseId), headers: { cookie: barber.cookie }, payload: valid() }), 403, 'Forbidden');
    expectProblem(await tp.app.inject({ method: 'POST', url: url(shop.franchiseId), headers: { cookie: scoped.cookie }, payload: valid() }), 403, 'Forbidden');
    expectProblem(await tp.app.inject({ method: 'POST', url: url(shop.franchiseId), payload: valid() }), 401, 'NotSignedIn');
    expect((await tp.app.inject({ method: 'POST', url: url(shop.franchiseId), headers: { cookie: manager.cookie }, payload: valid() })).statusCode).toBe(201);
  });
});

describe('GET /franchises/:franchiseId/locations', () => {
  it('lists all locations to franchise-wide members and only their own to scoped ones', async () => {
    const owner = await ownedFranchise(tp);
    const second = (await tp.app.inject({ method: 'POST', url: url(owner.franchiseId), headers: { cookie: owner.cookie }, payload: valid() })).json();
    const scoped = await makeUser(tp, { franchiseId: owner.franchiseId, role: 'barber', locationIds: [second.id] });
    const all = (await tp.app.inject({ method: 'GET', url: url(owner.franchiseId), headers: { cookie: owner.cookie } })).json();
    expect(all.locations.map((l: { id: string }) => l.id)).toEqual([owner.locationId, second.id]);
    const mine = (await tp.app.inject({ method: 'GET', url: url(owner.franchiseId), headers: { cookie: scoped.cookie } })).json();
    expect(mine.locations.map((l: { id: string }) => l.id)).toEqual([second.id]);
  });
});

describe('PATCH /franchises/:franchiseId/locations/:locationId', () => {
  it('changes name, address, currency and part of the policy', async () => {
    const owner = await ownedFranchise(tp);
    const response = await tp.app.inject({
      method: 'PATCH',
      url: url(owner.franchiseId, `/${owner.locationId}`),
      headers: { cookie: owner.cookie },
      payload: { name: 'Uptown', currency: 'CAD', address: { city: 'Toronto' }, policy: { cancellationWindowHours: 12 } },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Uptown', currency: 'CAD', address: { city: 'Toronto' }, policy: { minNoticeMinutes: 60, horizonDays: 90, cancellationWindowHours: 12, slotStepMinutes: 15 } });
    const cleared = await tp.app.inject({ method: 'PATCH', url: url(owner.franchiseId, `/${owner.locationId}`), headers: { cookie: owner.cookie }, payload: { address: null } });
    expect(cleared.json().address).toBeNull();
  });

  it('answers 400 for an empty body or a bad value, 404 for an unknown location', async () => {
    const owner = await ownedFranchise(tp);
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(owner.franchiseId, `/${owner.locationId}`), headers: { cookie: owner.cookie }, payload: {} }), 400);
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(owner.franchiseId, `/${owner.locationId}`), headers: { cookie: owner.cookie }, payload: { policy: { horizonDays: 0 } } }), 400);
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(owner.franchiseId, `/${owner.locationId}`), headers: { cookie: owner.cookie }, payload: { currency: 'ABC' } }), 400);
    const unknown = '0190a0b0-0000-7000-8000-000000000000';
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(owner.franchiseId, `/${unknown}`), headers: { cookie: owner.cookie }, payload: { name: 'X' } }), 404);
  });

  it('gives a location-scoped manager 403 for another location of the franchise', async () => {
    const owner = await ownedFranchise(tp);
    const second = (await tp.app.inject({ method: 'POST', url: url(owner.franchiseId), headers: { cookie: owner.cookie }, payload: valid() })).json();
    const scoped = await makeUser(tp, { franchiseId: owner.franchiseId, role: 'manager', locationIds: [second.id] });
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(owner.franchiseId, `/${owner.locationId}`), headers: { cookie: scoped.cookie }, payload: { name: 'Mine now' } }), 403);
    expect((await tp.app.inject({ method: 'PATCH', url: url(owner.franchiseId, `/${second.id}`), headers: { cookie: scoped.cookie }, payload: { name: 'Mine' } })).statusCode).toBe(200);
  });

  it('gives a barber 403', async () => {
    const shop = await makeShop(tp);
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    expectProblem(await tp.app.inject({ method: 'PATCH', url: url(shop.franchiseId, `/${shop.locationId}`), headers: { cookie: barber.cookie }, payload: { name: 'X' } }), 403);
  });
});
