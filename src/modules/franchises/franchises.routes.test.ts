import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import { newId } from '../../db/ids.js';
import { errorPaths, expectProblem, signUp, uniqueSlug } from '../../../test/support/franchises.js';

let tp: TestPlatform;

beforeAll(async () => {
  tp = await createTestPlatform();
});
afterAll(async () => {
  await tp.close();
});

const create = (cookie: string | undefined, payload: unknown) =>
  tp.app.inject({ method: 'POST', url: '/api/v1/franchises', headers: cookie ? { cookie } : {}, payload: payload as object });

describe('POST /franchises', () => {
  it('creates the franchise on a shard and makes the caller its owner', async () => {
    const user = await signUp(tp);
    const slug = uniqueSlug('fade');
    const response = await create(user.cookie, { name: 'Fade Bros', slug, region: 'eu-west-1' });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toEqual({ id: expect.any(String), name: 'Fade Bros', slug, region: 'eu-west-1' });

    // The test install has one shared shard (accepts any region): it takes the EU franchise.
    expect((await tp.platform.core.router.placementOf(body.id)).shardId).toBe('shard-1');
    const me = (await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).json();
    expect(me.memberships).toEqual([{ franchiseId: body.id, franchiseName: 'Fade Bros', role: 'owner', locationIds: [], allLocations: true }]);

    const { db } = await tp.platform.core.router.primaryFor(body.id);
    const audit = await db.selectFrom('audit_log').selectAll().where('franchise_id', '=', body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['franchise.created']);
  });

  it('answers 409 for a slug that is taken', async () => {
    const user = await signUp(tp);
    const slug = uniqueSlug('taken');
    expect((await create(user.cookie, { name: 'One', slug, region: 'us-east-1' })).statusCode).toBe(201);
    expectProblem(await create(user.cookie, { name: 'Two', slug, region: 'us-east-1' }), 409, 'AlreadyExists');
  });

  it('answers 400 with errors[] for a region that is not configured', async () => {
    const user = await signUp(tp);
    const response = await create(user.cookie, { name: 'Mars Cuts', slug: uniqueSlug('mars'), region: 'mars-north-1' });
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response)).toEqual(['body.region']);
  });

  it.each([
    ['a bad slug', { name: 'X', slug: 'Not A Slug', region: 'us-east-1' }, 'body.slug'],
    ['a missing name', { slug: 'fine-slug', region: 'us-east-1' }, 'body.name'],
    ['a number for the name', { name: 5, slug: 'fine-slug', region: 'us-east-1' }, 'body.name'],
  ])('answers 400 for %s', async (_name, payload, path) => {
    const user = await signUp(tp);
    const response = await create(user.cookie, payload);
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response)).toContain(path);
  });

  it('answers 401 when not signed in', async () => {
    expectProblem(await create(undefined, { name: 'X', slug: uniqueSlug('x'), region: 'us-east-1' }), 401, 'NotSignedIn');
  });

  it('answers 503 ShardUnavailable when no shard can take the region', async () => {
    await tp.platform.core.catalog.updateTable('shards').set({ accepts_any_region: false }).where('id', '=', 'shard-1').execute();
    try {
      const user = await signUp(tp);
      const response = await create(user.cookie, { name: 'Far Away', slug: uniqueSlug('far'), region: 'ap-southeast-1' });
      expectProblem(response, 503, 'ShardUnavailable');
      expect(response.headers['retry-after']).toBeDefined();
      // Its own region's shard (shard-1 is us-east-1) still takes us-east-1.
      expect((await create(user.cookie, { name: 'Near', slug: uniqueSlug('near'), region: 'us-east-1' })).statusCode).toBe(201);
    } finally {
      await tp.platform.core.catalog.updateTable('shards').set({ accepts_any_region: true }).where('id', '=', 'shard-1').execute();
    }
  });
});

describe('GET /franchises/:franchiseId', () => {
  it('shows the franchise and its locations to a member', async () => {
    const shop = await makeShop(tp);
    const owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const response = await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}`, headers: { cookie: owner.cookie } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: shop.franchiseId, region: 'us-east-1', role: 'owner' });
    expect(body.locations).toEqual([
      expect.objectContaining({ id: shop.locationId, slug: shop.slug, timezone: 'America/New_York', currency: 'USD', policy: { minNoticeMinutes: 60, horizonDays: 90, cancellationWindowHours: 24, slotStepMinutes: 15 } }),
    ]);
  });

  it('answers 404 to a signed-in non-member and for an unknown franchise, 401 when signed out', async () => {
    const shop = await makeShop(tp);
    const stranger = await makeUser(tp);
    expectProblem(await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}`, headers: { cookie: stranger.cookie } }), 404);
    expectProblem(await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${newId()}`, headers: { cookie: stranger.cookie } }), 404);
    expectProblem(await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}` }), 401);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const user = await makeUser(tp);
    expectProblem(await tp.app.inject({ method: 'GET', url: '/api/v1/franchises/not-a-uuid', headers: { cookie: user.cookie } }), 400);
  });
});

describe('OpenAPI', () => {
  it('documents the management routes from their schemas', async () => {
    const response = await tp.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths as object);
    for (const path of ['/api/v1/auth/signup', '/api/v1/me', '/api/v1/franchises', '/api/v1/franchises/{franchiseId}/barbers/{barberId}/schedule', '/api/v1/franchises/{franchiseId}/members/{userId}']) {
      expect(paths).toContain(path);
    }
  });
});
