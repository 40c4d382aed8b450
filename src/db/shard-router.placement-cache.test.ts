import { sql } from 'kysely';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShardRouter } from './shard-router.js';
import { makeShop } from '../../test/support/factories.js';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';

/** Holds every catalog answer until released: the router's read is "in flight" for as long as the test likes. */
class HeldAnswers implements KyselyPlugin {
  private release: () => void = () => undefined;
  private gate: Promise<void> = Promise.resolve();
  answered = 0;

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release();
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.answered++;
    await this.gate;
    return args.result;
  }
}

describe('the router’s placement cache', () => {
  let tp: TestPlatform;

  beforeAll(async () => {
    tp = await createTestPlatform();
    await tp.platform.core.catalog.insertInto('shards').values({ id: 'shard-elsewhere', region: 'us-east-1', primary_url: 'postgres://127.0.0.1:1/none', accepts_any_region: false, weight: 100 }).execute();
  });

  afterAll(async () => {
    await tp?.close();
  });

  it('does not keep a catalog answer that raced a forget (a flip announced while the old placement was being read)', async () => {
    const shop = await makeShop(tp);
    const held = new HeldAnswers();
    const router = new ShardRouter(tp.platform.core.catalog.withPlugin(held), { poolMax: 1, statementTimeoutMs: 0, replicaMaxLagMs: 1000, moveRetryBudgetMs: 100 }, pino({ level: 'silent' }));
    try {
      held.hold();
      const inFlight = router.placementOf(shop.franchiseId);
      while (held.answered === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // The flip commits and its notification arrives while the old answer is still on its way.
      await tp.platform.core.catalog
        .updateTable('franchises')
        .set({ shard_id: 'shard-elsewhere', placement_version: sql<string>`placement_version + 1` })
        .where('id', '=', shop.franchiseId)
        .execute();
      router.forget(shop.franchiseId);
      held.open();
      expect((await inFlight).shardId).toBe('shard-1');

      expect((await router.placementOf(shop.franchiseId)).shardId).toBe('shard-elsewhere');
      // Without a race the answer is cached: a second read needs no catalog round trip.
      const answeredBefore = held.answered;
      expect((await router.placementOf(shop.franchiseId)).shardId).toBe('shard-elsewhere');
      expect(held.answered).toBe(answeredBefore);
    } finally {
      await router.close();
    }
  });
});
