import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { ShardDatabase } from '../../db/shard-schema.js';

export interface FranchiseTotals {
  readonly franchiseId: string;
  readonly currency: string;
  readonly bookings: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly revenueCents: number;
}

/**
 * One shard's per-franchise totals for appointments starting in [from, to):
 * bookings that were not cancelled, completed visits and their revenue.
 * Statement timeout bounds a slow shard on its side too.
 */
export async function shardTotals(db: Kysely<ShardDatabase>, from: Date, to: Date, timeoutMs: number): Promise<FranchiseTotals[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true)`.execute(trx);
    const rows = await trx
      .selectFrom('appointments')
      .select((eb) => [
        'franchise_id',
        'currency',
        eb.fn.countAll<string>().filterWhere('status', '!=', 'cancelled').as('bookings'),
        eb.fn.countAll<string>().filterWhere('status', '=', 'completed').as('completed'),
        eb.fn.countAll<string>().filterWhere('status', '=', 'cancelled').as('cancelled'),
        sql<string>`coalesce(sum(price_cents) FILTER (WHERE status = 'completed'), 0)`.as('revenue'),
      ])
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .groupBy(['franchise_id', 'currency'])
      .execute();
    return rows.map((row) => ({
      franchiseId: row.franchise_id,
      currency: row.currency,
      bookings: Number(row.bookings),
      completed: Number(row.completed),
      cancelled: Number(row.cancelled),
      revenueCents: Number(row.revenue),
    }));
  });
}

/** Every franchise's region and shard, from the catalog: the report groups shard totals by them. */
export async function listFranchisePlacements(catalog: Kysely<CatalogDatabase>): Promise<{ id: string; region: string; shardId: string }[]> {
  return catalog.selectFrom('franchises').select(['id', 'region', 'shard_id as shardId']).execute();
}
