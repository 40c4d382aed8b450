import type { Kysely, Selectable } from 'kysely';
import type { CatalogDatabase, FranchisesTable } from '../../db/catalog-schema.js';

export type FranchiseRow = Selectable<FranchisesTable>;

export interface NewFranchise {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly region: string;
  readonly shardId: string;
  readonly ownerUserId: string;
}

/** The franchise and its first owner, together or not at all. */
export async function insertFranchiseWithOwner(catalog: Kysely<CatalogDatabase>, franchise: NewFranchise): Promise<FranchiseRow> {
  return catalog.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('franchises')
      .values({ id: franchise.id, slug: franchise.slug, name: franchise.name, region: franchise.region, shard_id: franchise.shardId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('memberships').values({ user_id: franchise.ownerUserId, franchise_id: franchise.id, role: 'owner', location_ids: null }).execute();
    return row;
  });
}

export async function findFranchise(catalog: Kysely<CatalogDatabase>, franchiseId: string): Promise<FranchiseRow | undefined> {
  return catalog.selectFrom('franchises').selectAll().where('id', '=', franchiseId).executeTakeFirst();
}

export async function findFranchiseBySlug(catalog: Kysely<CatalogDatabase>, slug: string): Promise<FranchiseRow | undefined> {
  return catalog.selectFrom('franchises').selectAll().where('slug', '=', slug).executeTakeFirst();
}
