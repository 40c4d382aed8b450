import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ShardRouter } from '../../src/db/shard-router.js';
import { newId } from '../../src/db/ids.js';
import type { ShardDatabase } from '../../src/db/shard-schema.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { SHARD_TEMPLATE, createDatabaseFrom } from '../support/test-databases.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/*
 * Issue 11 item 10: a node that missed a franchise's flip (no notification, no
 * poll yet) still has the old shard in its placement cache. The old shard keeps
 * its copy until the move's grace period ends, so a read there would answer
 * with old data. The "moved" fence left on the old shard must send reads, like
 * writes, to the new shard.
 */
describe('reads on a node with a stale placement after a flip', () => {
  let tp: TestPlatform;
  let shop: Shop;
  let stale: ShardRouter;

  const locationName = async (db: Kysely<ShardDatabase>): Promise<string | undefined> =>
    (await db.selectFrom('locations').select('name').where('franchise_id', '=', shop.franchiseId).executeTakeFirst())?.name;

  beforeAll(async () => {
    tp = await createTestPlatform();
    const oldUrl = await createDatabaseFrom(inject('postgres'), SHARD_TEMPLATE, 'shard');
    await tp.platform.core.catalog.insertInto('shards').values({ id: 'shard-old', region: 'us-east-1', primary_url: oldUrl }).execute();
    shop = await makeShop(tp, { shardId: 'shard-old', name: 'Before the flip' });

    // A router of its own, listening to no notification: its placement stays at shard-old.
    stale = new ShardRouter(tp.platform.core.catalog, { poolMax: 2, statementTimeoutMs: 0, replicaMaxLagMs: 1000, moveRetryBudgetMs: 3000 }, pino({ level: 'silent' }));
    expect((await stale.placementOf(shop.franchiseId)).shardId).toBe('shard-old');

    // The flip, as a move leaves it: the new shard has the (since changed) rows, the
    // old one keeps its copy with a "moved" fence, and the catalog names the new shard.
    const oldDb = (await tp.platform.core.router.shard('shard-old')).db;
    const newDb = (await tp.platform.core.router.shard('shard-1')).db;
    const location = await oldDb.selectFrom('locations').selectAll().where('franchise_id', '=', shop.franchiseId).executeTakeFirstOrThrow();
    await newDb.insertInto('locations').values({ ...location, address: JSON.stringify(location.address), name: 'After the flip' }).execute();
    await sql`INSERT INTO franchise_fence (franchise_id, state, epoch, move_id, moved_to) VALUES (${shop.franchiseId}, 'moved', 1, ${newId()}, 'shard-1')`.execute(oldDb);
    await tp.platform.core.catalog
      .updateTable('franchises')
      .set((eb) => ({ shard_id: 'shard-1', placement_version: eb('placement_version', '+', '1') }))
      .where('id', '=', shop.franchiseId)
      .execute();
    expect((await stale.placementOf(shop.franchiseId)).shardId).toBe('shard-old');
  });
  afterAll(async () => {
    await stale.close();
    await tp.close();
  });

  it('a public read (readerFor) gets the new shard and its data', async () => {
    const reader = await stale.readerFor(shop.franchiseId);
    expect(reader.shardId).toBe('shard-1');
    expect(await locationName(reader.db)).toBe('After the flip');
    expect((await stale.placementOf(shop.franchiseId)).shardId).toBe('shard-1');
  });

  it('a read-your-writes read and a staff read (primaryFor) do too', async () => {
    stale.forget(shop.franchiseId);
    // Put the stale placement back: read it while the catalog still named the old shard.
    await tp.platform.core.catalog.updateTable('franchises').set({ shard_id: 'shard-old' }).where('id', '=', shop.franchiseId).execute();
    expect((await stale.placementOf(shop.franchiseId)).shardId).toBe('shard-old');
    await tp.platform.core.catalog.updateTable('franchises').set({ shard_id: 'shard-1' }).where('id', '=', shop.franchiseId).execute();

    const ryw = await stale.readerFor(shop.franchiseId, { readYourWrites: true });
    expect(ryw.shardId).toBe('shard-1');
    expect(await locationName(ryw.db)).toBe('After the flip');

    stale.forget(shop.franchiseId);
    await tp.platform.core.catalog.updateTable('franchises').set({ shard_id: 'shard-old' }).where('id', '=', shop.franchiseId).execute();
    expect((await stale.placementOf(shop.franchiseId)).shardId).toBe('shard-old');
    await tp.platform.core.catalog.updateTable('franchises').set({ shard_id: 'shard-1' }).where('id', '=', shop.franchiseId).execute();

    const staff = await stale.primaryFor(shop.franchiseId);
    expect(staff.shardId).toBe('shard-1');
    expect(await locationName(staff.db)).toBe('After the flip');
  });

  it('a franchise that never moved is read where it is', async () => {
    const other = await makeShop(tp, { shardId: 'shard-old' });
    const reader = await stale.readerFor(other.franchiseId);
    expect(reader.shardId).toBe('shard-old');
  });
});
