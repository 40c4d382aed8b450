import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../db/catalog-schema.js';

export interface SigningKeyRow {
  readonly id: number;
  readonly createdAt: Date;
  readonly retiredAt: Date | null;
}

/** Keys that still verify (not retired), newest first. */
export async function readActiveKeys(catalog: Kysely<CatalogDatabase>): Promise<{ id: number; secret: string; createdAt: Date }[]> {
  return catalog.selectFrom('signing_keys').select(['id', 'secret', 'created_at as createdAt']).where('retired_at', 'is', null).orderBy('id', 'desc').execute();
}

export async function listKeys(catalog: Kysely<CatalogDatabase>): Promise<SigningKeyRow[]> {
  return catalog.selectFrom('signing_keys').select(['id', 'created_at as createdAt', 'retired_at as retiredAt']).orderBy('id').execute();
}

/** A new key that signs from now on; older keys keep verifying. Returns its id. */
export async function addKey(catalog: Kysely<CatalogDatabase>): Promise<number> {
  return catalog.transaction().execute(async (trx) => {
    // Serialize concurrent rotations: both would pick the same next id.
    await trx.selectFrom('signing_keys').select('id').forUpdate().execute();
    const last = await trx.selectFrom('signing_keys').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    const id = (last?.id ?? 0) + 1;
    if (id > 65_535) throw new Error('signing key ids are exhausted (65535)');
    await trx.insertInto('signing_keys').values({ id, secret: randomBytes(32).toString('hex') }).execute();
    return id;
  });
}

export type RetireResult = 'retired' | 'unknown' | 'already retired' | 'last active key';

/** Stops a key from verifying. The last active key cannot be retired: nothing could sign. */
export async function retireKey(catalog: Kysely<CatalogDatabase>, id: number, now: Date): Promise<RetireResult> {
  return catalog.transaction().execute(async (trx) => {
    const keys = await trx.selectFrom('signing_keys').select(['id', 'retired_at']).forUpdate().execute();
    const key = keys.find((k) => k.id === id);
    if (!key) return 'unknown';
    if (key.retired_at !== null) return 'already retired';
    if (keys.filter((k) => k.retired_at === null).length === 1) return 'last active key';
    await trx.updateTable('signing_keys').set({ retired_at: now }).where('id', '=', id).execute();
    return 'retired';
  });
}
