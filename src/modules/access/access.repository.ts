import type { Kysely } from 'kysely';
import { sql } from 'kysely';
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

export async function isPlatformAdmin(catalog: Kysely<CatalogDatabase>, userId: string): Promise<boolean> {
  const row = await catalog.selectFrom('users').select('is_platform_admin').where('id', '=', userId).executeTakeFirst();
  return row?.is_platform_admin === true;
}

/** Grants or revokes the platform operator role; false when no account has this email. */
export async function setPlatformAdmin(catalog: Kysely<CatalogDatabase>, email: string, isAdmin: boolean): Promise<boolean> {
  const result = await catalog
    .updateTable('users')
    .set({ is_platform_admin: isAdmin })
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The account with this email when it is a member of the franchise (links a barber row to its person). */
export async function findMemberUserIdByEmail(catalog: Kysely<CatalogDatabase>, franchiseId: string, email: string): Promise<string | undefined> {
  const row = await catalog
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.id')
    .where('m.franchise_id', '=', franchiseId)
    .where(sql<string>`lower(u.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row?.id;
}
