import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { fixedClock } from '../../shared/clock.js';
import { book, bookOk, bookingBody, expectProblem, overlappingPairs } from '../../../test/support/bookings.js';

// The database, not the code, has the last word on double booking: these races
// go through the whole HTTP stack at once and must leave no overlap behind.
const clock = fixedClock('2027-03-10T12:00:00Z');
let tp: TestPlatform;

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
});
afterAll(async () => {
  await tp.close();
});

const START = '2027-03-11T10:00:00-05:00';

async function chairHolders(franchiseId: string): Promise<{ barber_id: string }[]> {
  const { db } = await tp.platform.core.router.primaryFor(franchiseId);
  return db
    .selectFrom('appointments')
    .select('barber_id')
    .where('franchise_id', '=', franchiseId)
    .where('starts_at', '=', new Date(START))
    .where('status', '=', 'booked')
    .execute();
}

test('25 parallel bookings of one barber and start: exactly one 201, the rest 409 problem+json', async () => {
  const shop = await makeShop(tp, { barbers: 1 });
  const barberId = shop.barberIds[0] as string;
  const results = await Promise.all(Array.from({ length: 25 }, () => book(tp, shop, { start: START, barberId })));
  expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
  for (const res of results.filter((r) => r.statusCode !== 201)) {
    // Whether the loser saw the slot gone or lost at the insert, it is offered the next free times.
    const problem = expectProblem(res, 409, 'SlotUnavailable');
    expect((problem.alternatives as { start: string }[])[0]?.start).toBe('2027-03-11T10:30:00-05:00');
  }
  expect(await chairHolders(shop.franchiseId)).toHaveLength(1);
  expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
});

test('"anyone" in parallel with 4 barbers: exactly 4 bookings, one per barber', async () => {
  const shop = await makeShop(tp, { barbers: 4 });
  const results = await Promise.all(Array.from({ length: 20 }, () => book(tp, shop, { start: START })));
  const won = results.filter((r) => r.statusCode === 201);
  expect(won).toHaveLength(4);
  expect(new Set(won.map((r) => r.json().barberId)).size).toBe(4);
  for (const res of results.filter((r) => r.statusCode !== 201)) expectProblem(res, 409, 'SlotUnavailable');
  const holders = await chairHolders(shop.franchiseId);
  expect(holders.map((h) => h.barber_id).sort()).toEqual([...shop.barberIds].sort());
  expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
});

test('overlapping (not identical) starts race too: 10:00 vs 10:15 vs 10:30 with a 30-minute service', async () => {
  const shop = await makeShop(tp, { barbers: 1 });
  const barberId = shop.barberIds[0] as string;
  const starts = ['2027-03-11T10:00:00-05:00', '2027-03-11T10:15:00-05:00', '2027-03-11T09:45:00-05:00'];
  const results = await Promise.all(Array.from({ length: 24 }, (_, i) => book(tp, shop, { start: starts[i % 3] as string, barberId })));
  const won = results.filter((r) => r.statusCode === 201);
  expect(won.length).toBeGreaterThanOrEqual(1);
  expect(won.length).toBeLessThanOrEqual(2); // 09:45 and 10:15 can both fit; 10:00 overlaps both
  expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
});

test('one Idempotency-Key sent 10 times at once: one booking, every 201 is the same answer', async () => {
  const shop = await makeShop(tp, { barbers: 3 });
  const payload = bookingBody(shop, { start: START });
  const send = () =>
    tp.app.inject({ method: 'POST', url: `/api/v1/locations/${shop.slug}/bookings`, headers: { 'idempotency-key': 'double-click' }, payload });
  const results = await Promise.all(Array.from({ length: 10 }, send));
  const won = results.filter((r) => r.statusCode === 201);
  expect(won.length).toBeGreaterThanOrEqual(1);
  expect(new Set(won.map((r) => r.body)).size).toBe(1);
  for (const res of results.filter((r) => r.statusCode !== 201)) expect(res.statusCode).toBe(409);
  expect(await chairHolders(shop.franchiseId)).toHaveLength(1);
});

test('a cancel that waits behind a reschedule to another barber still finds the booking (no false 404)', async () => {
  const shop = await makeShop(tp, { barbers: 2 });
  const [first, second] = shop.barberIds as [string, string];
  const booking = await bookOk(tp, shop, { start: START, barberId: first });
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  // The reschedule's transaction, held open with the row changed and locked.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let changed: () => void = () => undefined;
  const rowChanged = new Promise<void>((resolve) => (changed = resolve));
  const reschedule = db.transaction().execute(async (trx) => {
    await trx.updateTable('appointments').set({ barber_id: second }).where('franchise_id', '=', shop.franchiseId).where('id', '=', booking.id).execute();
    changed();
    await held;
  });
  await rowChanged;
  const cancel = tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${booking.manageToken}/cancel` });
  await new Promise((resolve) => setTimeout(resolve, 150));
  release();
  await reschedule;
  const res = await cancel;
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json<{ status: string; barberId: string }>()).toMatchObject({ status: 'cancelled', barberId: second });
});
