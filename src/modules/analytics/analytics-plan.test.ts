import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { hoursQuery } from './analytics-hours.repository.js';
import type { AnalyticsQuery } from './analytics-scope.repository.js';
import { countsQuery, moneyQuery, seriesQuery } from './analytics-visits.repository.js';
import { addClient, addLocation } from '../../../test/support/analytics.js';

/**
 * Hot SQL is reviewable (STYLE.md 12): with a few thousand appointments over two
 * years, a one-week report must reach appointments through
 * appointments_location_time_idx, never by reading the whole table.
 */
let tp: TestPlatform;
let shop: Shop;
let db: Kysely<ShardDatabase>;
let locationIds: string[];

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

async function planOf(query: RawBuilder<unknown>): Promise<PlanNode[]> {
  const result = await sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  return nodesOf(result.rows[0]!['QUERY PLAN'][0].Plan);
}

beforeAll(async () => {
  tp = await createTestPlatform();
  shop = await makeShop(tp, { barbers: 1 });
  const second = await addLocation(tp, shop.franchiseId, { timezone: 'America/Chicago', currency: 'USD', barbers: 1 });
  const third = await addLocation(tp, shop.franchiseId, { timezone: 'Europe/London', currency: 'GBP', barbers: 1 });
  db = (await tp.platform.core.router.primaryFor(shop.franchiseId)).db;
  locationIds = [shop.locationId, second.locationId, third.locationId];
  const barbers = [shop.barberIds[0]!, second.barberIds[0]!, third.barberIds[0]!];
  const services = [shop.serviceIds[0]!, second.serviceId, third.serviceId];
  const clients = await Promise.all(Array.from({ length: 40 }, (_, i) => addClient(tp, shop.franchiseId, `Client${i}`)));
  // 3,000 appointments, 1,000 per location, one every 17 hours per barber (no overlaps), about two years.
  await sql`
    INSERT INTO appointments (franchise_id, id, location_id, barber_id, service_id, client_id, starts_at, ends_at, blocked_until, status, price_cents, currency)
    SELECT ${shop.franchiseId}, gen_random_uuid(), (${locationIds}::uuid[])[i % 3 + 1], (${barbers}::uuid[])[i % 3 + 1], (${services}::uuid[])[i % 3 + 1],
      (${clients}::uuid[])[i % 40 + 1], t, t + interval '30 minutes', t + interval '30 minutes',
      (ARRAY['completed','completed','completed','booked','cancelled','no_show'])[i % 6 + 1], 3500, CASE WHEN i % 3 = 2 THEN 'GBP' ELSE 'USD' END
    FROM generate_series(0, 2999) AS i, LATERAL (SELECT timestamptz '2026-01-05 09:00Z' + (i / 3) * interval '17 hours' AS t) AS at`.execute(db);
  await sql`ANALYZE appointments`.execute(db);
});

afterAll(async () => {
  await tp.close();
});

describe('analytics query plans', () => {
  const week = (): AnalyticsQuery => ({ franchiseId: shop.franchiseId, locationIds, from: '2027-01-04', to: '2027-01-10', bucketDays: 1, now: new Date('2027-02-01T00:00:00Z') });

  it.each([
    ['counts', () => countsQuery(week())],
    ['money', () => moneyQuery(week())],
    ['series', () => seriesQuery(week())],
  ])('the %s query reads appointments by (franchise_id, location_id, starts_at)', async (_name, build) => {
    const nodes = await planOf(build());
    const onAppointments = nodes.filter((node) => node['Relation Name'] === 'appointments');
    expect(onAppointments.length).toBeGreaterThan(0);
    expect(onAppointments.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(nodes.map((node) => node['Index Name'])).toContain('appointments_location_time_idx');
  });

  it('the rebooking and returning-client lookups use the client index', async () => {
    const nodes = await planOf(countsQuery(week()));
    expect(nodes.map((node) => node['Index Name'])).toContain('appointments_client_idx');
  });

  it('the working-hours query does not touch appointments', async () => {
    const nodes = await planOf(hoursQuery(week()));
    expect(nodes.some((node) => node['Relation Name'] === 'appointments')).toBe(false);
  });
});
