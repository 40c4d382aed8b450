import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';

/**
 * Location slugs are unique across all shards: the catalog's directory row is
 * the claim. Throws the unique violation when the slug is taken.
 */
export async function claimLocationSlug(catalog: Kysely<CatalogDatabase>, entry: { readonly id: string; readonly franchiseId: string; readonly slug: string }): Promise<void> {
  await catalog.insertInto('location_directory').values({ id: entry.id, franchise_id: entry.franchiseId, slug: entry.slug }).execute();
}

/** Gives a claimed slug back when the shard write that should follow it failed. */
export async function releaseLocationSlug(catalog: Kysely<CatalogDatabase>, franchiseId: string, locationId: string): Promise<void> {
  await catalog.deleteFrom('location_directory').where('id', '=', locationId).where('franchise_id', '=', franchiseId).execute();
}

/** Which franchise and location a public slug names. */
export async function findDirectoryEntry(catalog: Kysely<CatalogDatabase>, slug: string): Promise<{ id: string; franchise_id: string; slug: string } | undefined> {
  return catalog.selectFrom('location_directory').select(['id', 'franchise_id', 'slug']).where('slug', '=', slug).executeTakeFirst();
}

/** The ids given belong to this franchise's locations: the subset that does not. */
export async function foreignLocationIds(catalog: Kysely<CatalogDatabase>, franchiseId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await catalog.selectFrom('location_directory').select('id').where('franchise_id', '=', franchiseId).where('id', 'in', ids).execute();
  const known = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}

export async function listFranchiseLocationIds(catalog: Kysely<CatalogDatabase>, franchiseId: string): Promise<string[]> {
  const rows = await catalog.selectFrom('location_directory').select('id').where('franchise_id', '=', franchiseId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

export interface DirectoryEntry {
  readonly franchiseId: string;
  readonly region: string;
  readonly locationId: string;
  readonly slug: string;
}

export interface DirectorySelection {
  readonly region?: string | undefined;
  /** Franchise ids or slugs. */
  readonly franchises?: readonly string[] | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every public location of the chosen franchises (ids or slugs) and region, in region, franchise, slug order. */
export async function listDirectoryEntries(catalog: Kysely<CatalogDatabase>, selection: DirectorySelection): Promise<DirectoryEntry[]> {
  const ids = (selection.franchises ?? []).filter((f) => UUID.test(f));
  const slugs = (selection.franchises ?? []).filter((f) => !UUID.test(f));
  const rows = await catalog
    .selectFrom('location_directory as d')
    .innerJoin('franchises as f', 'f.id', 'd.franchise_id')
    .select(['d.franchise_id as franchiseId', 'f.region', 'd.id as locationId', 'd.slug'])
    .$if(selection.region !== undefined, (qb) => qb.where('f.region', '=', selection.region as string))
    .$if(ids.length + slugs.length > 0, (qb) =>
      // A slug is not a uuid: comparing it with the uuid column would be an error, so each list goes to its own column.
      qb.where((eb) => eb.or([...(ids.length > 0 ? [eb('f.id', 'in', ids)] : []), ...(slugs.length > 0 ? [eb('f.slug', 'in', slugs)] : [])])),
    )
    .orderBy('f.region')
    .orderBy('d.franchise_id')
    .orderBy('d.slug')
    .execute();
  return rows;
}

/** The slug a location is published under, if it is in the directory. */
export async function findSlugOfLocation(catalog: Kysely<CatalogDatabase>, locationId: string): Promise<string | undefined> {
  const row = await catalog.selectFrom('location_directory').select('slug').where('id', '=', locationId).executeTakeFirst();
  return row?.slug;
}
