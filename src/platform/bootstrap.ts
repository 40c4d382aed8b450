import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../db/catalog-schema.js';
import { migrateToLatest } from '../db/migrator.js';
import { createKysely, createPool } from '../db/pools.js';
import type { Logger } from 'pino';
import { withMigrationLockOn } from '../db/migration-lock.js';

/** The configured regions exist in the catalog (new ones are added, none removed). */
export async function ensureRegions(catalog: Kysely<CatalogDatabase>, regions: readonly string[]): Promise<void> {
  await catalog
    .insertInto('regions')
    .values(regions.map((name) => ({ name })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
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
  await catalog
    .insertInto('shards')
    .values({
      id: shard.id,
      region: shard.region,
      primary_url: shard.primaryUrl,
      accepts_any_region: shard.acceptsAnyRegion ?? false,
      weight: shard.weight ?? 100,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ primary_url: shard.primaryUrl }))
    .execute();
}

export async function migrateShard(url: string, logger: Logger): Promise<void> {
  const pool = createPool({ connectionString: url, max: 1, statementTimeoutMs: 0, applicationName: 'bookedbarber:migrate' }, logger);
  const db = createKysely<unknown>(pool);
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
      const shards = await catalog.selectFrom('shards').select(['id', 'primary_url']).execute();
      await Promise.all(shards.map((shard) => migrateShard(shard.primary_url, logger)));
    },
    () => logger.warn('a franchise move is running; the migration waits for it to finish'),
  );
}
