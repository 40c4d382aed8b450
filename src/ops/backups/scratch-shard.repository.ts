import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';

/** A shard's region and primary, to place a restored copy of it beside it. */
export async function findShard(catalog: Kysely<CatalogDatabase>, shardId: string): Promise<{ region: string; primaryUrl: string } | undefined> {
  const row = await catalog.selectFrom('shards').select(['region', 'primary_url']).where('id', '=', shardId).executeTakeFirst();
  return row && { region: row.region, primaryUrl: row.primary_url };
}

export async function franchiseShard(catalog: Kysely<CatalogDatabase>, franchiseId: string): Promise<string | undefined> {
  return (await catalog.selectFrom('franchises').select('shard_id').where('id', '=', franchiseId).executeTakeFirst())?.shard_id;
}

/** Registered as draining: a scratch copy never receives a new franchise. */
export async function insertScratchShard(catalog: Kysely<CatalogDatabase>, shard: { id: string; region: string; primaryUrl: string }): Promise<void> {
  await catalog.insertInto('shards').values({ id: shard.id, region: shard.region, primary_url: shard.primaryUrl, state: 'draining', weight: 1, accepts_any_region: false }).execute();
}

/**
 * Unregisters the scratch copy once nothing is placed on it. The journal rows
 * of the moves to and from it go with it (they reference the shard); the
 * restore's own report is the record.
 */
export async function removeScratchShard(catalog: Kysely<CatalogDatabase>, shardId: string): Promise<void> {
  await catalog.transaction().execute(async (trx) => {
    // franchise_moves is not in the typed catalog schema (the moves module's repository writes it in SQL).
    await sql`DELETE FROM franchise_moves WHERE source_shard = ${shardId} OR target_shard = ${shardId}`.execute(trx);
    await trx.deleteFrom('shards').where('id', '=', shardId).execute();
  });
}
