import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { undocumentedParts } from '../../../test/support/openapi-document.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { newId } from '../../db/ids.js';
import { fixedClock } from '../../shared/clock.js';
import { signManageToken } from './manage-token.js';
import { bookOk, expectProblem, overlappingPairs, slots } from '../../../test/support/bookings.js';

// Wednesday 2027-03-10, 07:00 in New York; cancellation window 24 h.
const NOW = '2027-03-10T12:00:00Z';
const clock = fixedClock(NOW);
let tp: TestPlatform;
let shop: Shop;

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp, { barbers: 2, services: [{ name: 'Fade', durationMinutes: 45, priceCents: 4000, bufferMinutes: 15 }] });
});
afterAll(async () => {
  await tp.close();
});
afterEach(() => clock.set(NOW));

const get = (token: string) => tp.app.inject({ method: 'GET', url: `/api/v1/bookings/${token}` });
const cancel = (token: string, extra: { headers?: Record<string, string>; payload?: string } = {}) =>
  tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${token}/cancel`, ...extra });
const reschedule = (token: string, payload: unknown) =>
  tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${token}/reschedule`, payload: payload as Record<string, unknown> });

describe('GET /bookings/:manageToken', () => {
  test('the booking, same shape as the booking answer', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-11T09:00:00-05:00' });
    const res = await get(booked.manageToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(booked);
  });

  test('tampered, truncated, garbage or foreign-key tokens → 404, never 400/500', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-11T10:00:00-05:00' });
    const t = booked.manageToken;
    const flipped = `${t.slice(0, 20)}${t[20] === 'A' ? 'B' : 'A'}${t.slice(21)}`;
    const { id } = await tp.platform.core.signingKeys.current();
    const forged = signManageToken({ id, secret: 'not-the-platform-secret' }, { franchiseId: shop.franchiseId, appointmentId: booked.id });
    for (const token of [flipped, t.slice(0, -2), `${t}x`, 'abc', 'x'.repeat(90), forged, encodeURIComponent('../../etc'), '%F0%9F%92%88']) {
      expectProblem(await get(token), 404, 'NotFound');
      expectProblem(await cancel(token), 404, 'NotFound');
      expectProblem(await reschedule(token, { start: '2027-03-12T10:00:00-05:00' }), 404, 'NotFound');
    }
  });

  test('a genuine token for a booking that does not exist → 404', async () => {
    const token = await tp.platform.core.router.primaryFor(shop.franchiseId).then(() => newId());
    const key = await tp.platform.core.signingKeys.current();
    expectProblem(await get(signManageToken(key, { franchiseId: shop.franchiseId, appointmentId: token })), 404, 'NotFound');
    expectProblem(await get(signManageToken(key, { franchiseId: newId(), appointmentId: token })), 404, 'NotFound');
  });
});

describe('POST /bookings/:manageToken/cancel', () => {
  test('200 cancelled; the chair is free again; a repeat is 200 too (idempotent) and counted once', async () => {
    const barberId = shop.barberIds[0] as string;
    const booked = await bookOk(tp, shop, { start: '2027-03-11T11:00:00-05:00', barberId });
    const before = await cancelledCount();
    const res = await cancel(booked.manageToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: booked.id, status: 'cancelled', start: booked.start });
    // Content-Type: application/json with an empty body is fine too.
    const again = await cancel(booked.manageToken, { headers: { 'content-type': 'application/json' }, payload: '' });
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('cancelled');
    expect(await cancelledCount()).toBe(before + 1);
    const free = await slots(tp, shop, { date: '2027-03-11', barberId });
    expect(free.map((s) => s.start)).toContain('2027-03-11T11:00:00-05:00');
    await bookOk(tp, shop, { start: '2027-03-11T11:00:00-05:00', barberId });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const audit = await db.selectFrom('audit_log').select('action').where('franchise_id', '=', shop.franchiseId).where('entity_id', '=', booked.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['booking.cancelled', 'booking.created']);
  });

  test('409 CancellationWindowPassed once inside the 24-hour window, and the booking stays', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-11T13:00:00-05:00' });
    // Exactly at the limit it is still allowed; one second later it is not.
    clock.set('2027-03-10T18:00:01Z');
    expectProblem(await cancel(booked.manageToken), 409, 'CancellationWindowPassed');
    expectProblem(await reschedule(booked.manageToken, { start: '2027-03-12T13:00:00-05:00' }), 409, 'CancellationWindowPassed');
    expect((await get(booked.manageToken)).json().status).toBe('booked');
    clock.set('2027-03-10T18:00:00Z');
    expect((await cancel(booked.manageToken)).statusCode).toBe(200);
  });

  test('a checked-in booking cannot be cancelled by the client → 409 InvalidStateTransition', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-11T14:00:00-05:00' });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    await db.updateTable('appointments').set({ status: 'checked_in' }).where('franchise_id', '=', shop.franchiseId).where('id', '=', booked.id).execute();
    expectProblem(await cancel(booked.manageToken), 409, 'InvalidStateTransition');
  });
});

describe('POST /bookings/:manageToken/reschedule', () => {
  test('moves the same booking: new time taken, old time released, same id and token', async () => {
    const barberId = shop.barberIds[1] as string;
    const booked = await bookOk(tp, shop, { start: '2027-03-12T09:00:00-05:00', barberId });
    const res = await reschedule(booked.manageToken, { start: '2027-03-12T15:00:00-05:00' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: booked.id, manageToken: booked.manageToken, start: '2027-03-12T15:00:00-05:00', end: '2027-03-12T15:45:00-05:00', barberId, status: 'booked' });
    const free = (await slots(tp, shop, { date: '2027-03-12', barberId })).map((s) => s.start);
    expect(free).toContain('2027-03-12T09:00:00-05:00');
    expect(free).not.toContain('2027-03-12T15:00:00-05:00');
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const rows = await db.selectFrom('appointments').select(['id', 'starts_at', 'blocked_until']).where('franchise_id', '=', shop.franchiseId).where('id', '=', booked.id).execute();
    expect(rows).toEqual([{ id: booked.id, starts_at: new Date('2027-03-12T20:00:00Z'), blocked_until: new Date('2027-03-12T21:00:00Z') }]);
  });

  test('may overlap its own old time (one UPDATE: never both held)', async () => {
    const barberId = shop.barberIds[0] as string;
    const booked = await bookOk(tp, shop, { start: '2027-03-13T09:00:00-05:00', barberId });
    const res = await reschedule(booked.manageToken, { start: '2027-03-13T09:15:00-05:00', barberId });
    expect(res.statusCode, res.body).toBe(200);
  });

  test('to another barber, or to the same barber when none is named', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-13T11:00:00-05:00', barberId: shop.barberIds[0] as string });
    const moved = await reschedule(booked.manageToken, { start: '2027-03-13T12:00:00-05:00', barberId: shop.barberIds[1] });
    expect(moved.json().barberId).toBe(shop.barberIds[1]);
    const kept = await reschedule(booked.manageToken, { start: '2027-03-13T13:00:00-05:00' });
    expect(kept.json().barberId).toBe(shop.barberIds[1]);
  });

  test('to a taken, off-grid or past start → 409 SlotUnavailable, booking unchanged', async () => {
    const barberId = shop.barberIds[0] as string;
    await bookOk(tp, shop, { start: '2027-03-15T10:00:00-04:00', barberId });
    const booked = await bookOk(tp, shop, { start: '2027-03-15T14:00:00-04:00', barberId });
    for (const start of ['2027-03-15T10:30:00-04:00', '2027-03-15T12:10:00-04:00', '2027-03-09T10:00:00-05:00']) {
      expectProblem(await reschedule(booked.manageToken, { start, barberId }), 409, 'SlotUnavailable');
    }
    expect((await get(booked.manageToken)).json().start).toBe('2027-03-15T14:00:00-04:00');
  });

  test('bad bodies → 400', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-15T15:00:00-04:00' });
    for (const payload of [{}, { start: '2027-02-30T10:00:00-05:00' }, { start: '2027-03-15T10:00:00' }, { start: 5 }, { start: '2027-03-15T10:00:00-04:00', extra: 1 }]) {
      expectProblem(await reschedule(booked.manageToken, payload), 400, 'ValidationFailed');
    }
  });

  test('a cancelled booking cannot be moved → 409 InvalidStateTransition', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-16T09:00:00-04:00' });
    await cancel(booked.manageToken);
    expectProblem(await reschedule(booked.manageToken, { start: '2027-03-16T11:00:00-04:00' }), 409, 'InvalidStateTransition');
  });

  test('race: two bookings moved to the same chair at once → one 200, one 409, no overlap', async () => {
    const barberId = shop.barberIds[1] as string;
    const a = await bookOk(tp, shop, { start: '2027-03-17T09:00:00-04:00', barberId });
    const b = await bookOk(tp, shop, { start: '2027-03-17T10:00:00-04:00', barberId });
    const target = { start: '2027-03-17T15:00:00-04:00', barberId };
    const results = await Promise.all([reschedule(a.manageToken, target), reschedule(b.manageToken, target)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    const problem = expectProblem(loser as NonNullable<typeof loser>, 409, 'SlotUnavailable');
    // Offered times already account for the winner (15:00–15:45 plus a 15-minute buffer).
    expect((problem.alternatives as { start: string }[])[0]?.start).toBe('2027-03-17T16:00:00-04:00');
    expect(await undocumentedParts(tp.app, 'rescheduleBooking', 409, problem)).toEqual([]);
    expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
  });
});

async function cancelledCount(): Promise<number> {
  const text = await tp.platform.core.metrics.registry.getSingleMetricAsString('bookings_cancelled_total');
  const match = /bookings_cancelled_total\{[^}]*\} (\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}
