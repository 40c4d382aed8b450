import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../src/db/ids.js';
import { registerShard } from '../../src/platform/bootstrap.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { SHARD_TEMPLATE, createDatabaseFrom } from '../support/test-databases.js';

/**
 * The platform report counts franchises from the catalog's placements, plus
 * the ones found on a shard they are not placed on (a copy a move has not
 * cleaned up) or that the catalog does not know: the same answer as the union
 * of every id it used to build, without holding 100,000 ids three times.
 */
describe('platform report franchise counts', () => {
  let tp: TestPlatform;
  let placed: Shop; // on shard-1, placed there
  let unknown: Shop; // rows on shard-2, gone from the catalog
  let leftover: Shop; // rows on shard-2, placed on shard-1 since
  const day = new Date(Date.now() + 86_400_000);

  const addBookings = async (shop: Shop, count: number, status: 'booked' | 'completed' = 'booked'): Promise<void> => {
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const clientId = newId();
    await db.insertInto('clients').values({ franchise_id: shop.franchiseId, id: clientId, email: `c-${clientId}@example.test`, name: 'Client' }).execute();
    for (let i = 0; i < count; i++) {
      const startsAt = new Date(day.getTime() + i * 3_600_000);
      const endsAt = new Date(startsAt.getTime() + 1_800_000);
      await db
        .insertInto('appointments')
        .values({
          franchise_id: shop.franchiseId,
          id: newId(),
          location_id: shop.locationId,
          barber_id: shop.barberIds[0] as string,
          service_id: shop.serviceIds[0] as string,
          client_id: clientId,
          starts_at: startsAt,
          ends_at: endsAt,
          blocked_until: endsAt,
          status,
          price_cents: 1000,
          currency: 'USD',
        })
        .execute();
    }
  };

  beforeAll(async () => {
    tp = await createTestPlatform();
    const { catalog } = tp.platform.core;
    const secondShard = await createDatabaseFrom(inject('postgres'), SHARD_TEMPLATE, 'shard');
    await registerShard(catalog, { id: 'shard-2', region: 'us-east-1', primaryUrl: secondShard }, pino({ level: 'silent' }));
    tp.platform.core.router.forgetAll();
    placed = await makeShop(tp, { shardId: 'shard-1', barbers: 1 });
    unknown = await makeShop(tp, { shardId: 'shard-2', barbers: 1 });
    leftover = await makeShop(tp, { shardId: 'shard-2', barbers: 1 });
    await addBookings(placed, 2, 'completed');
    await addBookings(unknown, 3);
    await addBookings(leftover, 1);
    await catalog.deleteFrom('location_directory').where('franchise_id', '=', unknown.franchiseId).execute();
    await catalog.deleteFrom('franchises').where('id', '=', unknown.franchiseId).execute();
    await catalog.updateTable('franchises').set({ shard_id: 'shard-1' }).where('id', '=', leftover.franchiseId).execute();
  }, 60_000);
  afterAll(async () => {
    await tp?.close();
  });

  it('counts placements, leftover copies and unknown franchises once each', async () => {
    const report = await tp.platform.platformReports.build({ from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 7 * 86_400_000) });
    expect(report.partial).toBe(false);
    const shard = (id: string) => report.byShard.find((s) => s.shardId === id);
    // shard-1: the two franchises placed there (one has no rows there yet).
    expect(shard('shard-1')).toMatchObject({ franchises: 2, bookings: 2, completed: 2, revenue: [{ currency: 'USD', cents: 2000 }] });
    // shard-2: nothing placed, two franchises' rows found.
    expect(shard('shard-2')).toMatchObject({ franchises: 2, bookings: 4, completed: 0 });
    expect(report.byRegion).toEqual([
      expect.objectContaining({ region: 'unknown', franchises: 1, bookings: 3 }),
      expect.objectContaining({ region: 'us-east-1', franchises: 2, bookings: 3 }),
    ]);
    expect(report.totals).toMatchObject({ franchises: 3, bookings: 6, completed: 2 });
  });
});
