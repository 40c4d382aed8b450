import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { registerShard } from '../../src/platform/bootstrap.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

describe('a shard database that goes away', () => {
  let tp: TestPlatform;
  let lost: LocalPostgresServer;
  let healthyShop: Shop;
  let lostShop: Shop;

  beforeAll(async () => {
    tp = await createTestPlatform();
    lost = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'bb-lost-')), port: 0, persistent: false });
    const admin = new pg.Client({ connectionString: lost.connectionString('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE shard_lost');
    await admin.end();
    await registerShard(tp.platform.core.catalog, { id: 'shard-lost', region: 'eu-west-1', primaryUrl: lost.connectionString('shard_lost') }, pino({ level: 'silent' }));
    healthyShop = await makeShop(tp);
    lostShop = await makeShop(tp, { shardId: 'shard-lost', region: 'eu-west-1' });
  });
  afterAll(async () => {
    await tp.close();
    await lost.stop();
  });

  it('answers 503 with Retry-After for its franchises, quickly, while other shards serve', async () => {
    const before = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${lostShop.slug}` });
    expect(before.statusCode).toBe(200);

    await lost.stop();
    // A cached location page may still be served; a day nobody asked for has to reach the database.
    const date = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const started = Date.now();
    const during = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${lostShop.slug}/availability?serviceId=${lostShop.serviceIds[0]}&date=${date}` });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(during.statusCode).toBe(503);
    expect(during.headers['retry-after']).toBeDefined();
    expect(during.headers['content-type']).toContain('application/problem+json');

    const other = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${healthyShop.slug}/availability?serviceId=${healthyShop.serviceIds[0]}&date=${date}` });
    expect(other.statusCode).toBe(200);

    const booking = await tp.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${lostShop.slug}/bookings`,
      payload: { serviceId: lostShop.serviceIds[0], start: `${date}T14:00:00Z`, client: { name: 'Ana', email: 'ana@example.test' } },
    });
    expect(booking.statusCode).toBe(503);
    expect(booking.headers['retry-after']).toBeDefined();
  });
});
