import type { Kysely } from 'kysely';
import type { CatalogDatabase, MembershipRole } from '../../db/catalog-schema.js';

export interface MembershipRow {
  readonly franchiseId: string;
  readonly role: MembershipRole;
  readonly locationIds: readonly string[] | null;
}

/** Authorization as a query: what the user may touch in one franchise, or nothing. */
export async function findMembership(catalog: Kysely<CatalogDatabase>, userId: string, franchiseId: string): Promise<MembershipRow | undefined> {
  const row = await catalog
    .selectFrom('memberships')
    .select(['franchise_id', 'role', 'location_ids'])
    .where('user_id', '=', userId)
    .where('franchise_id', '=', franchiseId)
    .executeTakeFirst();
  return row && { franchiseId: row.franchise_id, role: row.role, locationIds: row.location_ids };
}

export async function listMemberships(catalog: Kysely<CatalogDatabase>, userId: string): Promise<MembershipRow[]> {
  const rows = await catalog
    .selectFrom('memberships')
    .select(['franchise_id', 'role', 'location_ids'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({ franchiseId: row.franchise_id, role: row.role, locationIds: row.location_ids }));
}
