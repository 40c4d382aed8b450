import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovesService } from '../../src/modules/moves/moves.service.js';
import { makeShop } from '../support/factories.js';
import { startShardServers } from '../support/shard-servers.js';
import type { ShardServer } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { bookingLoad, countRows, replicationLeftovers } from '../support/moves.js';

describe('moving a franchise under booking load', () => {
  let tp: TestPlatform;
  let shards: ShardServer[];
  let mover: MovesService;

  beforeAll(async () => {
    tp = await createTestPlatform({ withDefaultShard: false });
    shards = await startShardServers(tp, [
      { shardId: 'shard-a', region: 'us-east-1' },
      { shardId: 'shard-b', region: 'us-east-1' },
    ]);
    mover = tp.platform.moves;
  }, 120_000);

  afterAll(async () => {
    await mover?.close();
    await tp?.close();
    await Promise.all((shards ?? []).map((s) => s.stop()));
  });

  it('loses no acknowledged booking, shows clients no error, and leaves one copy and no replication objects', async () => {
    const [a, b] = shards as [ShardServer, ShardServer];
    const shop = await makeShop(tp, { shardId: 'shard-a', barbers: 4 });
    const load = bookingLoad(tp, shop, 4);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const phases: string[] = [];
    const result = await mover.move(shop.franchiseId, 'shard-b', { onProgress: (p) => phases.push(p.phase) });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { acknowledged, errors } = await load.stop();

    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(errors).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(10);
    const onB = await b.query<{ id: string }>('SELECT id FROM appointments WHERE franchise_id = $1', [shop.franchiseId]);
    const ids = onB.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...acknowledged].sort());
    expect(await countRows(a, 'appointments', shop.franchiseId)).toBe(0);
    expect(await countRows(a, 'locations', shop.franchiseId)).toBe(0);
    const [fence] = await a.query<{ state: string; moved_to: string }>('SELECT state, moved_to FROM franchise_fence WHERE franchise_id = $1', [shop.franchiseId]);
    expect(fence).toEqual({ state: 'moved', moved_to: 'shard-b' });
    expect(await replicationLeftovers(a)).toEqual([]);
    expect(await replicationLeftovers(b)).toEqual([]);
    const placement = await tp.platform.core.catalog.selectFrom('franchises').select(['shard_id', 'placement_version']).where('id', '=', shop.franchiseId).executeTakeFirstOrThrow();
    expect(placement).toEqual({ shard_id: 'shard-b', placement_version: '2' });
    expect(phases).toContain('fenced');
    expect(result.pauseMs).toBeLessThan(2_000);
    console.log(`move: ${acknowledged.length} bookings acknowledged, pause ${result.pauseMs} ms, ${result.rowsCopied} rows, ${result.durationMs} ms total`);
  }, 90_000);
});
