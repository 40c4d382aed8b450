import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, shardsCommand } from '../../src/cli/fleet.commands.js';
import type { CliIo } from '../../src/cli/fleet.commands.js';
import { isMoveSlotName, moveIdOfSlot, slotRetention } from '../../src/modules/moves/replication-slots.repository.js';
import type { ReplicationSlot } from '../../src/modules/moves/replication-slots.repository.js';
import { makeShop } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/** Retained WAL of replication slots: the measurement, /metrics and `shards show` (issue 4). */
describe('replication slot retention', () => {
  let tp: TestPlatform;
  let admin: pg.Client;

  beforeAll(async () => {
    tp = await createTestPlatform();
    admin = new pg.Client({ connectionString: tp.shardUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await tp.close();
  });

  const slotsOfShard = async (): Promise<ReplicationSlot[]> => slotRetention((await tp.platform.core.router.shard('shard-1')).db);
  const scrape = async (): Promise<string> => (await tp.app.inject({ method: 'GET', url: '/metrics' })).body;
  const retainedSeries = (name: string): RegExp => new RegExp(`^replication_slot_retained_wal_bytes\\{shard="shard-1",slot="${name}"\\} (\\d+)$`, 'm');
  const cli = async (args: string[], json = false): Promise<{ code: number; lines: string[] }> => {
    const lines: string[] = [];
    const io: CliIo = { out: (line) => lines.push(line), json, flags: {} };
    return { code: await shardsCommand(tp.platform, args, io), lines };
  };

  it('recognises move slots and restores the move id', () => {
    expect(isMoveSlotName('mv_0190a3b2c4d57e8f9a0b1c2d3e4f5a6b')).toBe(true);
    expect(isMoveSlotName('pg_16433_sync_16389_7301234567890123456')).toBe(true);
    expect(isMoveSlotName('replica_1')).toBe(false);
    expect(moveIdOfSlot('mv_0190a3b2c4d57e8f9a0b1c2d3e4f5a6b')).toBe('0190a3b2-c4d5-7e8f-9a0b-1c2d3e4f5a6b');
    expect(moveIdOfSlot('mv_test_abc')).toBeNull();
    expect([formatBytes(0), formatBytes(512), formatBytes(1536), formatBytes(12.3 * 1024 * 1024), formatBytes(3 * 1024 ** 3)]).toEqual(['0 B', '512 B', '1.5 KiB', '12.3 MiB', '3.0 GiB']);
  });

  it('measures retained WAL, exports it, lists it in shards show, and forgets a dropped slot', { timeout: 60_000 }, async () => {
    const name = `mv_test_${randomBytes(8).toString('hex')}`;
    const database = new URL(tp.shardUrl).pathname.slice(1);
    await admin.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [name]);
    try {
      await makeShop(tp, { barbers: 3 });
      // synchronous_commit is off on the throwaway server: WAL reaches the write position within the WAL writer's delay.
      await expect.poll(async () => (await slotsOfShard()).find((s) => s.name === name)?.retainedWalBytes ?? 0).toBeGreaterThan(0);
      const first = (await slotsOfShard()).find((s) => s.name === name);
      expect(first).toMatchObject({ name, type: 'logical', database, active: false, walStatus: 'reserved', isMoveSlot: true, moveId: null });
      const before = first?.retainedWalBytes ?? 0;
      await makeShop(tp, { barbers: 3 });
      await expect.poll(async () => (await slotsOfShard()).find((s) => s.name === name)?.retainedWalBytes ?? 0).toBeGreaterThan(before);

      // The first scrape measures (within its short wait); later ones reuse that for up to 10 s.
      const body = await scrape();
      expect(Number(retainedSeries(name).exec(body)?.[1])).toBeGreaterThan(0);
      expect(body).toContain(`replication_slot_active{shard="shard-1",slot="${name}"} 0`);
      expect(Number(/^replication_slots\{shard="shard-1",state="inactive"\} (\d+)$/m.exec(body)?.[1])).toBeGreaterThanOrEqual(1);
      expect(body).toMatch(/^replication_slots\{shard="shard-1",state="active"\} \d+$/m);

      const shown = await cli(['show', 'shard-1']);
      expect(shown.code, shown.lines.join('\n')).toBe(0);
      const row = shown.lines.find((line) => line.startsWith(name));
      expect(row).toMatch(new RegExp(`^${name}\\s+logical\\s+${database}\\s+NO\\s+\\d+(\\.\\d)? (B|KiB|MiB|GiB)\\s+reserved\\s+yes$`));
      const json = await cli(['show', 'shard-1'], true);
      const view = JSON.parse(json.lines.join('\n')) as { id: string; replicationSlots: ReplicationSlot[] };
      expect(view.id).toBe('shard-1');
      expect(view.replicationSlots.find((s) => s.name === name)).toMatchObject({ type: 'logical', active: false, isMoveSlot: true });

      await admin.query('SELECT pg_drop_replication_slot($1)', [name]);
      // Gauges are rebuilt from each measurement: once the next one runs, the series is gone.
      await expect.poll(async () => retainedSeries(name).test(await scrape()), { timeout: 20_000, interval: 500 }).toBe(false);
      expect(await scrape()).not.toContain(name);
    } finally {
      await admin.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [name]);
    }
  });

  it('answers /metrics promptly while a shard hangs, with the other shards measured', { timeout: 30_000 }, async () => {
    // A server that accepts connections and never says a word: connecting hangs until the pool gives up.
    const sockets = new Set<net.Socket>();
    const mute = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const port = (mute.address() as net.AddressInfo).port;
    const other = await createTestPlatform();
    try {
      await other.platform.core.catalog
        .insertInto('shards')
        .values({ id: 'shard-mute', region: other.config.regions[0] ?? 'us-east-1', primary_url: `postgres://bb:bb@127.0.0.1:${port}/nothing` })
        .execute();
      const started = Date.now();
      const body = (await other.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(body).toMatch(/^replication_slots\{shard="shard-1",state="inactive"\} \d+$/m);
      expect(body).not.toContain('shard="shard-mute"');
    } finally {
      for (const socket of sockets) socket.destroy();
      mute.close();
      await other.close();
    }
  });
});
