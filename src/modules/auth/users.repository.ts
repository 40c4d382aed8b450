import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { CatalogDatabase, MembershipRole, UsersTable } from '../../db/catalog-schema.js';

export type UserRow = Selectable<UsersTable>;

/** Emails are stored lower-cased; the unique index is on lower(email) as a second guard. */
export async function findUserByEmail(catalog: Kysely<CatalogDatabase>, email: string): Promise<UserRow | undefined> {
  return catalog
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(catalog: Kysely<CatalogDatabase>, userId: string): Promise<UserRow | undefined> {
  return catalog.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function insertUser(
  catalog: Kysely<CatalogDatabase>,
  user: { readonly id: string; readonly email: string; readonly name: string; readonly passwordHash: string },
): Promise<UserRow> {
  return catalog
    .insertInto('users')
    .values({ id: user.id, email: user.email, name: user.name, password_hash: user.passwordHash })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface MembershipWithFranchise {
  readonly franchiseId: string;
  readonly franchiseName: string;
  readonly role: MembershipRole;
  readonly locationIds: readonly string[] | null;
  /** Every location of the franchise, from the catalog's directory. */
  readonly franchiseLocationIds: readonly string[];
}

export async function listMembershipsWithFranchise(catalog: Kysely<CatalogDatabase>, userId: string): Promise<MembershipWithFranchise[]> {
  const rows = await catalog
    .selectFrom('memberships as m')
    .innerJoin('franchises as f', 'f.id', 'm.franchise_id')
    .select((eb) => [
      'm.franchise_id',
      'f.name',
      'm.role',
      'm.location_ids',
      eb
        .selectFrom('location_directory as d')
        .whereRef('d.franchise_id', '=', 'm.franchise_id')
        .select(sql<string[]>`coalesce(array_agg(d.id ORDER BY d.id), '{}')`.as('ids'))
        .as('franchise_location_ids'),
    ])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .execute();
  return rows.map((row) => ({
    franchiseId: row.franchise_id,
    franchiseName: row.name,
    role: row.role,
    locationIds: row.location_ids,
    franchiseLocationIds: row.franchise_location_ids ?? [],
  }));
}
