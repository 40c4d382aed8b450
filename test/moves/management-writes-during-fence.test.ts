import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../src/db/ids.js';
import { fixedClock } from '../../src/shared/clock.js';
import { bookOk, expectProblem } from '../support/bookings.js';
import { makeShop, makeUser } from '../support/factories.js';
import type { Shop, TestUser } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/*
 * A move's cut-over fences the franchise on its source shard for a fraction of
 * a second (0002_franchise_fence.sql). Management writes must ride through it:
 * refused by the trigger, retried by router.withPrimary, answered normally once
 * the fence lifts — committed exactly once, audit row included. Past the retry
 * budget the answer is a 503 FranchiseMoving and nothing is written.
 */

const FENCE_MS = 150;
// Wednesday 2027-03-10, 07:00 in New York: Thursday bookings from 09:00 are more than 24 h away, so clients may still cancel or move them.
const NOW = '2027-03-10T12:00:00Z';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Raises the fence the way a move's cut-over does: the trigger now refuses every write of the franchise. */
async function raiseFence(tp: TestPlatform, franchiseId: string): Promise<void> {
  const { db } = await tp.platform.core.router.primaryFor(franchiseId);
  await sql`INSERT INTO franchise_fence (franchise_id, state, epoch, move_id, updated_at) VALUES (${franchiseId}, 'fenced', 1, ${newId()}, now())
    ON CONFLICT (franchise_id) DO UPDATE SET state = 'fenced', epoch = franchise_fence.epoch + 1, move_id = EXCLUDED.move_id, updated_at = now()`.execute(db);
}

async function liftFence(tp: TestPlatform, franchiseId: string): Promise<void> {
  const { db } = await tp.platform.core.router.primaryFor(franchiseId);
  await sql`UPDATE franchise_fence SET state = 'active', move_id = NULL, updated_at = now() WHERE franchise_id = ${franchiseId}`.execute(db);
}

async function auditCount(tp: TestPlatform, franchiseId: string, action: string, entityId: string): Promise<number> {
  const { db } = await tp.platform.core.router.primaryFor(franchiseId);
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('franchise_id', '=', franchiseId)
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('management writes during a move fence shorter than the retry budget', () => {
  const clock = fixedClock(NOW);
  let tp: TestPlatform;
  let shop: Shop;
  let owner: TestUser;

  beforeAll(async () => {
    tp = await createTestPlatform({ clock });
    shop = await makeShop(tp, { barbers: 2 });
    owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
  });
  afterAll(async () => {
    await tp.close();
  });

  const franchiseUrl = (rest: string): string => `/api/v1/franchises/${shop.franchiseId}${rest}`;
  const shardDb = async () => (await tp.platform.core.router.primaryFor(shop.franchiseId)).db;

  /**
   * Sends the request with the franchise fenced and lifts the fence FENCE_MS
   * later. The answer must come after the lift started: proof that the write
   * was refused while fenced and went through on a retry, not before.
   */
  async function throughFence(request: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
    await raiseFence(tp, shop.franchiseId);
    let liftStartedAt = Number.POSITIVE_INFINITY;
    const lifting = sleep(FENCE_MS).then(() => {
      liftStartedAt = Date.now();
      return liftFence(tp, shop.franchiseId);
    });
    try {
      const response = await request();
      const answeredAt = Date.now();
      await lifting;
      expect(answeredAt, `answered ${response.statusCode} before the fence was lifted: ${response.body}`).toBeGreaterThanOrEqual(liftStartedAt);
      return response;
    } finally {
      await lifting;
    }
  }

  test('create a service → 201; the service, its barber links and its audit row exist once', async () => {
    const name = 'Hot towel shave (moving)';
    const res = await throughFence(() =>
      tp.app.inject({ method: 'POST', url: franchiseUrl('/services'), headers: { cookie: owner.cookie }, payload: { locationId: shop.locationId, name, durationMinutes: 20, priceCents: 2500 } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string; barberIds: string[] }>();
    expect([...created.barberIds].sort()).toEqual([...shop.barberIds].sort());
    const db = await shardDb();
    const services = await db.selectFrom('services').select('id').where('franchise_id', '=', shop.franchiseId).where('name', '=', name).execute();
    expect(services).toEqual([{ id: created.id }]);
    const links = await db.selectFrom('barber_services').select('barber_id').where('franchise_id', '=', shop.franchiseId).where('service_id', '=', created.id).execute();
    expect(links).toHaveLength(shop.barberIds.length);
    expect(await auditCount(tp, shop.franchiseId, 'service.created', created.id)).toBe(1);
  });

  test('update a location → 200; the change and its audit row land once', async () => {
    const res = await throughFence(() =>
      tp.app.inject({ method: 'PATCH', url: franchiseUrl(`/locations/${shop.locationId}`), headers: { cookie: owner.cookie }, payload: { name: 'Renamed mid-move', policy: { minNoticeMinutes: 30 } } }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: shop.locationId, name: 'Renamed mid-move', policy: { minNoticeMinutes: 30 } });
    const db = await shardDb();
    const location = await db.selectFrom('locations').select(['name', 'min_notice_minutes']).where('franchise_id', '=', shop.franchiseId).where('id', '=', shop.locationId).executeTakeFirstOrThrow();
    expect(location).toEqual({ name: 'Renamed mid-move', min_notice_minutes: 30 });
    expect(await auditCount(tp, shop.franchiseId, 'location.updated', shop.locationId)).toBe(1);
  });

  test('add time off for a barber → 201; one time-off row, one audit row', async () => {
    const barberId = shop.barberIds[1] as string;
    const res = await throughFence(() =>
      tp.app.inject({
        method: 'POST',
        url: franchiseUrl(`/barbers/${barberId}/time-off`),
        headers: { cookie: owner.cookie },
        payload: { start: '2027-03-20T09:00:00-04:00', end: '2027-03-20T12:00:00-04:00', reason: 'Moving day' },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string }>();
    expect(res.json()).toMatchObject({ barberId, start: '2027-03-20T09:00:00-04:00', end: '2027-03-20T12:00:00-04:00', reason: 'Moving day', conflictingAppointments: 0 });
    const rows = await (await shardDb()).selectFrom('time_off').select('id').where('franchise_id', '=', shop.franchiseId).where('barber_id', '=', barberId).execute();
    expect(rows).toEqual([{ id: created.id }]);
    expect(await auditCount(tp, shop.franchiseId, 'time_off.created', created.id)).toBe(1);
  });

  test('create a barber, rename it, replace its schedule → 201, 200, 200; each lands and is audited once', async () => {
    const created = await throughFence(() =>
      tp.app.inject({ method: 'POST', url: franchiseUrl('/barbers'), headers: { cookie: owner.cookie }, payload: { name: 'Mover', locationId: shop.locationId } }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const { id: barberId, serviceIds } = created.json<{ id: string; serviceIds: string[] }>();

    const renamed = await throughFence(() =>
      tp.app.inject({ method: 'PATCH', url: franchiseUrl(`/barbers/${barberId}`), headers: { cookie: owner.cookie }, payload: { name: 'Moved' } }),
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    // The answer carries the barber's services and hours, read in the retried transaction.
    expect(renamed.json()).toMatchObject({ id: barberId, name: 'Moved', serviceIds, weekly: [] });

    const weekly = [{ weekday: 2, start: '09:00', end: '12:00' }];
    const scheduled = await throughFence(() =>
      tp.app.inject({ method: 'PUT', url: franchiseUrl(`/barbers/${barberId}/schedule`), headers: { cookie: owner.cookie }, payload: { weekly, serviceIds: [...shop.serviceIds] } }),
    );
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(scheduled.json()).toEqual({ barberId, weekly, serviceIds: [...shop.serviceIds] });

    const db = await shardDb();
    const barbers = await db.selectFrom('barbers').select('name').where('franchise_id', '=', shop.franchiseId).where('id', '=', barberId).execute();
    expect(barbers).toEqual([{ name: 'Moved' }]);
    const hours = await db.selectFrom('weekly_hours').select('weekday').where('franchise_id', '=', shop.franchiseId).where('barber_id', '=', barberId).execute();
    expect(hours).toEqual([{ weekday: 2 }]);
    for (const action of ['barber.created', 'barber.updated', 'barber.schedule_replaced']) {
      expect(await auditCount(tp, shop.franchiseId, action, barberId), action).toBe(1);
    }
  });

  test('staff marks an appointment checked in → 200; the status and its audit row change once', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-11T09:00:00-05:00', barberId: shop.barberIds[0] as string });
    // Check-in opens 15 minutes before the start (the guarded transitions): the client has arrived.
    clock.set('2027-03-11T13:50:00Z');
    const res = await throughFence(() =>
      tp.app.inject({ method: 'PATCH', url: franchiseUrl(`/appointments/${booked.id}`), headers: { cookie: owner.cookie }, payload: { status: 'checked_in' } }),
    ).finally(() => clock.set(NOW));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: booked.id, status: 'checked_in' });
    const row = await (await shardDb()).selectFrom('appointments').select('status').where('franchise_id', '=', shop.franchiseId).where('id', '=', booked.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('checked_in');
    expect(await auditCount(tp, shop.franchiseId, 'appointment.status_changed', booked.id)).toBe(1);
  });

  test('client cancels through the manage link → 200; cancelled once, audited once', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-11T10:00:00-05:00', barberId: shop.barberIds[0] as string });
    const res = await throughFence(() => tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${booked.manageToken}/cancel` }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: booked.id, status: 'cancelled' });
    const row = await (await shardDb()).selectFrom('appointments').select('status').where('franchise_id', '=', shop.franchiseId).where('id', '=', booked.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expect(await auditCount(tp, shop.franchiseId, 'booking.cancelled', booked.id)).toBe(1);
  });

  test('client reschedules through the manage link → 200; moved once, audited once', async () => {
    const barberId = shop.barberIds[1] as string;
    const booked = await bookOk(tp, shop, { start: '2027-03-11T11:00:00-05:00', barberId });
    const res = await throughFence(() =>
      tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${booked.manageToken}/reschedule`, payload: { start: '2027-03-11T14:00:00-05:00', barberId } }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: booked.id, status: 'booked', start: '2027-03-11T14:00:00-05:00', barberId });
    const row = await (await shardDb()).selectFrom('appointments').select('starts_at').where('franchise_id', '=', shop.franchiseId).where('id', '=', booked.id).executeTakeFirstOrThrow();
    expect(row.starts_at.toISOString()).toBe('2027-03-11T19:00:00.000Z');
    expect(await auditCount(tp, shop.franchiseId, 'booking.rescheduled', booked.id)).toBe(1);
  });

  test('invite a member → 201; one pending invitation, its email queued once, one audit row', async () => {
    const email = `invitee-${Date.now()}@example.test`;
    const res = await throughFence(() =>
      tp.app.inject({ method: 'POST', url: franchiseUrl('/invitations'), headers: { cookie: owner.cookie }, payload: { email, role: 'barber', barberId: shop.barberIds[1] } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    const pending = await tp.platform.core.catalog.selectFrom('invitations').select('id').where('franchise_id', '=', shop.franchiseId).where('email', '=', email).execute();
    expect(pending).toEqual([{ id }]);
    const db = await shardDb();
    const queued = await db.selectFrom('outbox').select('kind').where('franchise_id', '=', shop.franchiseId).where('recipient', '=', email).execute();
    expect(queued).toEqual([{ kind: 'invitation' }]);
    expect(await auditCount(tp, shop.franchiseId, 'invitation.created', id)).toBe(1);
  });
});

describe('a move fence held longer than the retry budget', () => {
  const BUDGET_MS = 300;
  let tp: TestPlatform;
  let shop: Shop;
  let owner: TestUser;

  beforeAll(async () => {
    tp = await createTestPlatform({ env: { MOVE_RETRY_BUDGET_MS: String(BUDGET_MS) } });
    shop = await makeShop(tp, { barbers: 1 });
    owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
  });
  afterAll(async () => {
    await tp.close();
  });

  function expectFranchiseMoving(res: LightMyRequestResponse, startedAt: number): void {
    const problem = expectProblem(res, 503, 'FranchiseMoving');
    expect(problem.type).toBe('https://bookedbarber.dev/problems/franchise-moving');
    expect(res.headers['retry-after']).toBe('1');
    // The write kept retrying for the whole budget before giving up.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(BUDGET_MS);
  }

  test('503 FranchiseMoving with Retry-After, and nothing is written; after the lift the same writes succeed', async () => {
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const serviceBody = { locationId: shop.locationId, name: 'Beard trim (fenced)', durationMinutes: 15, priceCents: 1500 };
    const locationBody = { name: 'Uptown', slug: `uptown-${newId().slice(-12)}`, timezone: 'America/New_York', currency: 'USD' };
    const createService = () => tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${shop.franchiseId}/services`, headers: { cookie: owner.cookie }, payload: serviceBody });
    const createLocation = () => tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${shop.franchiseId}/locations`, headers: { cookie: owner.cookie }, payload: locationBody });
    const renameLocation = () =>
      tp.app.inject({ method: 'PATCH', url: `/api/v1/franchises/${shop.franchiseId}/locations/${shop.locationId}`, headers: { cookie: owner.cookie }, payload: { name: 'Never renamed' } });

    await raiseFence(tp, shop.franchiseId);
    try {
      for (const send of [createService, createLocation, renameLocation]) {
        const startedAt = Date.now();
        expectFranchiseMoving(await send(), startedAt);
      }

      const services = await db.selectFrom('services').select('id').where('franchise_id', '=', shop.franchiseId).where('name', '=', serviceBody.name).execute();
      expect(services).toEqual([]);
      const location = await db.selectFrom('locations').select('name').where('franchise_id', '=', shop.franchiseId).where('id', '=', shop.locationId).executeTakeFirstOrThrow();
      expect(location.name).not.toBe('Never renamed');
      const locations = await db.selectFrom('locations').select('id').where('franchise_id', '=', shop.franchiseId).execute();
      expect(locations).toEqual([{ id: shop.locationId }]);
      // The refused location gave its globally unique slug back.
      const claimed = await tp.platform.core.catalog.selectFrom('location_directory').select('id').where('slug', '=', locationBody.slug).execute();
      expect(claimed).toEqual([]);
      const audit = await db.selectFrom('audit_log').select('action').where('franchise_id', '=', shop.franchiseId).execute();
      expect(audit).toEqual([]);
    } finally {
      await liftFence(tp, shop.franchiseId);
    }

    expect((await createService()).statusCode).toBe(201);
    expect((await createLocation()).statusCode).toBe(201);
    expect((await renameLocation()).statusCode).toBe(200);
  });
});

describe('a booking retried through a fence', () => {
  let tp: TestPlatform;

  beforeAll(async () => {
    // Two bookings per e-mail per minute: each retry of one request must not count again.
    tp = await createTestPlatform({ clock: fixedClock(NOW), rateLimits: { bookingPerEmail: { points: 2, windowSeconds: 60 } } });
  });
  afterAll(async () => {
    await tp?.close();
  });

  test('counts against the rate limits once, however often the fence makes it run again', async () => {
    const shop = await makeShop(tp, { barbers: 1 });
    await raiseFence(tp, shop.franchiseId);
    const lifted = sleep(400).then(() => liftFence(tp, shop.franchiseId));
    const started = Date.now();
    const res = await tp.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${shop.slug}/bookings`,
      payload: { serviceId: shop.serviceIds[0], start: '2027-03-11T10:00:00-05:00', barberId: shop.barberIds[0], client: { name: 'Patient Client', email: 'patient@example.test' } },
    });
    await lifted;
    expect(res.statusCode, res.body).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400); // it really waited out the fence, retrying
    // One point used: the same e-mail may book once more, and only then is refused.
    const again = await tp.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${shop.slug}/bookings`,
      payload: { serviceId: shop.serviceIds[0], start: '2027-03-11T11:00:00-05:00', barberId: shop.barberIds[0], client: { name: 'Patient Client', email: 'patient@example.test' } },
    });
    expect(again.statusCode, again.body).toBe(201);
    const third = await tp.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${shop.slug}/bookings`,
      payload: { serviceId: shop.serviceIds[0], start: '2027-03-11T12:00:00-05:00', barberId: shop.barberIds[0], client: { name: 'Patient Client', email: 'patient@example.test' } },
    });
    expectProblem(third, 429);
  });
});
