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
