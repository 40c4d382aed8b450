import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop, TestUser } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { fixedClock } from '../../shared/clock.js';
import { bookOk, expectProblem, slots } from '../../../test/support/bookings.js';

/**
 * Guarded and undoable status changes (issue 17 finding 1), through the API:
 * the service's answer carries what may be done, and refuses everything else.
 * New York shop; every appointment starts at 10:00 EDT = 14:00Z.
 */
const BEFORE = '2027-03-10T12:00:00Z';
const clock = fixedClock(BEFORE);
let tp: TestPlatform;
let shop: Shop;
let owner: TestUser;

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp, { barbers: 1 });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
});
afterAll(async () => {
  await tp.close();
});

const url = (id: string) => `/api/v1/franchises/${shop.franchiseId}/appointments/${id}`;
const patch = (id: string, payload: Record<string, unknown>) => tp.app.inject({ method: 'PATCH', url: url(id), headers: { cookie: owner.cookie }, payload });
const undo = (id: string) => tp.app.inject({ method: 'POST', url: `${url(id)}/undo`, headers: { cookie: owner.cookie } });
const calendarEntry = async (id: string, date: string) => {
  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}/appointments?from=${date}&to=${date}`, headers: { cookie: owner.cookie } });
  return res.json().appointments.find((a: { id: string }) => a.id === id);
};
const auditOf = async (id: string) => {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  return db.selectFrom('audit_log').select(['action', 'before', 'after']).where('franchise_id', '=', shop.franchiseId).where('entity_id', '=', id).orderBy('id').execute();
};
/** A booking starting at 10:00 New York time on `date`, made while the clock says BEFORE. */
const book = async (date: string) => {
  clock.set(BEFORE);
  return bookOk(tp, shop, { start: `${date}T10:00:00-04:00` });
};

describe('status changes follow the start time', () => {
  test('the calendar says what may be done, and when more opens', async () => {
    const visit = await book('2027-03-16');
    clock.set('2027-03-16T13:44:59Z');
    expect(await calendarEntry(visit.id, '2027-03-16')).toMatchObject({
      allowedActions: ['cancel'],
      nextActionAt: '2027-03-16T09:45:00-04:00',
      undoableUntil: null,
      undoTo: null,
      cancellationReason: null,
    });
    clock.set('2027-03-16T13:45:00Z');
    expect(await calendarEntry(visit.id, '2027-03-16')).toMatchObject({ allowedActions: ['check_in', 'cancel'], nextActionAt: '2027-03-16T10:00:00-04:00' });
    clock.set('2027-03-16T14:00:00Z');
    expect(await calendarEntry(visit.id, '2027-03-16')).toMatchObject({ allowedActions: ['check_in', 'no_show', 'cancel'], nextActionAt: null });
  });

  test('completed or no-show days before the visit is refused with 409 TooEarly and when it opens; nothing changes', async () => {
    const visit = await book('2027-03-17');
    clock.set('2027-03-17T13:44:59Z');
    const early = expectProblem(await patch(visit.id, { status: 'checked_in' }), 409, 'TooEarly');
    expect(early).toMatchObject({ opensAt: '2027-03-17T09:45:00-04:00', currentStatus: 'booked' });
    expectProblem(await patch(visit.id, { status: 'no_show' }), 409, 'TooEarly');
    clock.set('2027-03-17T13:45:00Z');
    expect((await patch(visit.id, { status: 'checked_in' })).json()).toMatchObject({ status: 'checked_in', allowedActions: ['cancel', 'undo'], undoTo: 'booked' });
    clock.set('2027-03-17T13:59:59Z');
    expect(expectProblem(await patch(visit.id, { status: 'completed' }), 409, 'TooEarly')).toMatchObject({ opensAt: '2027-03-17T10:00:00-04:00' });
    clock.set('2027-03-17T14:00:00Z');
    expect((await patch(visit.id, { status: 'completed' })).json()).toMatchObject({ status: 'completed', allowedActions: ['undo'], undoTo: 'checked_in' });
    expect((await auditOf(visit.id)).map((a) => a.action)).toEqual(['booking.created', 'appointment.status_changed', 'appointment.status_changed']);
  });
});

describe('undo', () => {
  test('within 24 hours: completed goes back to checked in, audited; the undo itself cannot be undone', async () => {
    const visit = await book('2027-03-18');
    clock.set('2027-03-18T13:50:00Z');
    await patch(visit.id, { status: 'checked_in' });
    clock.set('2027-03-18T14:30:00Z');
    const done = (await patch(visit.id, { status: 'completed' })).json();
    expect(done.undoableUntil).toBe('2027-03-19T10:30:00-04:00');
    clock.set('2027-03-19T14:29:59Z');
    const undone = await undo(visit.id);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ status: 'checked_in', undoableUntil: null, undoTo: null, allowedActions: ['complete', 'no_show', 'cancel'] });
    expectProblem(await undo(visit.id), 409, 'NothingToUndo');
    const audit = await auditOf(visit.id);
    expect(audit.at(-1)).toMatchObject({ action: 'appointment.status_undone', before: { status: 'completed' }, after: { status: 'checked_in' } });
  });

  test('at 24 hours exactly the undo is gone', async () => {
    const visit = await book('2027-03-19');
    clock.set('2027-03-19T14:00:00Z');
    await patch(visit.id, { status: 'no_show' });
    clock.set('2027-03-20T14:00:00Z');
    expectProblem(await undo(visit.id), 409, 'NothingToUndo');
    expect((await calendarEntry(visit.id, '2027-03-19')).status).toBe('no_show');
  });

  test('a cancellation keeps its reason (shown, audited); undo brings the booking back and takes the chair again', async () => {
    const visit = await book('2027-03-22');
    clock.set('2027-03-21T12:00:00Z');
    const cancelled = (await patch(visit.id, { status: 'cancelled', reason: '  Client called: flu  ' })).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellationReason: 'Client called: flu', undoTo: 'booked' });
    expect((await calendarEntry(visit.id, '2027-03-22')).cancellationReason).toBe('Client called: flu');
    expect((await auditOf(visit.id)).at(-1)).toMatchObject({ after: { status: 'cancelled', reason: 'Client called: flu' } });
    const free = async () => (await slots(tp, shop, { date: '2027-03-22', barberId: shop.barberIds[0] as string })).map((s) => s.start);
    expect(await free()).toContain('2027-03-22T10:00:00-04:00');
    expect((await undo(visit.id)).json()).toMatchObject({ status: 'booked', cancellationReason: null, cancelledAt: null });
    expect(await free()).not.toContain('2027-03-22T10:00:00-04:00');
  });

  test('a cancelled time booked by someone else meanwhile cannot come back: 409 SlotUnavailable, nothing changes', async () => {
    const visit = await book('2027-03-23');
    clock.set('2027-03-21T12:00:00Z');
    await patch(visit.id, { status: 'cancelled' });
    const other = await bookOk(tp, shop, { start: '2027-03-23T10:00:00-04:00', barberId: shop.barberIds[0] as string });
    expectProblem(await undo(visit.id), 409, 'SlotUnavailable');
    expect((await calendarEntry(visit.id, '2027-03-23')).status).toBe('cancelled');
    expect((await calendarEntry(other.id, '2027-03-23')).status).toBe('booked');
  });

  test("a client's own cancellation is not a staff change: nothing to undo", async () => {
    const visit = await book('2027-03-24');
    clock.set('2027-03-21T12:00:00Z');
    const res = await tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${visit.manageToken}/cancel` });
    expect(res.statusCode, res.body).toBe(200);
    expectProblem(await undo(visit.id), 409, 'NothingToUndo');
  });

  test('bad input: a reason without a cancellation, a reason too long, control characters', async () => {
    const visit = await book('2027-03-25');
    clock.set('2027-03-25T13:50:00Z');
    expectProblem(await patch(visit.id, { status: 'checked_in', reason: 'why not' }), 400, 'ValidationFailed');
    expectProblem(await patch(visit.id, { status: 'cancelled', reason: 'x'.repeat(501) }), 400, 'ValidationFailed');
    expectProblem(await patch(visit.id, { status: 'cancelled', reason: 'a\u0000b' }), 400, 'ValidationFailed');
    expect((await calendarEntry(visit.id, '2027-03-25')).status).toBe('booked');
  });
});
