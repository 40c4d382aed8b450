import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';

/** A reset row and its account message, in one catalog transaction: a queued link always has its row. */
export async function insertResetWithMessage(
  catalog: Kysely<CatalogDatabase>,
  reset: { readonly id: string; readonly messageId: string; readonly userId: string; readonly recipient: string; readonly expiresAt: Date },
): Promise<void> {
  await catalog.transaction().execute(async (trx) => {
    await trx.insertInto('password_resets').values({ id: reset.id, user_id: reset.userId, expires_at: reset.expiresAt }).execute();
    await trx
      .insertInto('account_messages')
      .values({
        id: reset.messageId,
        kind: 'password_reset',
        recipient: reset.recipient,
        user_id: reset.userId,
        subject_id: reset.id,
        dedupe_key: `password_reset:${reset.id}`,
      })
      .execute();
  });
}

/**
 * Uses a reset once: the row is claimed only while unused and unexpired, the
 * new hash is written and every other open reset of the account is closed, in
 * one transaction. Returns the account, or undefined when the link is spent.
 */
export async function consumeReset(catalog: Kysely<CatalogDatabase>, resetId: string, passwordHash: string, now: Date): Promise<string | undefined> {
  return catalog.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', resetId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!claimed) return undefined;
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', claimed.user_id).execute();
    await trx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', claimed.user_id).where('used_at', 'is', null).execute();
    return claimed.user_id;
  });
}

export async function updatePasswordHash(catalog: Kysely<CatalogDatabase>, userId: string, passwordHash: string): Promise<void> {
  await catalog.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Whether a reset row can still be used (the confirm page asks before showing the form). */
export async function isResetOpen(catalog: Kysely<CatalogDatabase>, resetId: string, now: Date): Promise<boolean> {
  const row = await catalog
    .selectFrom('password_resets')
    .select(sql<number>`1`.as('one'))
    .where('id', '=', resetId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}
