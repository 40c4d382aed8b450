import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { Outcome } from './outbox-claims.repository.js';

/** A claimed row of the catalog's `account_messages` (password resets: not franchise-scoped, so not on a shard). */
export interface ClaimedAccountMessage {
  readonly id: string;
  readonly kind: 'password_reset';
  readonly recipient: string;
  readonly subjectId: string;
  readonly attempts: number;
  readonly sendAfter: Date;
  /** The previous holder's lease expired mid-send: the provider may already have it. */
  readonly doubtful: boolean;
}

/** Claims due account messages as the shard outbox does: SKIP LOCKED, a lease, attempts + 1. */
export async function claimDueAccountMessages(catalog: Kysely<CatalogDatabase>, owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedAccountMessage[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const { rows } = await sql<{ id: string; kind: 'password_reset'; recipient: string; subject_id: string; attempts: number; send_after: Date; was: string }>`
    WITH due AS (
      SELECT m.id, m.status AS was
      FROM account_messages m
      WHERE (m.status IN ('queued', 'failed') AND m.send_after <= ${now})
         OR (m.status = 'sending' AND m.lease_expires_at < ${now})
      ORDER BY m.send_after
      LIMIT ${limit}
      FOR UPDATE OF m SKIP LOCKED
    )
    UPDATE account_messages m
    SET status = 'sending', lease_owner = ${owner}, lease_expires_at = ${leaseUntil}, attempts = m.attempts + 1, updated_at = ${now}
    FROM due
    WHERE m.id = due.id
    RETURNING m.id, m.kind, m.recipient, m.subject_id, m.attempts, m.send_after, due.was AS was`.execute(catalog);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    subjectId: row.subject_id,
    attempts: row.attempts,
    sendAfter: row.send_after,
    doubtful: row.was === 'sending',
  }));
}

/** Records one attempt's end, only while this worker still holds the lease. */
export async function finishAccountMessage(catalog: Kysely<CatalogDatabase>, id: string, owner: string, outcome: Outcome, now: Date): Promise<boolean> {
  const done = outcome.status === 'sent' || outcome.status === 'logged';
  const result = await catalog
    .updateTable('account_messages')
    .set({
      status: outcome.status,
      lease_owner: null,
      lease_expires_at: null,
      last_error: outcome.error ?? null,
      ...(outcome.subject !== undefined && { subject: outcome.subject }),
      ...(outcome.bodyText !== undefined && { body_text: outcome.bodyText }),
      ...(outcome.bodyHtml !== undefined && { body_html: outcome.bodyHtml }),
      ...(outcome.providerMessageId !== undefined && { provider_message_id: outcome.providerMessageId }),
      ...(done && { sent_at: now }),
      ...(outcome.retryAt && { send_after: outcome.retryAt }),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
