import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { OutboxKind, ShardDatabase } from '../../db/shard-schema.js';
import { toOutboxMessage } from './outbox.repository.js';
import type { OutboxMessage } from './outbox.repository.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface Claimed extends OutboxMessage {
  /** The row was `sending` with an expired lease: a worker died mid-send, the send may or may not have happened. */
  readonly doubtful: boolean;
}

/**
 * Claims up to `limit` due messages for this worker: queued or failed and due,
 * or left `sending` by a worker whose lease expired. SKIP LOCKED lets any number
 * of workers claim at once without waiting or taking the same row; franchises
 * fenced by a move are left alone.
 */
export async function claimDue(db: Db, owner: string, now: Date, leaseMs: number, limit: number): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const { rows } = await sql<Record<string, unknown>>`
    WITH due AS (
      SELECT o.franchise_id, o.id, o.status AS was
      FROM outbox o
      WHERE ((o.status IN ('queued', 'failed') AND o.send_after <= ${now})
          OR (o.status = 'sending' AND o.lease_expires_at < ${now}))
        AND NOT EXISTS (SELECT 1 FROM franchise_fence f WHERE f.franchise_id = o.franchise_id AND f.state <> 'active')
      ORDER BY o.send_after
      LIMIT ${limit}
      FOR UPDATE OF o SKIP LOCKED
    )
    UPDATE outbox o
    SET status = 'sending', lease_owner = ${owner}, lease_expires_at = ${leaseUntil}, attempts = o.attempts + 1, updated_at = ${now}
    FROM due
    WHERE o.franchise_id = due.franchise_id AND o.id = due.id
    RETURNING o.*, due.was AS was`.execute(db);
  return rows.map((row) => ({ ...toOutboxMessage(row as never), doubtful: row.was === 'sending' }));
}

export interface Outcome {
  readonly status: 'sent' | 'logged' | 'skipped' | 'failed' | 'dead';
  readonly subject?: string | null;
  readonly bodyText?: string | null;
  readonly bodyHtml?: string | null;
  readonly providerMessageId?: string | null;
  readonly error?: string | null;
  /** failed: when to try again. */
  readonly retryAt?: Date;
}

/** Records the end of one attempt, only while this worker still holds the lease. */
export async function finishAttempt(db: Db, message: Pick<OutboxMessage, 'franchiseId' | 'id'>, owner: string, outcome: Outcome, now: Date): Promise<boolean> {
  const done = outcome.status === 'sent' || outcome.status === 'logged';
  const result = await db
    .updateTable('outbox')
    .set({
      status: outcome.status,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
      ...(outcome.subject !== undefined && { subject: outcome.subject }),
      ...(outcome.bodyText !== undefined && { body_text: outcome.bodyText }),
      ...(outcome.bodyHtml !== undefined && { body_html: outcome.bodyHtml }),
      ...(outcome.providerMessageId !== undefined && { provider_message_id: outcome.providerMessageId }),
      ...(outcome.error !== undefined && { last_error: outcome.error }),
      ...(outcome.retryAt !== undefined && { send_after: outcome.retryAt }),
      ...(done && { sent_at: now }),
    })
    .where('franchise_id', '=', message.franchiseId)
    .where('id', '=', message.id)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the franchise's fence lock in shared mode for the rest of the
 * transaction (as every franchise write does, 0002_franchise_fence.sql) and
 * says whether the franchise is active here. A send made while holding it
 * finishes before a move's fence can rise, so a message is never sent by the
 * old shard after its row was copied as `sending` to the new one.
 */
export async function holdFranchiseActive(trx: Transaction<ShardDatabase>, franchiseId: string): Promise<boolean> {
  await sql`SELECT pg_advisory_xact_lock_shared(1112425805, hashtext(${franchiseId}::text))`.execute(trx);
  const { rows } = await sql<{ state: string }>`SELECT state FROM franchise_fence WHERE franchise_id = ${franchiseId}`.execute(trx);
  return rows.length === 0 || rows[0]?.state === 'active';
}

/** A Twilio status callback: delivered or failed, for the message the callback names. */
export async function recordDelivery(db: Db, franchiseId: string, id: string, status: 'delivered' | 'failed', providerMessageId: string, error: string | null, now: Date): Promise<OutboxKind | undefined> {
  const row = await db
    .updateTable('outbox')
    .set({ status: status === 'delivered' ? 'delivered' : 'dead', provider_message_id: providerMessageId, updated_at: now, ...(error !== null && { last_error: error }), sent_at: sql`coalesce(sent_at, ${now})` })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', id)
    .where('channel', '=', 'sms')
    .where('status', 'in', ['sending', 'sent', 'delivered', 'dead'])
    .returning('kind')
    .executeTakeFirst();
  return row?.kind;
}

export interface ShardBacklog {
  readonly pending: number;
  /** Seconds since the oldest due message became due; 0 when none is due. */
  readonly oldestDueSeconds: number;
  readonly dead: number;
}

export async function backlog(db: Db, now: Date): Promise<ShardBacklog> {
  const { rows } = await sql<{ pending: string; dead: string; oldest: Date | null }>`
    SELECT count(*) FILTER (WHERE status IN ('queued', 'sending', 'failed')) AS pending,
           count(*) FILTER (WHERE status = 'dead') AS dead,
           min(send_after) FILTER (WHERE status IN ('queued', 'sending', 'failed') AND send_after <= ${now}) AS oldest
    FROM outbox WHERE status IN ('queued', 'sending', 'failed', 'dead')`.execute(db);
  const row = rows[0];
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { pending: Number(row?.pending ?? 0), dead: Number(row?.dead ?? 0), oldestDueSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
}
