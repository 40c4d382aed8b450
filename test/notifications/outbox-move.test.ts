import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { bookOk } from '../support/bookings.js';
import { makeShop } from '../support/factories.js';
import { slotSequence } from '../support/moves.js';
import { startShardServers } from '../support/shard-servers.js';
import type { ShardServer } from '../support/shard-servers.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

describe('a franchise moved between shards with reminders pending', () => {
  let tp: TestPlatform;
  let a: ShardServer;
  let b: ShardServer;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    tp = await createTestPlatform({ withDefaultShard: false, env: { SMTP_URL: sink.url } });
    [a, b] = (await startShardServers(tp, [
      { shardId: 'shard-a', region: 'us-east-1' },
      { shardId: 'shard-b', region: 'us-east-1' },
    ])) as [ShardServer, ShardServer];
  }, 120_000);
  afterAll(async () => {
    await tp?.platform.moves.close();
    await tp?.close();
    await Promise.all([a, b].filter(Boolean).map((s) => s.stop()));
    await sink?.close();
  });

  it('each reminder is sent once, from the new shard; the old copy is never dispatched', { timeout: 120_000 }, async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a', barbers: 2 });
    const next = slotSequence(shop);
    const bookings = [];
    for (let i = 0; i < 3; i++) {
      const slot = next();
      bookings.push(await bookOk(tp, shop, { start: slot.start, barberId: slot.barberId, email: `moving-${i}@example.test` }));
    }
    const now = tp.platform.outboxWorker();
    await now.worker.drainOnce();
    await now.close();
    await sink.waitFor(3);
    expect(sink.received.map((m) => m.parsed.subject?.split(':')[0])).toEqual(['Booked', 'Booked', 'Booked']);

    // Keep the source's rows (fence "moved") to prove the old copy is left alone.
    const result = await tp.platform.moves.move(shop.franchiseId, 'shard-b', { skipSourceCleanup: true });
    expect(result.status).toBe('completed');
    const pendingOn = async (shard: ShardServer): Promise<number> =>
      Number((await shard.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE franchise_id = $1 AND kind = 'reminder' AND status = 'queued'`, [shop.franchiseId]))[0]?.n);
    expect(await pendingOn(a)).toBe(6);
    expect(await pendingOn(b)).toBe(6);

    // Later than every reminder's time: two workers at once over every shard.
    const latest = bookings.map((x) => Date.parse(x.start)).sort((x, y) => x - y).at(-1) as number;
    const later = fixedClock(new Date(latest - 60 * 60_000));
    const workers = [tp.platform.outboxWorker({ clock: later }), tp.platform.outboxWorker({ clock: later })];
    await Promise.all(workers.map((w) => w.worker.drainOnce()));
    await Promise.all(workers.map((w) => w.close()));
    await sink.waitFor(9);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reminders = sink.received.filter((m) => m.parsed.subject?.startsWith('Reminder'));
    expect(reminders).toHaveLength(6);
    expect(new Set(reminders.map((m) => m.parsed.messageId)).size).toBe(6);
    expect(await pendingOn(b)).toBe(0);
    // The old shard's copy stayed queued: nothing was sent from it.
    expect(await pendingOn(a)).toBe(6);
    const sentOnB = await b.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE franchise_id = $1 AND kind = 'reminder' AND status = 'sent'`, [shop.franchiseId]);
    expect(Number(sentOnB[0]?.n)).toBe(6);
  });
});
