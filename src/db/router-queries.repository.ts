import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CatalogDatabase, ShardState } from './catalog-schema.js';
import type { ShardDatabase } from './shard-schema.js';

// The router's own SQL: placements and shards from the catalog, and the few
// questions it asks a shard server (WAL position, replay, schema, fence).

export interface PlacementRow {
  readonly franchiseId: string;
  readonly shardId: string;
  readonly region: string;
  readonly version: string;
}

export async function findPlacement(catalog: Kysely<CatalogDatabase>, franchiseId: string): Promise<PlacementRow | undefined> {
  const row = await catalog.selectFrom('franchises').select(['id', 'shard_id', 'region', 'placement_version']).where('id', '=', franchiseId).executeTakeFirst();
  return row && { franchiseId: row.id, shardId: row.shard_id, region: row.region, version: row.placement_version };
}

export interface ShardRow {
  readonly id: string;
  readonly region: string;
  readonly state: ShardState;
  readonly primaryUrl: string;
  readonly replicaUrls: readonly string[];
}

export async function listShardRows(catalog: Kysely<CatalogDatabase>): Promise<ShardRow[]> {
  const rows = await catalog.selectFrom('shards').select(['id', 'region', 'state', 'primary_url', 'replica_urls']).execute();
  return rows.map((row) => ({ id: row.id, region: row.region, state: row.state, primaryUrl: row.primary_url, replicaUrls: row.replica_urls }));
}

/** The primary's current WAL position. */
export async function currentWalLsn(primary: Kysely<ShardDatabase>): Promise<string | undefined> {
  const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(primary);
  return rows[0]?.lsn;
}

/** Whether a replica has replayed up to `lsn`. */
export async function hasReplayed(replica: Kysely<ShardDatabase>, lsn: string | undefined): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean | null }>`SELECT pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS ok`.execute(replica);
  return rows[0]?.ok === true;
}

/** The newest migration applied to a shard, or null for a database never migrated. */
export async function appliedSchema(db: Kysely<ShardDatabase>): Promise<string | null> {
  const { rows } = await sql<{ name: string | null }>`SELECT max(name) AS name FROM schema_migrations`.execute(db).catch((error: unknown) => {
    // A database that was never migrated has no schema_migrations table.
    if ((error as { code?: string }).code === '42P01') return { rows: [{ name: null }] };
    throw error;
  });
  return rows[0]?.name ?? null;
}

/** The fence a move left for this franchise on this shard ('moved' once it has left), if any. */
export async function fenceState(db: Kysely<ShardDatabase>, franchiseId: string): Promise<string | undefined> {
  const { rows } = await sql<{ state: string }>`SELECT state FROM franchise_fence WHERE franchise_id = ${franchiseId}`.execute(db);
  return rows[0]?.state;
}
