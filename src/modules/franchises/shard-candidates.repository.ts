import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';

export interface ShardCandidate {
  readonly id: string;
  readonly region: string;
  readonly weight: number;
  readonly acceptsAnyRegion: boolean;
  readonly franchiseCount: number;
}

/** Active shards that could take a franchise of this region, with their current load. */
export async function loadCandidates(catalog: Kysely<CatalogDatabase>, region: string): Promise<ShardCandidate[]> {
  const rows = await catalog
    .selectFrom('shards as s')
    .leftJoin('franchises as f', 'f.shard_id', 's.id')
    .select((eb) => ['s.id', 's.region', 's.weight', 's.accepts_any_region', eb.fn.count<string>('f.id').as('franchise_count')])
    .where('s.state', '=', 'active')
    .where((eb) => eb.or([eb('s.region', '=', region), eb('s.accepts_any_region', '=', true)]))
    .groupBy('s.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    region: row.region,
    weight: row.weight,
    acceptsAnyRegion: row.accepts_any_region,
    franchiseCount: Number(row.franchise_count),
  }));
}
