import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop, TestUser } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { bookOk, expectProblem, freshEmail, overlappingPairs } from '../../../test/support/bookings.js';
import { fixedClock } from '../../shared/clock.js';

const clock = fixedClock('2027-03-01T15:00:00Z');
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

const post = (path: string, payload: Record<string, unknown>) =>
  tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${shop.franchiseId}/appointment-series${path}`, headers: { cookie: owner.cookie }, payload });

const body = (extra: Record<string, unknown>) => ({
  locationId: shop.locationId,
  serviceId: shop.serviceIds[0],
  barberId: shop.barberIds[0],
  // Tuesday 10:00 EST; every 2 weeks crosses the DST change of March 14.
  start: '2027-03-02T10:00:00-05:00',
  everyWeeks: 2,
  client: { name: 'Regular Rae', email: freshEmail() },
  ...extra,
});

async function seriesRows(): Promise<number> {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  const row = await db.selectFrom('appointment_series').select((eb) => eb.fn.countAll<string>().as('n')).where('franchise_id', '=', shop.franchiseId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('repeating appointments', () => {
  test('preview lists every occurrence at the same wall time, conflicts marked, and saves nothing', async () => {
    await bookOk(tp, shop, { start: '2027-03-30T10:15:00-04:00', barberId: shop.barberIds[0] as string });
    const res = await post('/preview', body({ count: 4 }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().occurrences).toEqual([
      { start: '2027-03-02T10:00:00-05:00', end: '2027-03-02T10:30:00-05:00', conflict: null },
      { start: '2027-03-16T10:00:00-04:00', end: '2027-03-16T10:30:00-04:00', conflict: null },
      { start: '2027-03-30T10:00:00-04:00', end: '2027-03-30T10:30:00-04:00', conflict: 'overlaps another appointment of this barber' },
      { start: '2027-04-13T10:00:00-04:00', end: '2027-04-13T10:30:00-04:00', conflict: null },
    ]);
    expect(await seriesRows()).toBe(0);
  });

  test('all or nothing by default: a conflict is 409 with the occurrences and nothing is written', async () => {
    const problem = expectProblem(await post('', body({ count: 4 })), 409, 'SeriesConflicts');
    expect((problem.occurrences as { conflict: string | null }[]).map((o) => o.conflict !== null)).toEqual([false, false, true, false]);
    expect(await seriesRows()).toBe(0);
  });

  test('skip saves the free occurrences as ordinary appointments of one series, audited', async () => {
    const res = await post('', body({ until: '2027-04-13', onConflict: 'skip' }));
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json();
    expect(answer.appointments.map((a: { start: string }) => a.start)).toEqual(['2027-03-02T10:00:00-05:00', '2027-03-16T10:00:00-04:00', '2027-04-13T10:00:00-04:00']);
    expect(answer.skipped.map((s: { start: string }) => s.start)).toEqual(['2027-03-30T10:00:00-04:00']);
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const rows = await db.selectFrom('appointments').select(['series_id', 'source', 'status']).where('franchise_id', '=', shop.franchiseId).where('series_id', '=', answer.seriesId).execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.source === 'staff' && r.status === 'booked')).toBe(true);
    const audit = await db.selectFrom('audit_log').select('action').where('franchise_id', '=', shop.franchiseId).where('entity_id', '=', answer.seriesId).execute();
    expect(audit.map((a) => a.action)).toEqual(['appointment_series.created']);
    // The calendar shows them like any appointment.
    const calendar = await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}/appointments?from=2027-03-16&to=2027-03-16`, headers: { cookie: owner.cookie } });
    expect(calendar.json().appointments.map((a: { id: string }) => a.id)).toContain(answer.appointments[1].id);
    expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
  });

  test('a clean series saves whole; bad rules are 400', async () => {
    const ok = await post('', body({ start: '2027-03-03T11:00:00-05:00', everyWeeks: 1, count: 3 }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().skipped).toEqual([]);
    expect(ok.json().appointments).toHaveLength(3);
    expectProblem(await post('', body({ count: 3, until: '2027-04-01' })), 400, 'ValidationFailed');
    expectProblem(await post('', body({})), 400, 'ValidationFailed');
    expectProblem(await post('', body({ until: '2027-02-30' })), 400, 'ValidationFailed');
    expectProblem(await post('', body({ until: '2027-02-01' })), 400, 'ValidationFailed');
    expectProblem(await post('/preview', body({ everyWeeks: 1, until: '2028-12-31' })), 400, 'ValidationFailed');
    expectProblem(await post('', body({ count: 1 })), 400, 'ValidationFailed');
    expectProblem(await post('', body({ everyWeeks: 0, count: 3 })), 400, 'ValidationFailed');
  });
});
