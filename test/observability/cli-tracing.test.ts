import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { runCliProcess } from '../support/cli-process.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import type { OtlpReceiver, ReceivedSpan } from '../support/otlp-receiver.js';
import { startShardServers } from '../support/shard-servers.js';
import type { ShardServer } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/** A franchise move run by the real CLI process is one trace: the command, the move with its franchise, SQL on both shards. */
let tp: TestPlatform;
let receiver: OtlpReceiver;
let servers: ShardServer[] = [];
let shop: Shop;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tp = await createTestPlatform({ withDefaultShard: false });
  servers = await startShardServers(tp, [
    { shardId: 'shard-a', region: 'us-east-1' },
    { shardId: 'shard-b', region: 'us-east-1' },
  ]);
  shop = await makeShop(tp, { shardId: 'shard-a' });
}, 120_000);
afterAll(async () => {
  await tp?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await receiver?.close();
});

describe('CLI traces', () => {
  it('shards move: a root span for the command, a span for the move with the franchise id, SQL spans on source and target', async () => {
    const run = await runCliProcess(['shards', 'move', shop.franchiseId, '--to', 'shard-b', '--grace-seconds', '0'], tp.catalogUrl, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    // The CLI flushes its spans before it exits.
    const root = receiver.spans.find((s) => s.name === 'bookedbarber shards move');
    expect(root, receiver.spans.map((s) => s.name).join(', ')).toBeDefined();
    const { traceId, spanId } = root as ReceivedSpan;
    expect(root?.resource['bookedbarber.process']).toBe('cli');
    const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
    const move = inTrace.find((s) => s.name === 'FranchiseMover.move');
    expect(move?.parentSpanId).toBe(spanId);
    expect(move?.attributes['bookedbarber.franchise.id']).toBe(shop.franchiseId);
    for (const shard of ['shard-a', 'shard-b', 'catalog']) {
      expect(inTrace.some((s) => s.attributes['db.system.name'] === 'postgresql' && s.attributes['bookedbarber.shard'] === shard), shard).toBe(true);
    }
  });
});
