import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { undocumentedParts } from '../../../test/support/openapi-document.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { newId } from '../../db/ids.js';
import { fixedClock } from '../../shared/clock.js';
import { book, bookOk, bookingBody, expectProblem, freshEmail, slots } from '../../../test/support/bookings.js';

// Wednesday 2027-03-10, 07:00 in New York. Shops open Mon–Sat 09:00–17:00.
const clock = fixedClock('2027-03-10T12:00:00Z');
let tp: TestPlatform;
let shop: Shop;

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp, { barbers: 2, services: [{ name: 'Haircut', durationMinutes: 30, priceCents: 3500, depositCents: 1000, bufferMinutes: 10 }] });
});
afterAll(async () => {
  await tp.close();
});

const post = (payload: unknown, headers: Record<string, string> = {}, slug = shop.slug) =>
  tp.app.inject({ method: 'POST', url: `/api/v1/locations/${slug}/bookings`, headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('POST /locations/:slug/bookings — success', () => {
  test('201 with the contract shape, times in the location zone', async () => {
    const res = await book(tp, shop, { start: '2027-03-11T09:00:00-05:00', barberId: shop.barberIds[0] as string });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'booked',
      start: '2027-03-11T09:00:00-05:00',
      end: '2027-03-11T09:30:00-05:00',
      barberId: shop.barberIds[0],
      serviceId: shop.serviceIds[0],
      priceCents: 3500,
      depositCents: 1000,
      currency: 'USD',
      locationId: shop.locationId,
      timezone: 'America/New_York',
      cancellableUntil: '2027-03-10T09:00:00-05:00',
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.manageToken).toMatch(/^[A-Za-z0-9_-]{68}$/);
    for (const key of ['id', 'status', 'start', 'end', 'barberId', 'serviceId', 'priceCents', 'currency', 'manageToken']) expect(body).toHaveProperty(key);
  });

  test('any instant spelling of a listed start is accepted (Z, other offset)', async () => {
    const a = await bookOk(tp, shop, { start: '2027-03-11T15:00:00Z' });
    expect(a.start).toBe('2027-03-11T10:00:00-05:00');
    const b = await bookOk(tp, shop, { start: '2027-03-11T16:00:00+01:00' });
    expect(b.start).toBe('2027-03-11T10:00:00-05:00');
    expect(b.barberId).not.toBe(a.barberId);
  });

  test('price, deposit and currency are copied: a later menu change does not rewrite the booking', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-12T09:00:00-05:00' });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    await db.updateTable('services').set({ price_cents: 9900, deposit_cents: 0 }).where('franchise_id', '=', shop.franchiseId).where('id', '=', shop.serviceIds[0] as string).execute();
    try {
      const res = await tp.app.inject({ method: 'GET', url: `/api/v1/bookings/${booked.manageToken}` });
      expect(res.json()).toMatchObject({ priceCents: 3500, depositCents: 1000 });
    } finally {
      await db.updateTable('services').set({ price_cents: 3500, deposit_cents: 1000 }).where('franchise_id', '=', shop.franchiseId).where('id', '=', shop.serviceIds[0] as string).execute();
    }
  });

  test('the buffer blocks the chair: the next start for that barber is after end + buffer', async () => {
    const barberId = shop.barberIds[1] as string;
    await bookOk(tp, shop, { start: '2027-03-12T11:00:00-05:00', barberId });
    const free = (await slots(tp, shop, { date: '2027-03-12', barberId })).map((s) => s.start.slice(11, 16));
    expect(free).toContain('10:15'); // 10:15–10:45 + 10 min buffer = 10:55, before 11:00
    expect(free).not.toContain('10:30'); // its buffer would run into 11:00
    expect(free).not.toContain('11:30'); // 11:00–11:30 + 10 min buffer = 11:40
    expect(free).toContain('11:45');
    await expectProblem(await book(tp, shop, { start: '2027-03-12T11:30:00-05:00', barberId }), 409, 'SlotUnavailable');
  });

  test('clients are one per franchise and lower-cased email; a later booking keeps its own name and phone and leaves the record alone', async () => {
    const email = freshEmail();
    const a = await bookOk(tp, shop, { start: '2027-03-13T09:00:00-05:00', email: email.toUpperCase(), name: 'Sam', phone: '(212) 555-0100' });
    const b = await bookOk(tp, shop, { start: '2027-03-13T10:00:00-05:00', email, name: 'Samuel' });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const rows = await db.selectFrom('appointments').select('client_id').where('franchise_id', '=', shop.franchiseId).where('id', 'in', [a.id, b.id]).execute();
    expect(new Set(rows.map((r) => r.client_id)).size).toBe(1);
    const client = await db.selectFrom('clients').selectAll().where('franchise_id', '=', shop.franchiseId).where('id', '=', rows[0]?.client_id as string).executeTakeFirstOrThrow();
    // A public booking never rewrites the client it matched (issue 11 item 4): the record is the first booking's.
    // Typed without + at a New York shop: stored as E.164 (issue 16).
    expect(client).toMatchObject({ email, name: 'Sam', phone: '+12125550100' });
    const given = await db.selectFrom('appointments').select(['id', 'client_name', 'client_phone']).where('franchise_id', '=', shop.franchiseId).where('id', 'in', [a.id, b.id]).execute();
    expect(given.find((r) => r.id === a.id)).toMatchObject({ client_name: 'Sam', client_phone: '+12125550100' });
    expect(given.find((r) => r.id === b.id)).toMatchObject({ client_name: 'Samuel', client_phone: null });
  });

  test('"anyone" goes to the barber with the fewest bookings that day', async () => {
    const [busy, idle] = shop.barberIds as [string, string];
    await bookOk(tp, shop, { start: '2027-03-18T09:00:00-04:00', barberId: busy });
    await bookOk(tp, shop, { start: '2027-03-18T10:00:00-04:00', barberId: busy });
    // busy has 2, idle 0: idle gets the next two (0 → 1 → 2), never a tie.
    for (const start of ['2027-03-18T13:00:00-04:00', '2027-03-18T14:00:00-04:00']) {
      expect((await bookOk(tp, shop, { start })).barberId).toBe(idle);
    }
  });

  test('writes an audit row in the same transaction and counts the booking', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-13T11:00:00-05:00' });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const audit = await db.selectFrom('audit_log').selectAll().where('franchise_id', '=', shop.franchiseId).where('entity_id', '=', booked.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'booking.created', entity: 'appointment', actor_kind: 'client' });
    const metrics = await tp.platform.core.metrics.registry.getSingleMetricAsString('bookings_created_total');
    expect(metrics).toMatch(/bookings_created_total\{region="us-east-1",shard="shard-1"\} \d+/);
  });
});

describe('POST /locations/:slug/bookings — bad input is 4xx and changes nothing', () => {
  const start = '2027-03-15T09:00:00-04:00';

  test.each([
    ['malformed JSON', '{"serviceId": '],
    ['not an object', '[1,2]'],
  ])('%s → 400', async (_name, payload) => {
    expectProblem(await post(payload), 400, 'ValidationFailed');
  });

  test.each<[string, (body: Record<string, unknown>) => unknown]>([
    ['serviceId is a number', (b) => ({ ...b, serviceId: 12 })],
    ['serviceId is not a uuid', (b) => ({ ...b, serviceId: 'haircut' })],
    ['start is missing', ({ start: _start, ...b }) => b],
    ['start has no offset', (b) => ({ ...b, start: '2027-03-15T09:00:00' })],
    ['start is February 30', (b) => ({ ...b, start: '2027-02-30T09:00:00-05:00' })],
    ['start is 25:00', (b) => ({ ...b, start: '2027-03-15T25:00:00-04:00' })],
    ['start is a date only', (b) => ({ ...b, start: '2027-03-15' })],
    ['client missing', ({ client: _client, ...b }) => b],
    ['client.name is a number', (b) => ({ ...b, client: { name: 7, email: 'a@b.test' } })],
    ['client.name is blank', (b) => ({ ...b, client: { name: '   ', email: 'a@b.test' } })],
    ['client.name is 101 characters', (b) => ({ ...b, client: { name: 'x'.repeat(101), email: 'a@b.test' } })],
    ['client.email is not an email', (b) => ({ ...b, client: { name: 'A', email: 'not-an-email' } })],
    ['client.phone has letters', (b) => ({ ...b, client: { name: 'A', email: 'a@b.test', phone: 'call me maybe' } })],
    ['client.phone has too few digits', (b) => ({ ...b, client: { name: 'A', email: 'a@b.test', phone: '(1) 2-3' } })],
    ['client.phone is a number that cannot exist', (b) => ({ ...b, client: { name: 'A', email: 'a@b.test', phone: '+1 555 010 0000' } })],
    ['client.phone is too short for the shop country', (b) => ({ ...b, client: { name: 'A', email: 'a@b.test', phone: '212 555 01' } })],
    ['notes are 501 characters', (b) => ({ ...b, notes: 'n'.repeat(501) })],
    ['an unknown member (typo of barberId)', (b) => ({ ...b, barberID: shop.barberIds[0] })],
    ['barberId is not a uuid', (b) => ({ ...b, barberId: 'bob' })],
  ])('%s → 400', async (_name, change) => {
    const res = await post(change(bookingBody(shop, { start })));
    const problem = expectProblem(res, 400, 'ValidationFailed');
    expect(Array.isArray(problem.errors)).toBe(true);
  });

  test('unknown slug, service or barber → 404', async () => {
    expectProblem(await post(bookingBody(shop, { start }), {}, 'no-such-shop'), 404, 'NotFound');
    expectProblem(await post(bookingBody(shop, { start, serviceId: newId() })), 404, 'NotFound');
    expectProblem(await post(bookingBody(shop, { start, barberId: newId() })), 404, 'NotFound');
  });

  test("another franchise's service or barber → 404 (never books across tenants)", async () => {
    const other = await makeShop(tp);
    expectProblem(await post(bookingBody(shop, { start, serviceId: other.serviceIds[0] as string })), 404, 'NotFound');
    expectProblem(await post(bookingBody(shop, { start, barberId: other.barberIds[0] as string })), 404, 'NotFound');
  });

  test.each([
    ['in the past', '2027-03-09T10:00:00-05:00', /past|notice/],
    ['inside the minimum notice (60 min)', '2027-03-10T07:30:00-05:00', /notice/],
    ['off the 15-minute grid', '2027-03-15T09:05:00-04:00', /grid/],
    ['a second off the grid', '2027-03-15T09:00:01-04:00', /grid/],
    ['outside working hours', '2027-03-15T18:00:00-04:00', /not a free slot/],
    ['on a closed day (Sunday)', '2027-03-14T10:00:00-04:00', /not a free slot/],
    ['beyond the 90-day horizon', '2027-06-09T10:00:00-04:00', /horizon/],
  ])('a start %s → 409 SlotUnavailable', async (_name, badStart, detail) => {
    const problem = expectProblem(await book(tp, shop, { start: badStart }), 409, 'SlotUnavailable');
    expect(problem.detail).toMatch(detail);
    expect(Array.isArray(problem.alternatives)).toBe(true);
  });

  test('a taken slot → 409 with alternatives a UI can book at once', async () => {
    const barberId = shop.barberIds[0] as string;
    await bookOk(tp, shop, { start: '2027-03-16T09:00:00-04:00', barberId });
    const problem = expectProblem(await book(tp, shop, { start: '2027-03-16T09:00:00-04:00', barberId }), 409, 'SlotUnavailable');
    const alternatives = problem.alternatives as { start: string; barberIds: string[] }[];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.every((a) => a.barberIds.includes(barberId) && a.start > '2027-03-16T09:00:00-04:00')).toBe(true);
    await bookOk(tp, shop, { start: (alternatives[0] as { start: string }).start, barberId });
  });

  test('the 409 body is the one /docs declares, alternatives included', async () => {
    await bookOk(tp, shop, { start: '2027-03-16T11:00:00-04:00', barberId: shop.barberIds[0] as string });
    const res = await book(tp, shop, { start: '2027-03-16T11:00:00-04:00', barberId: shop.barberIds[0] as string });
    const problem = expectProblem(res, 409, 'SlotUnavailable');
    expect((problem.alternatives as unknown[]).length).toBeGreaterThan(0);
    expect(await undocumentedParts(tp.app, 'createPublicBooking', 409, problem)).toEqual([]);
    // The declared schema does describe the alternatives: a malformed one is caught.
    expect(await undocumentedParts(tp.app, 'createPublicBooking', 409, { ...problem, alternatives: [{ start: 1 }] })).not.toEqual([]);
  });

  test('no rows were written by any refused request', async () => {
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const clients = await db.selectFrom('clients').select('email').where('franchise_id', '=', shop.franchiseId).where('email', '=', 'a@b.test').execute();
    expect(clients).toEqual([]);
  });
});

describe('Idempotency-Key', () => {
  test('same key and same body: the same answer, one booking', async () => {
    const body = bookingBody(shop, { start: '2027-03-17T09:00:00-04:00' });
    const first = await post(body, { 'idempotency-key': 'order-1' });
    expect(first.statusCode).toBe(201);
    // Same members in another order is the same body.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await post(reordered, { 'idempotency-key': 'order-1' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const count = await db.selectFrom('appointments').select((eb) => eb.fn.countAll<string>().as('n')).where('franchise_id', '=', shop.franchiseId).where('starts_at', '=', new Date('2027-03-17T13:00:00Z')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  test('a replay still answers after the slot filled up', async () => {
    const body = bookingBody(shop, { start: '2027-03-17T10:00:00-04:00' });
    const first = await post(body, { 'idempotency-key': 'order-2' });
    await bookOk(tp, shop, { start: '2027-03-17T10:00:00-04:00' });
    const again = await post(body, { 'idempotency-key': 'order-2' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
  });

  test('same key, another body → 409 IdempotencyKeyReused, nothing booked', async () => {
    await post(bookingBody(shop, { start: '2027-03-17T11:00:00-04:00', email: 'idem@example.test' }), { 'idempotency-key': 'order-3' });
    const res = await post(bookingBody(shop, { start: '2027-03-17T14:00:00-04:00', email: 'idem@example.test' }), { 'idempotency-key': 'order-3' });
    expectProblem(res, 409, 'IdempotencyKeyReused');
    const free = await slots(tp, shop, { date: '2027-03-17' });
    expect(free.find((s) => s.start === '2027-03-17T14:00:00-04:00')?.barberIds).toHaveLength(2);
  });

  test('keys are per franchise: another franchise may use the same key', async () => {
    const other = await makeShop(tp);
    await post(bookingBody(shop, { start: '2027-03-17T12:00:00-04:00' }), { 'idempotency-key': 'shared-key' });
    const res = await post(bookingBody(other, { start: '2027-03-17T12:00:00-04:00' }), { 'idempotency-key': 'shared-key' }, other.slug);
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  test('a failed request is not stored: the retry is evaluated afresh', async () => {
    const body = bookingBody(shop, { start: '2027-03-17T12:07:00-04:00' });
    expectProblem(await post(body, { 'idempotency-key': 'order-4' }), 409, 'SlotUnavailable');
    expectProblem(await post(body, { 'idempotency-key': 'order-4' }), 409, 'SlotUnavailable');
  });

  test('an empty or oversized key → 400', async () => {
    const body = bookingBody(shop, { start: '2027-03-17T13:00:00-04:00' });
    expectProblem(await post(body, { 'idempotency-key': '' }), 400);
    expectProblem(await post(body, { 'idempotency-key': 'k'.repeat(201) }), 400);
  });
});
