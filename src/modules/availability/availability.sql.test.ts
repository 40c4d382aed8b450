import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { newId } from '../../db/ids.js';
import { insertAppointmentQuery } from '../bookings/bookings.repository.js';
import { windowQuery } from './availability.repository.js';
import type { WindowQuery } from './availability.repository.js';

// The hot SQL, pinned so that a reviewer sees the real statements and a change to them is deliberate.
let tp: TestPlatform;
let shop: Shop;

beforeAll(async () => {
  tp = await createTestPlatform();
  shop = await makeShop(tp, { barbers: 10 });
});
afterAll(async () => {
  await tp.close();
});

/** One clause per line, so the snapshot reads like SQL. */
const pretty = (text: string): string => text.replace(/ (select|from|where|and|order by|values) /gi, '\n$1 ');

const FIXED = '00000000-0000-7000-8000-000000000000';
const query = (overrides: Partial<WindowQuery> = {}): WindowQuery => ({
  franchiseId: shop.franchiseId,
  locationId: shop.locationId,
  serviceId: shop.serviceIds[0] as string,
  barberId: null,
  fromMs: Date.parse('2027-03-10T00:00:00Z'),
  toMs: Date.parse('2027-03-19T00:00:00Z'),
  excludeAppointmentId: null,
  ...overrides,
});

test('the availability window is ONE statement (location, service, barbers with hours, time off, appointments)', async () => {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  const compiled = windowQuery(db, query({ franchiseId: FIXED, locationId: FIXED, serviceId: FIXED })).compile();
  expect(pretty(compiled.sql)).toMatchSnapshot();
  expect(compiled.sql.match(/from "appointments"/g)).toHaveLength(1);
  expect(compiled.sql).toContain(`a.status IN ('booked', 'checked_in', 'completed')`);
  expect(compiled.sql).toContain('tstzrange(a.starts_at, a.blocked_until) && tstzrange(');
});

test('the booking insert', async () => {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  await db.transaction().execute(async (trx) => {
    const compiled = insertAppointmentQuery(
      trx,
      {
        franchiseId: FIXED,
        id: FIXED,
        locationId: FIXED,
        barberId: FIXED,
        serviceId: FIXED,
        clientId: FIXED,
        startsAt: new Date(0),
        endsAt: new Date(0),
        blockedUntil: new Date(0),
        priceCents: 0,
        depositCents: 0,
        currency: 'USD',
        notes: null,
        given: { name: 'Given', phone: null },
      },
      new Date(0),
    ).compile();
    expect(pretty(compiled.sql)).toMatchSnapshot();
  });
});

test("with realistic volume the planner finds appointments through the exclusion constraint's GiST index", async () => {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  const clientId = newId();
  await db.insertInto('clients').values({ franchise_id: shop.franchiseId, id: clientId, email: 'bulk@example.test', name: 'Bulk' }).execute();
  // Three months of hourly 30-minute appointments for every barber: ~22,000 rows.
  await sql`
    INSERT INTO appointments (franchise_id, id, location_id, barber_id, service_id, client_id, starts_at, ends_at, blocked_until, price_cents, currency)
    SELECT ${shop.franchiseId}::uuid, gen_random_uuid(), ${shop.locationId}::uuid, b.id, ${shop.serviceIds[0]}::uuid, ${clientId}::uuid,
           t, t + interval '30 minutes', t + interval '30 minutes', 3500, 'USD'
    FROM barbers b, generate_series(timestamptz '2027-02-01', timestamptz '2027-05-01', interval '1 hour') AS t
    WHERE b.franchise_id = ${shop.franchiseId}::uuid`.execute(db);
  await sql`ANALYZE appointments`.execute(db);
  const plan = (await windowQuery(db, query()).explain('text')) as { 'QUERY PLAN': string }[];
  const text = plan.map((row) => row['QUERY PLAN']).join('\n');
  expect(text).toMatch(/(Bitmap Index Scan on|Index Scan using) appointments_no_overlap/);
  expect(text).toMatch(/Index Cond: \(\(franchise_id = [^)]*\) AND \(barber_id = b\.id\) AND \(tstzrange\(starts_at, blocked_until\) && /);
  expect(text).not.toMatch(/Seq Scan on appointments/);
});
