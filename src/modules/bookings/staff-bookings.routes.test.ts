import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop, TestUser } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { bookOk, expectProblem, freshEmail, overlappingPairs, slots } from '../../../test/support/bookings.js';
import { newId } from '../../db/ids.js';
import { fixedClock } from '../../shared/clock.js';

// Wednesday 10:00 in New York (EST, −05:00); the shop works Mon–Sat 09:00–17:00, 60 minutes' notice, a 15-minute grid.
const clock = fixedClock('2027-03-10T15:00:00Z');
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

const api = (user: TestUser | undefined, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  tp.app.inject({ method, url: `/api/v1/franchises/${shop.franchiseId}${path}`, headers: { ...headers, ...(user && { cookie: user.cookie }) }, ...(payload !== undefined && { payload }) });

const barber = (i: number): string => shop.barberIds[i] as string;
const newClient = () => ({ name: 'Pat Phone', email: freshEmail(), phone: '+1 212 555 0123' });
const staffBody = (start: string, extra: Record<string, unknown> = {}) => ({
  locationId: shop.locationId,
  serviceId: shop.serviceIds[0],
  barberId: barber(0),
  start,
  client: newClient(),
  ...extra,
});

async function auditActions(entityId: string, franchiseId = shop.franchiseId): Promise<string[]> {
  const { db } = await tp.platform.core.router.primaryFor(franchiseId);
  const rows = await db.selectFrom('audit_log').select('action').where('franchise_id', '=', franchiseId).where('entity_id', '=', entityId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('POST /franchises/:fid/appointments (staff booking)', () => {
  test('inside the minimum notice and off the grid: booked, audited, and gone from the public list before the answer', async () => {
    // 10:20 is inside the 60-minute notice and off the 15-minute grid: a shop takes it on the phone.
    expect((await slots(tp, shop, { date: '2027-03-10', barberId: barber(0) })).map((s) => s.start)).not.toContain('2027-03-10T10:30:00-05:00');
    const res = await api(owner, 'POST', '/appointments', staffBody('2027-03-10T10:20:00-05:00'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'booked', start: '2027-03-10T10:20:00-05:00', end: '2027-03-10T10:50:00-05:00', barberId: barber(0), source: 'staff', bookedAs: null });
    expect(body.client).toMatchObject({ name: 'Pat Phone', phone: '+12125550123' });
    expect(await auditActions(body.id)).toEqual(['appointment.created_by_staff']);

    // A public slot the staff booking covers disappears at once (the cache was told before the 201).
    const before = (await slots(tp, shop, { date: '2027-03-11', barberId: barber(0) })).map((s) => s.start);
    expect(before).toContain('2027-03-11T09:00:00-05:00');
    expect((await api(owner, 'POST', '/appointments', staffBody('2027-03-11T09:00:00-05:00'))).statusCode).toBe(201);
    expect((await slots(tp, shop, { date: '2027-03-11', barberId: barber(0) })).map((s) => s.start)).not.toContain('2027-03-11T09:00:00-05:00');
  });

  test('never over another appointment, outside hours, in time off, too far back, or off the minute', async () => {
    await bookOk(tp, shop, { start: '2027-03-12T09:00:00-05:00', barberId: barber(1) });
    const reason = async (start: string, who = barber(1)) => expectProblem(await api(owner, 'POST', '/appointments', staffBody(start, { barberId: who })), 409, 'SlotUnavailable').reason;
    expect(await reason('2027-03-12T09:10:00-05:00')).toBe('taken');
    expect(await reason('2027-03-12T08:50:00-05:00')).toBe('outside_hours');
    expect(await reason('2027-03-12T16:45:00-05:00')).toBe('outside_hours');
    expect(await reason('2027-03-14T10:00:00-04:00')).toBe('outside_hours');
    expect(await reason('2027-03-10T09:30:00-05:00')).toBe('too_early');
    expect(await reason('2027-03-12T10:00:30-05:00')).toBe('off_minute');
    const timeOff = await api(owner, 'POST', `/barbers/${barber(1)}/time-off`, { start: '2027-03-12T12:00:00-05:00', end: '2027-03-12T13:00:00-05:00' });
    expect(timeOff.statusCode, timeOff.body).toBe(201);
    expect(await reason('2027-03-12T11:45:00-05:00')).toBe('time_off');
    // Ten minutes back is a walk-in who already sat down: allowed.
    expect((await api(owner, 'POST', '/appointments', staffBody('2027-03-10T09:50:00-05:00', { barberId: barber(1) }))).statusCode).toBe(201);
    expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
  });

  test('a client found by search; Idempotency-Key replays; bad client choices are 400', async () => {
    const email = freshEmail();
    await bookOk(tp, shop, { start: '2027-03-15T10:00:00-04:00', name: 'Robin Searchable', email, phone: '+1 212 555 0188' });
    for (const q of ['robin sea', email.slice(0, 12), '555-0188']) {
      const found = await api(owner, 'GET', `/clients?q=${encodeURIComponent(q)}`);
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().clients.map((c: { email: string }) => c.email)).toContain(email);
    }
    expect((await api(owner, 'GET', '/clients?q=%25%25')).json().clients).toEqual([]);
    const clientId = (await api(owner, 'GET', '/clients?q=Robin')).json().clients[0].id;

    const body = { ...staffBody('2027-03-15T14:00:00-04:00'), client: undefined, clientId };
    const first = await api(owner, 'POST', '/appointments', body, { 'idempotency-key': 'desk-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().client.id).toBe(clientId);
    const again = await api(owner, 'POST', '/appointments', body, { 'idempotency-key': 'desk-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expectProblem(await api(owner, 'POST', '/appointments', { ...body, start: '2027-03-15T15:00:00-04:00' }, { 'idempotency-key': 'desk-1' }), 409, 'IdempotencyKeyReused');

    expectProblem(await api(owner, 'POST', '/appointments', { ...staffBody('2027-03-15T16:00:00-04:00'), clientId }), 400, 'ValidationFailed');
    expectProblem(await api(owner, 'POST', '/appointments', { ...staffBody('2027-03-15T16:00:00-04:00'), client: undefined }), 400, 'ValidationFailed');
    expectProblem(await api(owner, 'POST', '/appointments', { ...staffBody('2027-03-15T16:00:00-04:00'), client: undefined, clientId: newId() }), 404, 'NotFound');
    expectProblem(await api(owner, 'POST', '/appointments', staffBody('2027-03-15T16:00:00')), 400, 'ValidationFailed');
    expectProblem(await api(owner, 'GET', '/clients?q=a'), 400, 'ValidationFailed');
  });

  test("a new client's phone is stored as E.164, read in the shop's country; one that cannot exist is a 400 naming it", async () => {
    const email = freshEmail();
    const booked = await api(owner, 'POST', '/appointments', staffBody('2027-03-16T10:00:00-04:00', { client: { name: 'Pat Phone', email, phone: '(212) 555-0142' } }));
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().client.phone).toBe('+12125550142');
    const bad = await api(owner, 'POST', '/appointments', staffBody('2027-03-16T11:00:00-04:00', { client: { name: 'Pat Wrong', email: freshEmail(), phone: '212 555 01' } }));
    const problem = expectProblem(bad, 400, 'ValidationFailed') as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(['body.client.phone']);
    expect((await api(owner, 'GET', '/clients?q=Pat%20Wrong')).json().clients).toEqual([]);
  });

  test("the front desk is the owners' and managers': a barber member cannot book, seat, move, repeat or search clients", async () => {
    const barberMember = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] });
    const booked = await api(owner, 'POST', '/appointments', staffBody('2027-03-16T13:00:00-04:00'));
    expect(booked.statusCode, booked.body).toBe(201);
    expectProblem(await api(barberMember, 'POST', '/appointments', staffBody('2027-03-16T14:00:00-04:00')), 403, 'Forbidden');
    expectProblem(await api(barberMember, 'POST', '/walk-ins', { locationId: shop.locationId, serviceId: shop.serviceIds[0], client: newClient() }), 403, 'Forbidden');
    expectProblem(await api(barberMember, 'POST', `/appointments/${booked.json().id}/move`, { start: '2027-03-16T15:00:00-04:00' }), 403, 'Forbidden');
    expectProblem(await api(barberMember, 'GET', '/clients?q=Pat'), 403, 'Forbidden');
    const series = { locationId: shop.locationId, serviceId: shop.serviceIds[0], barberId: barber(0), start: '2027-03-17T10:00:00-04:00', everyWeeks: 2, count: 2, client: newClient() };
    expectProblem(await api(barberMember, 'POST', '/appointment-series/preview', series), 403, 'Forbidden');
    expectProblem(await api(barberMember, 'POST', '/appointment-series', series), 403, 'Forbidden');
    expect((await api(owner, 'GET', '/clients?q=Pat')).statusCode).toBe(200);
  });

  test('signed out, strangers, other franchises and members of other locations', async () => {
    const body = staffBody('2027-03-16T10:00:00-04:00');
    expectProblem(await api(undefined, 'POST', '/appointments', body), 401);
    expectProblem(await api(await makeUser(tp), 'POST', '/appointments', body), 404, 'NotFound');
    const elsewhere = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager', locationIds: [newId()] });
    expectProblem(await api(elsewhere, 'POST', '/appointments', body), 403, 'Forbidden');
    const other = await makeShop(tp);
    const otherOwner = await makeUser(tp, { franchiseId: other.franchiseId, role: 'owner' });
    // The other franchise's owner naming this shop's location inside their own franchise: not found, nothing written.
    const res = await tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${other.franchiseId}/appointments`, headers: { cookie: otherOwner.cookie }, payload: body });
    expectProblem(res, 404, 'NotFound');
  });
});

describe('messages', () => {
  test('a staff booking and a move queue the same messages as a client booking and reschedule (the outbox)', async () => {
    const email = freshEmail();
    const res = await api(owner, 'POST', '/appointments', staffBody('2027-03-22T11:00:00-04:00', { client: { name: 'Ola Outbox', email } }));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect((await api(owner, 'POST', `/appointments/${id}/move`, { start: '2027-03-22T12:00:00-04:00' })).statusCode).toBe(200);
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const rows = await db.selectFrom('outbox').select(['kind', 'channel', 'recipient']).where('franchise_id', '=', shop.franchiseId).where('appointment_id', '=', id).execute();
    const kinds = rows.filter((r) => r.recipient === email).map((r) => r.kind);
    expect(kinds).toContain('confirmation');
    expect(kinds).toContain('reschedule');
    expect(kinds).toContain('reminder');
  });
});

describe('POST /franchises/:fid/walk-ins and GET /locations/:slug/wait', () => {
  test('the walk-in sits in the first free chair; the public wait follows the calendar', async () => {
    const walkShop = await makeShop(tp, { barbers: 2 });
    const manager = await makeUser(tp, { franchiseId: walkShop.franchiseId, role: 'manager' });
    const [b1, b2] = walkShop.barberIds as [string, string];
    const walkIn = (payload: Record<string, unknown>) =>
      tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${walkShop.franchiseId}/walk-ins`, headers: { cookie: manager.cookie }, payload: { locationId: walkShop.locationId, serviceId: walkShop.serviceIds[0], client: newClient(), ...payload } });
    const wait = async () => {
      const res = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${walkShop.slug}/wait?serviceId=${walkShop.serviceIds[0]}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect(await wait()).toMatchObject({ asOf: '2027-03-10T10:00:00-05:00', anyone: { waitMinutes: 0, start: '2027-03-10T10:00:00-05:00' } });

    // Barber 1 is busy until 10:45 (a booking made by staff); barber 2 until 10:15.
    const busy = async (barberId: string, start: string) => {
      const res = await tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${walkShop.franchiseId}/appointments`, headers: { cookie: manager.cookie }, payload: { locationId: walkShop.locationId, serviceId: walkShop.serviceIds[0], barberId, start, client: newClient() } });
      expect(res.statusCode, res.body).toBe(201);
    };
    await busy(b1, '2027-03-10T09:45:00-05:00');
    await busy(b1, '2027-03-10T10:15:00-05:00');
    await busy(b2, '2027-03-10T09:45:00-05:00');
    const waiting = await wait();
    expect(waiting.anyone).toEqual({ start: '2027-03-10T10:15:00-05:00', waitMinutes: 15, barberIds: [b2] });
    expect(waiting.barbers).toEqual([
      { id: b1, name: 'Barber 1', start: '2027-03-10T10:45:00-05:00', waitMinutes: 45 },
      { id: b2, name: 'Barber 2', start: '2027-03-10T10:15:00-05:00', waitMinutes: 15 },
    ]);

    const first = await walkIn({});
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ barberId: b2, start: '2027-03-10T10:15:00-05:00', source: 'walk_in' });
    expect(await auditActions(first.json().id, walkShop.franchiseId)).toEqual(['appointment.walk_in']);
    // Both are next free at 10:45 now; asking for barber 1 gives barber 1.
    expect((await walkIn({ barberId: b1 })).json()).toMatchObject({ barberId: b1, start: '2027-03-10T10:45:00-05:00' });
    expect((await wait()).anyone).toMatchObject({ start: '2027-03-10T10:45:00-05:00', barberIds: [b2] });

    // Late in the day: nobody free again today.
    clock.set('2027-03-10T21:50:00Z');
    try {
      expect((await wait()).anyone).toEqual({ start: null, waitMinutes: null, barberIds: [] });
      expectProblem(await walkIn({}), 409, 'NoFreeChair');
    } finally {
      clock.set('2027-03-10T15:00:00Z');
    }
    expectProblem(await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${walkShop.slug}/wait?serviceId=${newId()}` }), 404, 'NotFound');
    expectProblem(await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${walkShop.slug}/wait` }), 400, 'ValidationFailed');
  });
});

describe('POST /franchises/:fid/appointments/:id/move', () => {
  test('to another time and barber in one update; the old time is free, the new one taken; audited', async () => {
    const visit = await bookOk(tp, shop, { start: '2027-03-17T10:00:00-04:00', barberId: barber(0) });
    const res = await api(owner, 'POST', `/appointments/${visit.id}/move`, { start: '2027-03-17T13:05:00-04:00', barberId: barber(1) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: visit.id, barberId: barber(1), start: '2027-03-17T13:05:00-04:00', end: '2027-03-17T13:35:00-04:00' });
    expect((await slots(tp, shop, { date: '2027-03-17', barberId: barber(0) })).map((s) => s.start)).toContain('2027-03-17T10:00:00-04:00');
    expect(await auditActions(visit.id)).toEqual(['booking.created', 'appointment.moved']);
    // Onto itself shifted by ten minutes: its own time does not block it.
    expect((await api(owner, 'POST', `/appointments/${visit.id}/move`, { start: '2027-03-17T13:15:00-04:00' })).json()).toMatchObject({ barberId: barber(1), start: '2027-03-17T13:15:00-04:00' });
  });

  test('never over another appointment; only booked appointments move; strangers and bad ids', async () => {
    const a = await bookOk(tp, shop, { start: '2027-03-18T10:00:00-04:00', barberId: barber(0) });
    await bookOk(tp, shop, { start: '2027-03-18T11:00:00-04:00', barberId: barber(0) });
    const clash = expectProblem(await api(owner, 'POST', `/appointments/${a.id}/move`, { start: '2027-03-18T10:45:00-04:00' }), 409, 'SlotUnavailable');
    expect(clash.reason).toBe('taken');
    expect((await api(owner, 'GET', '/appointments?from=2027-03-18&to=2027-03-18')).json().appointments.find((x: { id: string }) => x.id === a.id).start).toBe('2027-03-18T10:00:00-04:00');
    const cancelled = await api(owner, 'PATCH', `/appointments/${a.id}`, { status: 'cancelled' });
    expect(cancelled.statusCode).toBe(200);
    expectProblem(await api(owner, 'POST', `/appointments/${a.id}/move`, { start: '2027-03-18T14:00:00-04:00' }), 409, 'InvalidStateTransition');
    expectProblem(await api(owner, 'POST', `/appointments/${newId()}/move`, { start: '2027-03-18T14:00:00-04:00' }), 404, 'NotFound');
    expectProblem(await api(await makeUser(tp), 'POST', `/appointments/${a.id}/move`, { start: '2027-03-18T14:00:00-04:00' }), 404, 'NotFound');
    const other = await makeShop(tp);
    expectProblem(await api(owner, 'POST', `/appointments/${a.id}/move`, { start: '2027-03-18T14:00:00-04:00', barberId: other.barberIds[0] }), 409, 'InvalidStateTransition');
    const b = await bookOk(tp, shop, { start: '2027-03-18T15:00:00-04:00', barberId: barber(1) });
    expectProblem(await api(owner, 'POST', `/appointments/${b.id}/move`, { start: '2027-03-18T14:00:00-04:00', barberId: other.barberIds[0] }), 404, 'NotFound');
    expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
  });
});
