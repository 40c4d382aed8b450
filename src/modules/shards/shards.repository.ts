import type { Kysely } from 'kysely';
import type { CatalogDatabase, ShardState } from '../../db/catalog-schema.js';

export interface ShardRow {
  readonly id: string;
  readonly region: string;
  readonly state: ShardState;
  readonly weight: number;
  readonly acceptsAnyRegion: boolean;
  readonly primaryUrl: string;
  readonly replicaUrls: readonly string[];
  readonly franchiseCount: number;
}

export async function listShardRows(catalog: Kysely<CatalogDatabase>): Promise<ShardRow[]> {
  const rows = await catalog
    .selectFrom('shards as s')
    .leftJoin('franchises as f', 'f.shard_id', 's.id')
    .select((eb) => ['s.id', 's.region', 's.state', 's.weight', 's.accepts_any_region', 's.primary_url', 's.replica_urls', eb.fn.count<string>('f.id').as('franchise_count')])
    .groupBy('s.id')
    .orderBy('s.region')
    .orderBy('s.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    region: row.region,
    state: row.state,
    weight: row.weight,
    acceptsAnyRegion: row.accepts_any_region,
    primaryUrl: row.primary_url,
    replicaUrls: row.replica_urls,
    franchiseCount: Number(row.franchise_count),
  }));
}

export async function setShardState(catalog: Kysely<CatalogDatabase>, id: string, state: ShardState): Promise<boolean> {
  const result = await catalog.updateTable('shards').set({ state }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setReplicaUrls(catalog: Kysely<CatalogDatabase>, id: string, replicaUrls: readonly string[]): Promise<void> {
  await catalog.updateTable('shards').set({ replica_urls: [...replicaUrls] }).where('id', '=', id).execute();
}

export interface FranchisePlacementRow {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly region: string;
  readonly shardId: string;
  readonly shardRegion: string;
  readonly placementVersion: string;
  readonly locationCount: number;
  readonly createdAt: Date;
}

export interface FranchiseFilter {
  readonly shardId?: string;
  readonly region?: string;
  readonly idOrSlug?: string;
  readonly limit?: number;
}

export async function listFranchisePlacements(catalog: Kysely<CatalogDatabase>, filter: FranchiseFilter): Promise<FranchisePlacementRow[]> {
  let query = catalog
    .selectFrom('franchises as f')
    .innerJoin('shards as s', 's.id', 'f.shard_id')
    .leftJoin('location_directory as l', 'l.franchise_id', 'f.id')
    .select((eb) => ['f.id', 'f.slug', 'f.name', 'f.region', 'f.shard_id', 's.region as shard_region', 'f.placement_version', 'f.created_at', eb.fn.count<string>('l.id').as('location_count')])
    .groupBy(['f.id', 's.region'])
    .orderBy('f.created_at');
  if (filter.shardId) query = query.where('f.shard_id', '=', filter.shardId);
  if (filter.region) query = query.where('f.region', '=', filter.region);
  if (filter.idOrSlug) {
    const value = filter.idOrSlug;
    const isUuid = /^[0-9a-f-]{36}$/i.test(value);
    query = query.where((eb) => (isUuid ? eb.or([eb('f.id', '=', value), eb('f.slug', '=', value)]) : eb('f.slug', '=', value)));
  }
  if (filter.limit) query = query.limit(filter.limit);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    region: row.region,
    shardId: row.shard_id,
    shardRegion: row.shard_region,
    placementVersion: row.placement_version,
    locationCount: Number(row.location_count),
    createdAt: row.created_at,
  }));
}
