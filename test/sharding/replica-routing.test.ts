import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { registerShard } from '../../src/platform/bootstrap.js';
import { setReplicaUrls } from '../../src/modules/shards/shards.repository.js';
import { makeShop, makeUser } from '../support/factories.js';
import type { Shop, TestUser } from '../support/factories.js';
import { installedPostgresBinDir } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/**
 * A shard with a streaming replica (Debian's PostgreSQL: the npm binaries have
 * no pg_basebackup; .ci/run installs it). Public reads use the replica while it
 * keeps up, and fall back to the primary when replay is paused.
 */
describe('reads from a streaming replica', () => {
  let tp: TestPlatform;
  let primary: LocalPostgresServer;
  let replica: LocalPostgresServer;
  let onReplica: pg.Client;
  let shop: Shop;
  let owner: TestUser;

  beforeAll(async () => {
    const binDir = await installedPostgresBinDir();
    if (!binDir) throw new Error('no installed PostgreSQL with pg_basebackup: `npm run system-programs` installs it (npm test does so first)');
    tp = await createTestPlatform({ withDefaultShard: false, env: { REPLICA_MAX_LAG_MS: '1000' } });
    primary = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'bb-primary-')), port: 0, persistent: false, binDir });
    const admin = new pg.Client({ connectionString: primary.connectionString('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE shard');
    await admin.end();
    await registerShard(tp.platform.core.catalog, { id: 'shard-r', region: 'us-east-1', primaryUrl: primary.connectionString('shard') }, pino({ level: 'silent' }));
    replica = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'bb-replica-')), port: 0, persistent: false, binDir, replicaOf: primary });
    await setReplicaUrls(tp.platform.core.catalog, 'shard-r', [replica.connectionString('shard')]);
    tp.platform.core.router.forgetAll();
    shop = await makeShop(tp, { shardId: 'shard-r' });
    owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    onReplica = new pg.Client({ connectionString: replica.connectionString('shard') });
    await onReplica.connect();
    // Wait until the replica has the shop.
    for (let i = 0; i < 100; i++) {
      const { rows } = await onReplica.query('SELECT 1 FROM locations WHERE id = $1', [shop.locationId]);
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 120_000);

  afterAll(async () => {
    await onReplica.end();
    await tp.close();
    await replica.stop();
    await primary.stop();
  });

  it('serves public reads from the replica while it is current', async () => {
    const page = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}` });
    expect(page.statusCode, page.body).toBe(200);
    const { rows } = await onReplica.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name LIKE 'bookedbarber:shard-r:replica%'`);
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });

  it('falls back to the primary when replay is paused, so a new service shows at once', async () => {
    await onReplica.query('SELECT pg_wal_replay_pause()');
    try {
      await new Promise((resolve) => setTimeout(resolve, 600)); // the router re-measures a replica at most every 500 ms
      const created = await tp.app.inject({
        method: 'POST',
        url: `/api/v1/franchises/${shop.franchiseId}/services`,
        headers: { cookie: owner.cookie },
        payload: { locationId: shop.locationId, name: 'Hot towel shave', durationMinutes: 30, priceCents: 4000 },
      });
      expect(created.statusCode, created.body).toBe(201);
      const serviceId = created.json<{ id: string }>().id;

      // No read-your-writes cookie here: this is another visitor.
      const page = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}` });
      expect(page.json<{ services: { id: string }[] }>().services.map((s) => s.id)).toContain(serviceId);
      const { rows } = await onReplica.query('SELECT 1 FROM services WHERE id = $1', [serviceId]);
      expect(rows).toHaveLength(0); // the replica really is behind: the answer came from the primary

      const metrics = await tp.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toContain('replication_lag_seconds{shard="shard-r",replica="0"} -1');
    } finally {
      await onReplica.query('SELECT pg_wal_replay_resume()');
    }
  });
});
