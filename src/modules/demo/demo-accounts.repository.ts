import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { ShardDatabase } from '../../db/shard-schema.js';

/**
 * The demo barber's membership and column link, written directly: a real
 * barber joins by accepting an emailed invitation, which a seed cannot click.
 */
export async function grantDemoBarber(
  catalog: Kysely<CatalogDatabase>,
  shard: Kysely<ShardDatabase>,
  grant: { readonly userId: string; readonly franchiseId: string; readonly locationId: string; readonly email: string },
): Promise<void> {
  await catalog
    .insertInto('memberships')
    .values({ user_id: grant.userId, franchise_id: grant.franchiseId, role: 'barber', location_ids: [grant.locationId] })
    .onConflict((oc) => oc.columns(['user_id', 'franchise_id']).doNothing())
    .execute();
  await shard
    .updateTable('barbers')
    .set({ user_id: grant.userId, updated_at: sql<Date>`now()` })
    .where('franchise_id', '=', grant.franchiseId)
    .where(sql<string>`lower(email)`, '=', grant.email.toLowerCase())
    .where('user_id', 'is', null)
    .execute();
}
