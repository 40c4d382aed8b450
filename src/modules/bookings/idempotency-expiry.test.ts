import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.js';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { EXPIRY_LOCK, expireIdempotencyKeys } from './idempotency-expiry.js';

const logger = pino({ level: 'silent' });

describe('idempotency key expiry', () => {
  let tp: TestPlatform;
  let shop: Shop;
  let moving: Shop;
  beforeAll(async () => {
    tp = await createTestPlatform();
    shop = await makeShop(tp);
    moving = await makeShop(tp);
  });
  afterAll(async () => tp.close());

  const db = async () => (await tp.platform.core.router.shard('shard-1')).db;
  async function addKeys(franchiseId: string, count: number, ageHours: number): Promise<string[]> {
    const keys = Array.from({ length: count }, () => `key-${newId()}`);
    for (const key of keys) {
      await sql`INSERT INTO idempotency_keys (franchise_id, key, request_hash, status_code, response, created_at)
                VALUES (${franchiseId}, ${key}, 'h', 201, '{}'::jsonb, now() - make_interval(hours => ${ageHours}))`.execute(await db());
    }
    return keys;
  }
  async function present(franchiseId: string, keys: readonly string[]): Promise<number> {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM idempotency_keys WHERE franchise_id = ${franchiseId} AND key = ANY(${keys})`.execute(await db());
    return Number(rows[0]?.n);
  }
  const expiredMetric = async (): Promise<number> => {
    const text = await tp.platform.core.metrics.render();
    const match = /idempotency_keys_expired_total\{shard="shard-1"\} (\d+)/.exec(text);
    return Number(match?.[1] ?? 0);
  };

  it('removes keys past the TTL in batches, keeps recent ones and counts what it removed', async () => {
    const old = await addKeys(shop.franchiseId, 7, 49);
    const recent = await addKeys(shop.franchiseId, 3, 47);
    const before = await expiredMetric();
    const removed = await expireIdempotencyKeys(tp.platform.core.router, tp.platform.core.metrics, logger, { ttlHours: 48, batchSize: 2, pauseMs: 1 });
    expect(removed['shard-1']).toBeGreaterThanOrEqual(7);
    expect(await present(shop.franchiseId, old)).toBe(0);
    expect(await present(shop.franchiseId, recent)).toBe(3);
    expect((await expiredMetric()) - before).toBe(removed['shard-1']);
  });

  it('leaves the keys of a franchise in a move alone', async () => {
    const old = await addKeys(moving.franchiseId, 2, 100);
    await sql`INSERT INTO franchise_fence (franchise_id, state, epoch, move_id) VALUES (${moving.franchiseId}, 'fenced', 1, ${newId()})`.execute(await db());
    try {
      await expireIdempotencyKeys(tp.platform.core.router, tp.platform.core.metrics, logger, { ttlHours: 48 });
      expect(await present(moving.franchiseId, old)).toBe(2);
    } finally {
      await sql`DELETE FROM franchise_fence WHERE franchise_id = ${moving.franchiseId}`.execute(await db());
    }
    await expireIdempotencyKeys(tp.platform.core.router, tp.platform.core.metrics, logger, { ttlHours: 48 });
    expect(await present(moving.franchiseId, old)).toBe(0);
  });

  it('skips a shard another node is sweeping', async () => {
    const old = await addKeys(shop.franchiseId, 2, 100);
    await (await db()).connection().execute(async (other) => {
      await sql`SELECT pg_advisory_lock(${EXPIRY_LOCK[0]}, ${EXPIRY_LOCK[1]})`.execute(other);
      try {
        const removed = await expireIdempotencyKeys(tp.platform.core.router, tp.platform.core.metrics, logger, { ttlHours: 48 });
        expect(removed['shard-1']).toBe(0);
        expect(await present(shop.franchiseId, old)).toBe(2);
      } finally {
        await sql`SELECT pg_advisory_unlock(${EXPIRY_LOCK[0]}, ${EXPIRY_LOCK[1]})`.execute(other);
      }
    });
  });
});
