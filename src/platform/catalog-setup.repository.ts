import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../db/catalog-schema.js';

/** Adds the regions that are missing; none is removed. */
export async function insertRegions(catalog: Kysely<CatalogDatabase>, regions: readonly string[]): Promise<void> {
  await catalog
    .insertInto('regions')
    .values(regions.map((name) => ({ name })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export interface ShardRow {
  readonly id: string;
  readonly region: string;
  readonly primaryUrl: string;
  readonly acceptsAnyRegion: boolean;
  readonly weight: number;
}

/** Registers a shard, or points a registered one at a new primary. */
export async function upsertShard(catalog: Kysely<CatalogDatabase>, shard: ShardRow): Promise<void> {
  await catalog
    .insertInto('shards')
    .values({ id: shard.id, region: shard.region, primary_url: shard.primaryUrl, accepts_any_region: shard.acceptsAnyRegion, weight: shard.weight })
    .onConflict((oc) => oc.column('id').doUpdateSet({ primary_url: shard.primaryUrl }))
    .execute();
}

/** Every registered shard's primary, in id order: what migrations run on. */
export async function listShardPrimaries(catalog: Kysely<CatalogDatabase>): Promise<{ id: string; region: string; primaryUrl: string }[]> {
  const rows = await catalog.selectFrom('shards').select(['id', 'region', 'primary_url']).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, region: row.region, primaryUrl: row.primary_url }));
}
