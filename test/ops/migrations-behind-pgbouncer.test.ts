import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgBouncer } from '../../src/cli/cluster/fleet/pgbouncer.js';
import type { PgBouncer } from '../../src/cli/cluster/fleet/pgbouncer.js';
import { migrateShard } from '../../src/platform/bootstrap.js';
import { findFreePort, startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';

// Kysely's migration lock id (its PostgresAdapter's LOCK_ID), as pg_locks shows it.
const LOCK_ID = BigInt('3853314791062309107');
const LOCK_OBJID = Number(LOCK_ID & 0xffffffffn);

/**
 * Shard migrations behind PgBouncer in transaction pooling mode (the production
 * Pooler and the local fleet): several API nodes start at once and each migrates
 * every shard. Kysely's own lock leaked onto a pooled server connection here, and
 * the next migrator waited for it until its statement timeout.
 */
describe('shard migrations through PgBouncer (transaction pooling)', () => {
  let dir: string;
  let server: LocalPostgresServer;
  let bouncer: PgBouncer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bb-txlock-'));
    server = await startLocalPostgres({ dataDir: path.join(dir, 'pg'), port: 0, persistent: false, password: 'secret-pw' });
    const admin = new pg.Client({ connectionString: server.connectionString('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE shard_tx');
    await admin.query(`ALTER DATABASE shard_tx SET statement_timeout = '5s'`);
    await admin.end();
    bouncer = await startPgBouncer({ dir: path.join(dir, 'pgbouncer'), listenPort: await findFreePort(), user: 'postgres', password: 'secret-pw', target: { database: 'shard_tx', host: server.host, port: server.port } });
  }, 60_000);
  afterAll(async () => {
    await bouncer?.stop();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs concurrent migrations to the end and leaves no migration lock on any pooled connection', async () => {
    const url = bouncer.url().replace('bookedbarber_shard', 'shard_tx');
    const logger = pino({ level: 'silent' });
    // Bookings keep PgBouncer's server connections changing hands meanwhile, as on a live shard.
    let running = true;
    const traffic = Array.from({ length: 8 }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      while (running) await client.query('SELECT pg_sleep(0.002)');
      await client.end();
    });
    // Rounds of concurrent migrators, as API nodes starting one after another: each round must find the lock free.
    try {
      for (let round = 0; round < 4; round++) {
        await Promise.all([migrateShard(url, logger), migrateShard(url, logger), migrateShard(url, logger)]);
      }
    } finally {
      running = false;
      await Promise.all(traffic);
    }
    const direct = new pg.Client({ connectionString: server.connectionString('shard_tx') });
    await direct.connect();
    try {
      const { rows: held } = await direct.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1`, [LOCK_OBJID]);
      expect(held).toEqual([]);
      const { rows } = await direct.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0]?.n).toBeGreaterThan(0);
    } finally {
      await direct.end();
    }
  }, 120_000);
});
