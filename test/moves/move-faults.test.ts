import pg from 'pg';
import pino from 'pino';
import { ShardRouter } from '../../src/db/shard-router.js';
import { notFound } from '../../src/errors/domain-error.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withMigrationLock } from '../../src/db/migration-lock.js';
import type { MovesService } from '../../src/modules/moves/moves.service.js';
import { MovesRepository } from '../../src/modules/moves/moves.repository.js';
import { deleteFranchiseRows } from '../../src/modules/moves/franchise-rows.repository.js';
import { franchiseTables } from '../../src/modules/moves/franchise-tables.repository.js';
import { PHASES, SimulatedCrash } from '../../src/modules/moves/move-types.js';
import type { MovePhase } from '../../src/modules/moves/move-types.js';
import { newId } from '../../src/db/ids.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { startShardServers } from '../support/shard-servers.js';
import type { ShardServer } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { countRows, replicationLeftovers, slotSequence } from '../support/moves.js';

const TABLES = ['locations', 'barbers', 'services', 'barber_services', 'weekly_hours', 'weekly_hours_versions', 'clients', 'appointments', 'audit_log'];

describe('franchise moves under faults', () => {
  let tp: TestPlatform;
  let a: ShardServer;
  let b: ShardServer;
  let c: ShardServer;
  let mover: MovesService;

  const byId = (id: string): ShardServer => ({ 'shard-a': a, 'shard-b': b, 'shard-c': c })[id] as ShardServer;
  const placementOf = async (franchiseId: string): Promise<string> =>
    (await tp.platform.core.catalog.selectFrom('franchises').select('shard_id').where('id', '=', franchiseId).executeTakeFirstOrThrow()).shard_id;

  async function book(shop: Shop, next: () => { start: string; barberId: string }): Promise<{ status: number; id?: string; body: string }> {
    const slot = next();
    const res = await tp.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${shop.slug}/bookings`,
      payload: { serviceId: shop.serviceIds[0], start: slot.start, barberId: slot.barberId, client: { name: 'Fault Client', email: `fault-${newId()}@example.test` } },
    });
    return { status: res.statusCode, body: res.body, ...(res.statusCode === 201 && { id: res.json<{ id: string }>().id }) };
  }

  async function counts(shard: ShardServer, franchiseId: string): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of TABLES) result[table] = await countRows(shard, table, franchiseId);
    return result;
  }

  /** Exactly one copy: the placement shard has `expected`, every other shard has nothing, and it takes writes. */
  async function expectOneAuthoritativeCopy(shop: Shop, expected: Record<string, number>, next: () => { start: string; barberId: string }): Promise<void> {
    const home = await placementOf(shop.franchiseId);
    for (const shard of [a, b]) {
      if (shard.shardId === home) expect(await counts(shard, shop.franchiseId)).toEqual(expected);
      else {
        expect(await counts(shard, shop.franchiseId), `copy left on ${shard.shardId}`).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
        // No fence row at all, or "moved": never a state in which a stale node's write would be taken.
        const [other] = await shard.query<{ state: string }>('SELECT state FROM franchise_fence WHERE franchise_id = $1', [shop.franchiseId]);
        expect([undefined, 'moved'], `fence on ${shard.shardId}`).toContain(other?.state);
      }
      expect(await replicationLeftovers(shard), `replication objects on ${shard.shardId}`).toEqual([]);
    }
    const [fence] = await byId(home).query<{ state: string }>('SELECT state FROM franchise_fence WHERE franchise_id = $1', [shop.franchiseId]);
    expect(fence?.state ?? 'active').toBe('active');
    const after = await book(shop, next);
    expect(after.status, after.body).toBe(201);
    const [row] = await byId(home).query<{ n: string }>('SELECT count(*) AS n FROM appointments WHERE franchise_id = $1 AND id = $2', [shop.franchiseId, after.id]);
    expect(Number(row?.n)).toBe(1);
  }

  beforeAll(async () => {
    tp = await createTestPlatform({ withDefaultShard: false });
    [a, b, c] = (await startShardServers(tp, [
      { shardId: 'shard-a', region: 'us-east-1' },
      { shardId: 'shard-b', region: 'us-east-1' },
      { shardId: 'shard-c', region: 'us-east-1' },
    ])) as [ShardServer, ShardServer, ShardServer];
    mover = tp.platform.moves;
  }, 120_000);

  afterAll(async () => {
    await mover?.close();
    await tp?.close();
    await Promise.all([a, b, c].filter(Boolean).map((s) => s.stop()));
  });

  const crashPhases = PHASES.filter((p) => p !== 'cleaned');
  it.each(crashPhases.map((phase) => [phase]))('a mover killed after "%s" is reconciled by resume: one authoritative copy, no replication left', async (phase: MovePhase) => {
    const shop = await makeShop(tp, { shardId: 'shard-a', barbers: 2 });
    const next = slotSequence(shop);
    for (let i = 0; i < 3; i++) expect((await book(shop, next)).status).toBe(201);
    const before = await counts(a, shop.franchiseId);

    await expect(mover.move(shop.franchiseId, 'shard-b', { crashAfter: phase })).rejects.toBeInstanceOf(SimulatedCrash);
    const report = await mover.resume();
    expect(report.problems).toEqual([]);
    const [move] = await mover.list({ limit: 1 });
    const pastFlip = PHASES.indexOf(phase) >= PHASES.indexOf('flipped');
    expect(move?.status).toBe(pastFlip ? 'completed' : 'rolled_back');
    expect(await placementOf(shop.franchiseId)).toBe(pastFlip ? 'shard-b' : 'shard-a');
    await expectOneAuthoritativeCopy(shop, { ...before, audit_log: before.audit_log as number }, next);
  }, 60_000);

  it('aborts cleanly when the target stops during the initial copy; the franchise keeps working on the source', async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a', barbers: 2 });
    const next = slotSequence(shop);
    expect((await book(shop, next)).status).toBe(201);
    let stopping: Promise<void> | undefined;
    const result = await mover.move(shop.franchiseId, 'shard-c', {
      onProgress: (p) => {
        if (p.phase === 'copying' && !stopping) stopping = c.stop();
      },
    });
    await stopping;
    expect(result.status).toBe('rolled_back');
    expect(await placementOf(shop.franchiseId)).toBe('shard-a');
    expect(await replicationLeftovers(a)).toEqual([]);
    const [fence] = await a.query<{ state: string }>('SELECT state FROM franchise_fence WHERE franchise_id = $1', [shop.franchiseId]);
    expect(fence?.state ?? 'active').toBe('active');
    expect((await book(shop, next)).status).toBe(201);
    // With the target gone the sweep cannot reach it, but nothing is left on the source.
    const report = await mover.resume();
    expect(report.problems.some((p) => p.includes('shard-c unreachable'))).toBe(true);
    expect(await replicationLeftovers(a)).toEqual([]);
  }, 60_000);

  it('a write transaction in flight at fence time commits before the fence and moves; one that starts writing after it is refused', async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    const early = new pg.Client({ connectionString: a.url });
    const late = new pg.Client({ connectionString: a.url });
    await early.connect();
    await late.connect();
    try {
      const earlyId = newId();
      // Opened after the initial copy: creating a replication slot waits for every running write transaction.
      await late.query('BEGIN');
      await late.query('SELECT 1');
      let lateError: unknown;
      let fencedAt = 0;
      let committedAt = 0;
      const result = await mover.move(shop.franchiseId, 'shard-b', {
        beforeFence: async () => {
          await early.query('BEGIN');
          await early.query("INSERT INTO clients (franchise_id, id, email, name) VALUES ($1, $2, 'early@example.test', 'Early')", [shop.franchiseId, earlyId]);
          setTimeout(() => {
            committedAt = Date.now();
            void early.query('COMMIT');
          }, 500);
        },
        onProgress: (p) => {
          if (p.phase === 'fenced') fencedAt = Date.now();
        },
      });
      expect(result.status).toBe('completed');
      expect(fencedAt).toBeGreaterThanOrEqual(committedAt);
      await late.query("INSERT INTO clients (franchise_id, id, email, name) VALUES ($1, $2, 'late@example.test', 'Late')", [shop.franchiseId, newId()]).catch((error: unknown) => {
        lateError = error;
      });
      expect((lateError as { code?: string }).code).toBe('BBM01');
      await late.query('ROLLBACK');
      const moved = await b.query('SELECT 1 FROM clients WHERE franchise_id = $1 AND id = $2', [shop.franchiseId, earlyId]);
      expect(moved).toHaveLength(1);
      expect(await b.query("SELECT 1 FROM clients WHERE franchise_id = $1 AND email = 'late@example.test'", [shop.franchiseId])).toHaveLength(0);
    } finally {
      await early.end();
      await late.end();
    }
  }, 60_000);

  it('finds and deletes leftover rows of an earlier aborted move on the target before copying', async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    const next = slotSequence(shop);
    expect((await book(shop, next)).status).toBe(201);
    const before = await counts(a, shop.franchiseId);
    // Leftovers: a stale location row with the franchise's real id and an extra client.
    const [location] = await a.query<Record<string, unknown>>('SELECT id, slug, name, timezone, currency FROM locations WHERE franchise_id = $1', [shop.franchiseId]);
    await b.query("INSERT INTO locations (franchise_id, id, slug, name, timezone, currency) VALUES ($1, $2, $3, 'STALE', $4, $5)", [shop.franchiseId, location?.id, location?.slug, location?.timezone, location?.currency]);
    await b.query("INSERT INTO clients (franchise_id, id, email, name) VALUES ($1, $2, 'ghost@example.test', 'Ghost')", [shop.franchiseId, newId()]);
    await b.query("INSERT INTO franchise_fence (franchise_id, state, epoch) VALUES ($1, 'importing', 0)", [shop.franchiseId]);

    const result = await mover.move(shop.franchiseId, 'shard-b');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    const move = await mover.get(result.moveId);
    expect(move?.leftoverRowsDeleted).toBe('2');
    expect(await counts(b, shop.franchiseId)).toEqual(before);
    expect(await b.query("SELECT 1 FROM locations WHERE franchise_id = $1 AND name = 'STALE'", [shop.franchiseId])).toHaveLength(0);
  }, 60_000);

  it('an API node that missed the flip is sent to the new shard by the moved marker, for reads that find nothing and for writes', async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    const next = slotSequence(shop);
    const booked = await book(shop, next);
    expect(booked.status).toBe(201);
    // A router of its own, listening to no notification: its placement stays at shard-a.
    const stale = new ShardRouter(tp.platform.core.catalog, { poolMax: 2, statementTimeoutMs: 0, replicaMaxLagMs: 1000, moveRetryBudgetMs: 3000 }, pino({ level: 'silent' }));
    try {
      expect((await stale.placementOf(shop.franchiseId)).shardId).toBe('shard-a');
      const result = await mover.move(shop.franchiseId, 'shard-b');
      expect(result.status).toBe('completed');
      expect(await countRows(a, 'appointments', shop.franchiseId)).toBe(0);
      expect((await stale.placementOf(shop.franchiseId)).shardId).toBe('shard-a');

      const served: string[] = [];
      const found = await stale.withPrimary(shop.franchiseId, async ({ shardId, db }) => {
        served.push(shardId);
        const row = await db.selectFrom('appointments').select('id').where('franchise_id', '=', shop.franchiseId).where('id', '=', booked.id as string).executeTakeFirst();
        if (!row) throw notFound('booking');
        return row.id;
      });
      expect(found).toBe(booked.id);
      expect(served).toEqual(['shard-a', 'shard-b']);

      // A franchise that never moved: "not found" stays an answer, with no retry.
      const other = await makeShop(tp, { shardId: 'shard-a' });
      let attempts = 0;
      await expect(
        stale.withPrimary(other.franchiseId, async () => {
          attempts++;
          throw notFound('booking');
        }),
      ).rejects.toMatchObject({ code: 'NotFound' });
      expect(attempts).toBe(1);
    } finally {
      await stale.close();
    }
  }, 60_000);

  it("drops the franchise's cached pages at the flip on every API node, not only where the mover runs", async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    const name = async (): Promise<string> => (await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}` })).json<{ name: string }>().name;
    const original = await name();
    // Changed behind the API's back: the page keeps coming from the cache.
    await a.query("UPDATE locations SET name = 'Renamed behind the cache' WHERE franchise_id = $1", [shop.franchiseId]);
    expect(await name()).toBe(original);

    // The mover runs in another "process" (its own platform and cache); this node hears of the flip by notification only.
    const elsewhere = await createTestPlatform({ catalogUrl: tp.catalogUrl, withDefaultShard: false });
    const remoteMover = elsewhere.platform.moves;
    try {
      expect((await remoteMover.move(shop.franchiseId, 'shard-b')).status).toBe('completed');
    } finally {
      await remoteMover.close();
      await elsewhere.close();
    }
    const deadline = Date.now() + 5_000;
    let seen = original;
    while (Date.now() < deadline && seen !== 'Renamed behind the cache') {
      seen = await name();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(seen).toBe('Renamed behind the cache');
  }, 60_000);

  it('a resume that rolled a move back makes its driver\'s flip fail; a rollback asked for after the flip completes the move instead', async () => {
    // Before the flip: the driver "lost its lock session" (simulated crash), resume rolls back, the late flip is refused.
    const early = await makeShop(tp, { shardId: 'shard-a' });
    await expect(mover.move(early.franchiseId, 'shard-b', { crashAfter: 'detached' })).rejects.toBeInstanceOf(SimulatedCrash);
    const [crashed] = await mover.list({ limit: 1 });
    const late = crashed as NonNullable<typeof crashed>;
    expect((await mover.resume()).rolledBack).toContain(late.id);
    expect(await new MovesRepository(tp.platform.core.catalog).flip(late)).toBe(false);
    expect(await placementOf(early.franchiseId)).toBe('shard-a');

    // After the flip: a rollback (from a driver that does not know the flip committed) must not undo it.
    const flipped = await makeShop(tp, { shardId: 'shard-a' });
    const next = slotSequence(flipped);
    expect((await book(flipped, next)).status).toBe(201);
    const before = await counts(a, flipped.franchiseId);
    await expect(mover.move(flipped.franchiseId, 'shard-b', { crashAfter: 'flipped' })).rejects.toBeInstanceOf(SimulatedCrash);
    const [move] = await mover.list({ limit: 1 });
    const outcome = await mover.rollback(move as NonNullable<typeof move>, 'a stale driver tries to roll back');
    expect(outcome.completed).toBe(true);
    expect(await placementOf(flipped.franchiseId)).toBe('shard-b');
    await mover.resume();
    await expectOneAuthoritativeCopy(flipped, before, next);
  }, 60_000);

  it('an old source is never cleaned once the franchise has come back to it', async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    const next = slotSequence(shop);
    expect((await book(shop, next)).status).toBe(201);
    const away = await mover.move(shop.franchiseId, 'shard-b', { skipSourceCleanup: true });
    expect(away.status).toBe('completed');
    // Back to shard-a before the first move's grace is over: its leftovers are replaced by a fresh copy.
    const back = await mover.move(shop.franchiseId, 'shard-a');
    expect(back.status).toBe('completed');
    const before = await counts(a, shop.franchiseId);
    expect(before.appointments).toBe(1);

    // The first move's cleanup, late, finds shard-a authoritative and deletes nothing.
    await mover.cleanupSource(away.moveId);
    expect(await counts(a, shop.franchiseId)).toEqual(before);
    // And a batch delete guarded by that move stops at once on a shard whose fence no longer says "moved" by it.
    const tables = await franchiseTables(await mover.link('shard-a'));
    expect(await deleteFranchiseRows(await mover.link('shard-a'), shop.franchiseId, tables, { whileMovedBy: away.moveId })).toBe(0);
    await expectOneAuthoritativeCopy(shop, before, next);
  }, 60_000);

  it('a failed move back onto an old source leaves it refusing writes (its "moved" fence is not removed)', async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    expect((await mover.move(shop.franchiseId, 'shard-b')).status).toBe('completed');
    await expect(mover.move(shop.franchiseId, 'shard-a', { crashAfter: 'copying' })).rejects.toBeInstanceOf(SimulatedCrash);
    const report = await mover.resume();
    expect(report.rolledBack).toHaveLength(1);
    // shard-c was stopped by an earlier test: the sweep reports it, and nothing else.
    expect(report.problems.filter((p) => !p.startsWith('shard-c unreachable'))).toEqual([]);
    const [fence] = await a.query<{ state: string; moved_to: string }>('SELECT state, moved_to FROM franchise_fence WHERE franchise_id = $1', [shop.franchiseId]);
    expect(fence).toEqual({ state: 'moved', moved_to: 'shard-b' });
    expect(await placementOf(shop.franchiseId)).toBe('shard-b');
  }, 60_000);

  it('serializes a schema migration and a move (the migration lock)', async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    const events: string[] = [];
    let migration: Promise<void> | undefined;
    const result = await mover.move(shop.franchiseId, 'shard-b', {
      onProgress: (p) => {
        if (p.phase === 'copying' && !migration) {
          migration = withMigrationLock(tp.catalogUrl, async () => {
            events.push('migration');
          }, () => events.push('migration waits'));
        }
        if (p.phase === 'unfenced') events.push('move done');
      },
    });
    await migration;
    expect(result.status).toBe('completed');
    expect(events).toEqual(['migration waits', 'move done', 'migration']);

    // And the other way round: a move waits for a running migration.
    const shop2 = await makeShop(tp, { shardId: 'shard-a' });
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = withMigrationLock(tp.catalogUrl, async () => {
      order.push('migration starts');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('migration ends');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const moving = mover.move(shop2.franchiseId, 'shard-b', { onProgress: (p) => (p.phase === 'planned' || p.phase === 'prepared') && !order.includes('move starts') && order.push('move starts') });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await held;
    expect((await moving).status).toBe('completed');
    expect(order).toEqual(['migration starts', 'migration ends', 'move starts']);
  }, 60_000);
});
