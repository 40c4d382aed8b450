import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';

/** The platform's manage-link signing secret (made by the catalog migrations). */
export async function readManageTokenSecret(catalog: Kysely<CatalogDatabase>): Promise<string> {
  const row = await catalog
    .selectFrom('platform_settings')
    .select('value')
    .where('key', '=', 'manage_token_secret')
    .executeTakeFirstOrThrow(() => new Error('platform_settings.manage_token_secret is missing: run the catalog migrations'));
  return row.value;
}
