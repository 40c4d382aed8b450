import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { newId } from '../../src/db/ids.js';
import { SimulatedCrash } from '../../src/modules/moves/move-types.js';
import { startBackgroundTasks } from '../../src/platform/background-tasks.js';
import type { BackgroundTasks } from '../../src/platform/background-tasks.js';
import { makeShop } from '../support/factories.js';
import { slotSequence } from '../support/moves.js';
import { startShardServers } from '../support/shard-servers.js';
import type { ShardServer } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

const INTERVAL_MS = 1_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * Issue 11 item 10: a move whose driver died after fencing the source leaves the
 * franchise refusing writes. A running API node must reconcile it on its own
 * schedule (MOVE_RECONCILE_MS), not only when it starts.
 */
describe('periodic reconciliation of interrupted moves', () => {
  let cli: TestPlatform; // drives the move, as `bookedbarber shards move` would
  let node: TestPlatform; // an API node on the same catalog
  let tasks: BackgroundTasks;
  let a: ShardServer;
  let b: ShardServer;

  beforeAll(async () => {
    cli = await createTestPlatform({ withDefaultShard: false });
    [a, b] = (await startShardServers(cli, [
      { shardId: 'shard-a', region: 'us-east-1' },
      { shardId: 'shard-b', region: 'us-east-1' },
    ])) as [ShardServer, ShardServer];
    node = await createTestPlatform({ catalogUrl: cli.catalogUrl, shardUrl: a.url });
    const config = loadConfig({ DEMO_DATA: 'false', MOVE_RECONCILE_MS: String(INTERVAL_MS), IDEMPOTENCY_SWEEP_MS: '0' });
    tasks = startBackgroundTasks(node.platform, config, pino({ level: 'silent' }));
  }, 120_000);
  afterAll(async () => {
    await tasks?.stop();
    await node?.close();
    await cli?.close();
    await Promise.all([a, b].filter(Boolean).map((s) => s.stop()));
  });

  it('rolls back a move killed while the source was fenced, within the interval, and the shop takes bookings again', { timeout: 60_000 }, async () => {
    // Let the node's start-up run pass, so what follows is the periodic one.
    await sleep(INTERVAL_MS);
    const shop = await makeShop(cli, { shardId: 'shard-a' });
    await expect(cli.platform.moves.move(shop.franchiseId, 'shard-b', { crashAfter: 'fenced' })).rejects.toBeInstanceOf(SimulatedCrash);
    const [fence] = await a.query<{ state: string }>('SELECT state FROM franchise_fence WHERE franchise_id = $1', [shop.franchiseId]);
    expect(fence?.state).toBe('fenced');

    const crashedAt = Date.now();
    let status: string | undefined;
    while (Date.now() - crashedAt < 20_000) {
      [{ status } = { status: undefined }] = await cli.platform.moves.list({ limit: 1 });
      if (status !== 'running') break;
      await sleep(100);
    }
    expect(status).toBe('rolled_back');
    // The interval is jittered by up to 20 %; a rollback takes a moment on top.
    expect(Date.now() - crashedAt).toBeLessThan(INTERVAL_MS * 1.2 + 5_000);
    const [after] = await a.query<{ state: string }>('SELECT state FROM franchise_fence WHERE franchise_id = $1', [shop.franchiseId]);
    expect(after?.state ?? 'active').toBe('active');

    const slot = slotSequence(shop)();
    const booked = await node.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${shop.slug}/bookings`,
      payload: { serviceId: shop.serviceIds[0], start: slot.start, barberId: slot.barberId, client: { name: 'After Reconcile', email: `r-${newId()}@example.test` } },
    });
    expect(booked.statusCode, booked.body).toBe(201);
  });
});
