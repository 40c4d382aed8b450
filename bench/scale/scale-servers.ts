import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../src/db/catalog-schema.js';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createKysely, createPool } from '../../src/db/pools.js';
import { ensureRegions, registerShard } from '../../src/platform/bootstrap.js';
import { removeDir } from '../environment.js';
import { REGIONS, regionOfShard, shardIdOf } from './scale-seed.js';
import type { Progress } from './scale-seed.js';

const logger = pino({ level: 'warn' });

export interface ScaleCluster {
  /** The catalog holding every franchise and location. */
  readonly catalogUrl: string;
  /** A catalog with the same shards registered and no franchise: the reference a size is compared with. */
  readonly emptyCatalogUrl: string;
  readonly shardUrls: readonly string[];
  close(): Promise<void>;
}

export interface ClusterOptions {
  readonly shards: number;
  readonly servers: number;
  /** Kept between runs (a rerun resumes seeding); a throwaway folder when absent. */
  readonly dataDir: string | undefined;
}

/**
 * PostgreSQL servers started the way the bench and tests start them (the
 * project's local-postgres module): the catalogs and shard-1 on server 1, the
 * shards spread round-robin over the servers as databases of their own.
 */
export async function startScaleCluster(options: ClusterOptions, progress: Progress): Promise<ScaleCluster> {
  const root = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'bookedbarber-scale-')));
  const persistent = options.dataDir !== undefined;
  await mkdir(root, { recursive: true });
  const servers: LocalPostgresServer[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
    if (!persistent) await removeDir(root);
  };
  try {
    progress(`servers: ${options.servers} PostgreSQL server(s) in ${persistent ? root : 'a throwaway folder'}…`);
    servers.push(
      ...(await Promise.all(
        Array.from({ length: options.servers }, (_, i) =>
          startLocalPostgres({
            dataDir: path.join(root, `pg-${i + 1}`),
            port: 0,
            persistent,
            // The bench reads more than it writes; durability settings do not change what it measures.
            settings: { max_connections: '300', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
          }),
        ),
      )),
    );
    const serverOf = (shardIndex: number): LocalPostgresServer => servers[shardIndex % servers.length] as LocalPostgresServer;
    const first = servers[0] as LocalPostgresServer;
    await createDatabases(first, ['scale_catalog', 'scale_catalog_empty']);
    for (const [i, server] of servers.entries()) {
      const names = Array.from({ length: options.shards }, (_, k) => k).filter((k) => k % servers.length === i).map((k) => `scale_shard_${k + 1}`);
      await createDatabases(server, names);
    }
    const shardUrls = Array.from({ length: options.shards }, (_, k) => serverOf(k).connectionString(`scale_shard_${k + 1}`));
    const catalogUrl = first.connectionString('scale_catalog');
    const emptyCatalogUrl = first.connectionString('scale_catalog_empty');
    for (const url of [catalogUrl, emptyCatalogUrl]) {
      const catalog = openCatalog(url, 2);
      try {
        await migrateToLatest(catalog as Kysely<unknown>, 'catalog');
        await ensureRegions(catalog, REGIONS);
        // registerShard migrates the shard first (a no-op the second time).
        for (const [k, shardUrl] of shardUrls.entries()) await registerShard(catalog, { id: shardIdOf(k), region: regionOfShard(k), primaryUrl: shardUrl }, logger);
      } finally {
        await catalog.destroy();
      }
    }
    progress(`servers: catalog and ${options.shards} shards migrated and registered`);
    return { catalogUrl, emptyCatalogUrl, shardUrls, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function openCatalog(url: string, max: number): Kysely<CatalogDatabase> {
  return createKysely<CatalogDatabase>(createPool({ connectionString: url, max, statementTimeoutMs: 0, applicationName: 'bench-scale' }, logger));
}

async function createDatabases(server: LocalPostgresServer, names: readonly string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: server.connectionString('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    const existing = new Set(rows.map((row) => row.datname));
    // Names are the bench's own (scale_*), never input.
    for (const name of names) if (!existing.has(name)) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}
