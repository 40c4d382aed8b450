import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop, TestUser } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { newId } from '../../db/ids.js';
import { fixedClock } from '../../shared/clock.js';
import { bookOk, expectProblem, slots } from '../../../test/support/bookings.js';
import type { BookingJson } from '../../../test/support/bookings.js';

const clock = fixedClock('2027-03-10T12:00:00Z');
let tp: TestPlatform;
let shop: Shop;
let owner: TestUser;
let booking: BookingJson;

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp, { barbers: 2 });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
  booking = await bookOk(tp, shop, { start: '2027-03-11T09:00:00-05:00', barberId: shop.barberIds[0] as string, name: 'Dana', email: 'dana@example.test', phone: '+1 212 555 0147', notes: 'skin fade' });
  await bookOk(tp, shop, { start: '2027-03-12T09:00:00-05:00', barberId: shop.barberIds[1] as string });
});
afterAll(async () => {
  await tp.close();
});

const calendar = (user: TestUser | undefined, query: string, franchiseId = shop.franchiseId) =>
  tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${franchiseId}/appointments?${query}`, headers: user ? { cookie: user.cookie } : {} });
const patch = (user: TestUser | undefined, id: string, status: unknown, franchiseId = shop.franchiseId, extra: Record<string, unknown> = {}) =>
  tp.app.inject({ method: 'PATCH', url: `/api/v1/franchises/${franchiseId}/appointments/${id}`, headers: user ? { cookie: user.cookie } : {}, payload: { status, ...extra } });
const NOW = '2027-03-10T12:00:00Z';
/** Runs `work` with the clock at `at`, then puts it back (bookings need "now" before their start). */
async function at<T>(instant: string, work: () => Promise<T>): Promise<T> {
  clock.set(instant);
  try {
    return await work();
  } finally {
    clock.set(NOW);
  }
}

describe('GET /franchises/:fid/appointments', () => {
  test('the calendar: client, service, barber, status, times in the location zone', async () => {
    const res = await calendar(owner, 'from=2027-03-11&to=2027-03-11');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.truncated).toBe(false);
    expect(body.appointments).toHaveLength(1);
    expect(body.appointments[0]).toMatchObject({
      id: booking.id,
      status: 'booked',
      start: '2027-03-11T09:00:00-05:00',
      end: '2027-03-11T09:30:00-05:00',
      locationId: shop.locationId,
      timezone: 'America/New_York',
      barber: { id: shop.barberIds[0], name: 'Barber 1' },
      service: { id: shop.serviceIds[0], name: 'Haircut' },
      client: { name: 'Dana', email: 'dana@example.test', phone: '+12125550147' },
      bookedAs: { name: 'Dana', phone: '+12125550147' },
      priceCents: 3500,
      currency: 'USD',
      notes: 'skin fade',
      source: 'online',
    });
  });

  test("an anonymous booking with a known client's email leaves that client's record alone; staff see both", async () => {
    const before = (await calendar(owner, 'from=2027-03-11&to=2027-03-11')).json().appointments[0];
    const attack = await bookOk(tp, shop, { start: '2027-03-17T11:00:00-04:00', name: 'Mallory', email: 'DANA@example.test', phone: '+1 212 555 0166' });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const record = await db.selectFrom('clients').select(['name', 'phone']).where('franchise_id', '=', shop.franchiseId).where('email', '=', 'dana@example.test').executeTakeFirstOrThrow();
    expect(record).toEqual({ name: 'Dana', phone: '+12125550147' });
    // Dana's own appointment still shows Dana.
    const after = (await calendar(owner, 'from=2027-03-11&to=2027-03-11')).json().appointments[0];
    expect(after.client).toEqual(before.client);
    // The new booking shows the record and, beside it, what was typed.
    const res = await calendar(owner, 'from=2027-03-17&to=2027-03-17');
    const entry = res.json().appointments.find((a: { id: string }) => a.id === attack.id);
    expect(entry.client).toMatchObject({ name: 'Dana', email: 'dana@example.test', phone: '+12125550147' });
    expect(entry.bookedAs).toEqual({ name: 'Mallory', phone: '+12125550166' });
  });

  test('instants, location and barber filters', async () => {
    const week = await calendar(owner, 'from=2027-03-08T00:00:00-05:00&to=2027-03-15T00:00:00-04:00');
    expect(week.json().appointments).toHaveLength(2);
    const byBarber = await calendar(owner, `from=2027-03-08&to=2027-03-14&barberId=${shop.barberIds[1]}`);
    expect(byBarber.json().appointments.map((a: { barberId: string }) => a.barberId)).toEqual([shop.barberIds[1]]);
    const byLocation = await calendar(owner, `from=2027-03-08&to=2027-03-14&locationId=${shop.locationId}`);
    expect(byLocation.json().appointments).toHaveLength(2);
    // `to` as an instant is exclusive.
    expect((await calendar(owner, 'from=2027-03-11T00:00:00-05:00&to=2027-03-11T09:00:00-05:00')).json().appointments).toEqual([]);
  });

  test('any member role may read; a member limited to other locations sees nothing of this one', async () => {
    const manager = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager', locationIds: [shop.locationId] });
    expect((await calendar(manager, 'from=2027-03-08&to=2027-03-14')).json().appointments).toHaveLength(2);
    const elsewhere = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [newId()] });
    expect((await calendar(elsewhere, 'from=2027-03-08&to=2027-03-14')).json().appointments).toEqual([]);
    expectProblem(await calendar(elsewhere, `from=2027-03-08&to=2027-03-14&locationId=${shop.locationId}`), 403, 'Forbidden');
  });

  test('401 signed out, 404 for a non-member or another franchise (no leak)', async () => {
    expectProblem(await calendar(undefined, 'from=2027-03-08&to=2027-03-14'), 401);
    const stranger = await makeUser(tp);
    expectProblem(await calendar(stranger, 'from=2027-03-08&to=2027-03-14'), 404, 'NotFound');
    const other = await makeShop(tp);
    expectProblem(await calendar(owner, 'from=2027-03-08&to=2027-03-14', other.franchiseId), 404, 'NotFound');
    expectProblem(await calendar(owner, `from=2027-03-08&to=2027-03-14&locationId=${other.locationId}`), 404, 'NotFound');
    expectProblem(await calendar(owner, `from=2027-03-08&to=2027-03-14&barberId=${other.barberIds[0]}`), 404, 'NotFound');
  });

  test.each([
    ['inverted range', 'from=2027-03-14&to=2027-03-08'],
    ['more than 62 days', 'from=2027-01-01&to=2027-03-31'],
    ['February 30', 'from=2027-02-30&to=2027-03-02'],
    ['instant without offset', 'from=2027-03-01T00:00&to=2027-03-02'],
    ['missing to', 'from=2027-03-01'],
    ['bad locationId', 'from=2027-03-01&to=2027-03-02&locationId=x'],
  ])('%s → 400', async (_name, query) => {
    expectProblem(await calendar(owner, query), 400, 'ValidationFailed');
  });
});

describe('PATCH /franchises/:fid/appointments/:id', () => {
  test('booked → checked_in → completed, with audit rows', async () => {
    const visit = await bookOk(tp, shop, { start: '2027-03-15T09:00:00-04:00' });
    await at('2027-03-15T13:00:00Z', async () => {
      const checkedIn = await patch(owner, visit.id, 'checked_in');
      expect(checkedIn.statusCode, checkedIn.body).toBe(200);
      expect(checkedIn.json()).toMatchObject({ id: visit.id, status: 'checked_in', start: '2027-03-15T09:00:00-04:00' });
      expect((await patch(owner, visit.id, 'completed')).json().status).toBe('completed');
      expectProblem(await patch(owner, visit.id, 'cancelled'), 409, 'InvalidStateTransition');
      expectProblem(await patch(owner, visit.id, 'booked'), 409, 'InvalidStateTransition');
    });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_kind', 'actor_user_id']).where('franchise_id', '=', shop.franchiseId).where('entity_id', '=', visit.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['booking.created', 'appointment.status_changed', 'appointment.status_changed']);
    expect(audit[1]).toMatchObject({ actor_kind: 'user', actor_user_id: owner.userId });
  });

  test('no_show and cancelled release the chair; nothing leaves them', async () => {
    const barberId = shop.barberIds[0] as string;
    const a = await bookOk(tp, shop, { start: '2027-03-16T10:00:00-04:00', barberId });
    expect((await patch(owner, a.id, 'cancelled')).json()).toMatchObject({ status: 'cancelled' });
    expect((await patch(owner, a.id, 'cancelled')).statusCode).toBe(409);
    expect((await slots(tp, shop, { date: '2027-03-16', barberId })).map((s) => s.start)).toContain('2027-03-16T10:00:00-04:00');
    const b = await bookOk(tp, shop, { start: '2027-03-16T10:00:00-04:00', barberId });
    await at('2027-03-16T14:00:00Z', async () => {
      expect((await patch(owner, b.id, 'no_show')).json().status).toBe('no_show');
      expectProblem(await patch(owner, b.id, 'checked_in'), 409, 'InvalidStateTransition');
    });
    await bookOk(tp, shop, { start: '2027-03-16T10:00:00-04:00', barberId });
  });

  test('bad input, strangers, other franchises and scoped members', async () => {
    expectProblem(await patch(owner, booking.id, 'done'), 400, 'ValidationFailed');
    expectProblem(await patch(owner, booking.id, 3), 400, 'ValidationFailed');
    expectProblem(await patch(owner, 'not-a-uuid', 'checked_in'), 400, 'ValidationFailed');
    expectProblem(await patch(owner, newId(), 'checked_in'), 404, 'NotFound');
    expectProblem(await patch(undefined, booking.id, 'checked_in'), 401);
    const stranger = await makeUser(tp);
    expectProblem(await patch(stranger, booking.id, 'checked_in'), 404, 'NotFound');
    const other = await makeShop(tp);
    const otherOwner = await makeUser(tp, { franchiseId: other.franchiseId, role: 'owner' });
    expectProblem(await patch(otherOwner, booking.id, 'checked_in', other.franchiseId), 404, 'NotFound');
    const elsewhere = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [newId()] });
    expectProblem(await patch(elsewhere, booking.id, 'checked_in'), 403, 'Forbidden');
    const barber = await linkedBarber(shop.barberIds[0] as string);
    // 2027-03-11T09:00-05:00 starts at 14:00Z: check-in opens at 13:45Z.
    expect((await at('2027-03-11T13:45:00Z', () => patch(barber, booking.id, 'checked_in'))).statusCode).toBe(200);
  });
});

describe('the calendar refresh is cheap', () => {
  test('ETag and If-None-Match: 304 with no body until something changes; compressed when asked', async () => {
    const query = 'from=2027-03-08&to=2027-03-21';
    const first = await calendar(owner, query);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}/appointments?${query}`, headers: { cookie: owner.cookie, 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // A booking in the range changes the answer, so the same tag gets the whole answer again.
    await bookOk(tp, shop, { start: '2027-03-19T13:00:00-04:00' });
    const changed = await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}/appointments?${query}`, headers: { cookie: owner.cookie, 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);

    const gzipped = await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}/appointments?${query}`, headers: { cookie: owner.cookie, 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString('utf8'))).toEqual(changed.json());
    expect(gzipped.rawPayload.length).toBeLessThan(changed.rawPayload.length);
  });
});

/** A barber member whose sign-in is tied to one column (barbers.user_id). */
async function linkedBarber(barberId: string): Promise<TestUser> {
  const user = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] });
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  await db.updateTable('barbers').set({ user_id: user.userId }).where('franchise_id', '=', shop.franchiseId).where('id', '=', barberId).execute();
  return user;
}

describe('the barber role', () => {
  test("a barber's calendar is their own column; an unlinked barber member sees nothing", async () => {
    const barber = await linkedBarber(shop.barberIds[1] as string);
    const mine = (await calendar(barber, 'from=2027-03-08&to=2027-03-14')).json().appointments;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a: { barberId: string }) => a.barberId === shop.barberIds[1])).toBe(true);
    // Asking for another column by name does not widen it: Dana's contact details stay hidden.
    expect((await calendar(barber, `from=2027-03-08&to=2027-03-14&barberId=${shop.barberIds[0]}`)).json().appointments).toEqual([]);
    const unlinked = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] });
    expect((await calendar(unlinked, 'from=2027-03-08&to=2027-03-14')).json().appointments).toEqual([]);
  });

  test('a barber checks in, completes and marks no-show on their own appointments only, and never cancels', async () => {
    const barberId = shop.barberIds[0] as string;
    const own = await bookOk(tp, shop, { start: '2027-03-18T10:00:00-04:00', barberId });
    const another = await bookOk(tp, shop, { start: '2027-03-18T10:00:00-04:00', barberId: shop.barberIds[1] as string });
    const barber = await linkedBarber(barberId);
    expectProblem(await patch(barber, own.id, 'cancelled'), 403, 'Forbidden');
    expectProblem(await patch(barber, another.id, 'checked_in'), 403, 'Forbidden');
    expectProblem(await patch(barber, another.id, 'cancelled'), 403, 'Forbidden');
    expect((await calendar(owner, 'from=2027-03-18&to=2027-03-18')).json().appointments.map((a: { status: string }) => a.status)).toEqual(['booked', 'booked']);
    // 10:00 in New York is 14:00Z: check-in and completion are open from then.
    expect((await at('2027-03-18T14:00:00Z', () => patch(barber, own.id, 'checked_in'))).json().status).toBe('checked_in');
    expect((await at('2027-03-18T14:00:00Z', () => patch(barber, own.id, 'completed'))).json().status).toBe('completed');
    const later = await bookOk(tp, shop, { start: '2027-03-18T11:00:00-04:00', barberId });
    expect((await at('2027-03-18T15:00:00Z', () => patch(barber, later.id, 'no_show'))).json().status).toBe('no_show');
  });
});
