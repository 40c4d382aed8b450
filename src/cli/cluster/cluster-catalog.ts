import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { migrateToLatest } from '../../db/migrator.js';
import { createKysely, createPool } from '../../db/pools.js';
import { ensureRegions, registerShard } from '../../platform/bootstrap.js';
import { setReplicaUrls } from '../../modules/shards/shards.repository.js';
import { CLUSTER_REGIONS } from './cluster-layout.js';

export interface ShardEntry {
  readonly id: string;
  readonly region: string;
  readonly primaryUrl: string;
  /** Replaces whatever the catalog had: a replica that is not running this time is no longer routed to. */
  readonly replicaUrls: readonly string[];
}

/**
 * Brings the catalog up to date with this run: schema, regions, and every shard with
 * its current URLs (ports may differ from the last run). registerShard migrates each
 * shard before registering it, so a shard never takes franchises on an old schema.
 */
export async function registerCluster(catalogUrl: string, shards: readonly ShardEntry[], logger: Logger, progress: (line: string) => void): Promise<void> {
  const catalog = createKysely<CatalogDatabase>(
    createPool({ connectionString: catalogUrl, max: 4, statementTimeoutMs: 0, applicationName: 'bookedbarber:cluster' }, logger),
  );
  try {
    await migrateToLatest(catalog as Kysely<unknown>, 'catalog');
    await ensureRegions(catalog, CLUSTER_REGIONS);
    progress('catalog migrated; migrating and registering the shards…');
    await Promise.all(
      shards.map(async (shard) => {
        await registerShard(catalog, { id: shard.id, region: shard.region, primaryUrl: shard.primaryUrl }, logger);
        await setReplicaUrls(catalog, shard.id, shard.replicaUrls);
        const replicas = shard.replicaUrls.length > 0 ? ` with ${shard.replicaUrls.length} replica` : '';
        progress(`registered ${shard.id} (${shard.region})${replicas}`);
      }),
    );
  } finally {
    await catalog.destroy();
  }
}
