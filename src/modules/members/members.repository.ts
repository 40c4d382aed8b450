import type { Kysely, Selectable } from 'kysely';
import type { CatalogDatabase, MembershipRole, MembershipsTable } from '../../db/catalog-schema.js';

export type MembershipRow = Selectable<MembershipsTable>;

export interface MemberRow {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: MembershipRole;
  readonly locationIds: string[] | null;
}

export async function listMembers(catalog: Kysely<CatalogDatabase>, franchiseId: string): Promise<MemberRow[]> {
  const rows = await catalog
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.name', 'm.role', 'm.location_ids'])
    .where('m.franchise_id', '=', franchiseId)
    .orderBy('m.created_at')
    .orderBy('m.user_id')
    .execute();
  return rows.map((row) => ({ userId: row.user_id, email: row.email, name: row.name, role: row.role, locationIds: row.location_ids }));
}

export async function findMember(catalog: Kysely<CatalogDatabase>, franchiseId: string, userId: string): Promise<MemberRow | undefined> {
  const row = await catalog
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.name', 'm.role', 'm.location_ids'])
    .where('m.franchise_id', '=', franchiseId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return row && { userId: row.user_id, email: row.email, name: row.name, role: row.role, locationIds: row.location_ids };
}

/**
 * Removes a membership unless it is the franchise's last owner. The franchise
 * row is locked first, so two owners removing each other at the same moment
 * cannot both succeed and leave the franchise without an owner.
 */
export async function deleteMembershipKeepingAnOwner(
  catalog: Kysely<CatalogDatabase>,
  franchiseId: string,
  userId: string,
): Promise<'deleted' | 'not-found' | 'last-owner'> {
  return catalog.transaction().execute(async (trx) => {
    await trx.selectFrom('franchises').select('id').where('id', '=', franchiseId).forUpdate().executeTakeFirst();
    const target = await trx.selectFrom('memberships').select('role').where('franchise_id', '=', franchiseId).where('user_id', '=', userId).executeTakeFirst();
    if (!target) return 'not-found';
    if (target.role === 'owner') {
      const owners = await trx
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('franchise_id', '=', franchiseId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow();
      if (Number(owners.n) <= 1) return 'last-owner';
    }
    await trx.deleteFrom('memberships').where('franchise_id', '=', franchiseId).where('user_id', '=', userId).execute();
    return 'deleted';
  });
}
