import { Kysely } from 'kysely';
import { MigrationDialect } from '../db/transaction-lock-adapter.js';
import type { CatalogDatabase } from '../db/catalog-schema.js';
import { migrateToLatest } from '../db/migrator.js';
import { createPool } from '../db/pools.js';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { startEmbeddedDatabase } from './embedded-database.js';
import type { EmbeddedDatabase } from './embedded-database.js';
import { insertRegions, listShardPrimaries, upsertShard } from './catalog-setup.repository.js';
import { withMigrationLockOn } from '../db/migration-lock.js';

/** Where the catalog is: CATALOG_DATABASE_URL, or the embedded server started in the data folder. */
export interface CatalogLocation {
  readonly catalogUrl: string;
  /** Set on the embedded default: its server, whose second database is the one local shard. */
  readonly embedded?: EmbeddedDatabase;
}

export async function locateCatalog(config: Config, logger: Logger): Promise<CatalogLocation> {
  if (config.catalogDatabaseUrl) return { catalogUrl: config.catalogDatabaseUrl };
  const embedded = await startEmbeddedDatabase(config.dataDir, logger);
  return { catalogUrl: embedded.catalogUrl, embedded };
}

/**
 * Every process's first step on the catalog: its schema current, the configured
 * regions present and, when given, the local shard registered (the embedded
 * default's, or a test's).
 */
export async function prepareCatalog(
  catalog: Kysely<CatalogDatabase>,
  options: { readonly regions: readonly string[]; readonly localShardUrl?: string | undefined },
  logger: Logger,
): Promise<void> {
  await migrateToLatest(catalog as Kysely<unknown>, 'catalog');
  await ensureRegions(catalog, options.regions);
  if (options.localShardUrl !== undefined) {
    await registerShard(catalog, { id: 'shard-1', region: options.regions[0] ?? 'us-east-1', primaryUrl: options.localShardUrl, acceptsAnyRegion: true }, logger);
  }
}

/** The configured regions exist in the catalog (new ones are added, none removed). */
export async function ensureRegions(catalog: Kysely<CatalogDatabase>, regions: readonly string[]): Promise<void> {
  await insertRegions(catalog, regions);
}

export interface ShardRegistration {
  readonly id: string;
  readonly region: string;
  readonly primaryUrl: string;
  readonly acceptsAnyRegion?: boolean;
  readonly weight?: number;
}

/** Migrates a shard to the current schema, then registers it (a shard takes franchises only once migrated). */
export async function registerShard(catalog: Kysely<CatalogDatabase>, shard: ShardRegistration, logger: Logger): Promise<void> {
  await migrateShard(shard.primaryUrl, logger);
  await upsertShard(catalog, { ...shard, acceptsAnyRegion: shard.acceptsAnyRegion ?? false, weight: shard.weight ?? 100 });
}

export async function migrateShard(url: string, logger: Logger): Promise<void> {
  const pool = createPool({ connectionString: url, max: 1, statementTimeoutMs: 0, applicationName: 'bookedbarber:migrate' }, logger);
  // A shard may sit behind PgBouncer in transaction pooling mode: its migration lock must live in the transaction.
  const db = new Kysely<unknown>({ dialect: new MigrationDialect({ pool }) });
  try {
    await migrateToLatest(db, 'shard');
  } finally {
    await db.destroy();
  }
}

/**
 * Catalog first, then every registered shard, in parallel — under the
 * migration lock, so it waits for running franchise moves (a move must never
 * see its two shards at different schemas) and moves wait for it.
 */
export async function migrateAll(catalog: Kysely<CatalogDatabase>, logger: Logger): Promise<void> {
  await withMigrationLockOn(
    catalog,
    async () => {
      await migrateToLatest(catalog as Kysely<unknown>, 'catalog');
      const shards = await listShardPrimaries(catalog);
      await Promise.all(shards.map((shard) => migrateShard(shard.primaryUrl, logger)));
    },
    () => logger.warn('a franchise move is running; the migration waits for it to finish'),
  );
}
