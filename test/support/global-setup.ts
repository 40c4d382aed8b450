import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createKysely, createPool } from '../../src/db/pools.js';
import { CATALOG_TEMPLATE, SHARD_TEMPLATE } from './test-databases.js';
import type { TestServerInfo } from './test-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestServerInfo;
  }
}

let server: LocalPostgresServer | undefined;

/**
 * One throwaway PostgreSQL server for the whole run, on a free loopback port.
 * Catalog and shard schemas are migrated once into template databases; each
 * test file copies them (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export async function setup(project: TestProject): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bookedbarber-test-'));
  server = await startLocalPostgres({ dataDir, port: 0, persistent: false });
  const admin = new pg.Client({ connectionString: server.connectionString('postgres') });
  await admin.connect();
  try {
    for (const [name, kind] of [[CATALOG_TEMPLATE, 'catalog'], [SHARD_TEMPLATE, 'shard']] as const) {
      await admin.query(`CREATE DATABASE ${name}`);
      const pool = createPool({ connectionString: server.connectionString(name), max: 1, statementTimeoutMs: 0, applicationName: 'test-setup' }, pino({ level: 'silent' }));
      const db = createKysely<unknown>(pool);
      await migrateToLatest(db, kind);
      await db.destroy();
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
    }
  } finally {
    await admin.end();
  }
  project.provide('postgres', { host: server.host, port: server.port, user: server.user, password: server.password });
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
