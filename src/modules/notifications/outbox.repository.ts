import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { OutboxChannel, OutboxKind, OutboxStatus, OutboxTable, ShardDatabase } from '../../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

/** One outbox message as the staff API, the dispatcher and the tests read it. */
export interface OutboxMessage {
  readonly franchiseId: string;
  readonly id: string;
  readonly locationId: string;
  readonly appointmentId: string | null;
  readonly appointmentStartsAt: Date | null;
  readonly kind: OutboxKind;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  readonly dedupeKey: string;
  readonly sendAfter: Date;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: Date | null;
  readonly lastError: string | null;
  readonly providerMessageId: string | null;
  readonly subject: string | null;
  readonly bodyText: string | null;
  readonly bodyHtml: string | null;
  readonly sentAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewOutboxMessage {
  readonly franchiseId: string;
  readonly id: string;
  readonly locationId: string;
  readonly appointmentId: string | null;
  readonly appointmentStartsAt: Date | null;
  readonly kind: OutboxKind;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  readonly dedupeKey: string;
  readonly sendAfter: Date;
}

/** Statuses still waiting for a send (a failed message waits for its next attempt). */
export const PENDING_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'failed'];
/** Statuses a retry may reset to queued. */
export const RETRYABLE_STATUSES: readonly OutboxStatus[] = ['dead', 'failed'];

export function toOutboxMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    franchiseId: row.franchise_id,
    id: row.id,
    locationId: row.location_id,
    appointmentId: row.appointment_id,
    appointmentStartsAt: row.appointment_starts_at,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    dedupeKey: row.dedupe_key,
    sendAfter: row.send_after,
    status: row.status,
    attempts: row.attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    subject: row.subject,
    bodyText: row.body_text,
    bodyHtml: row.body_html,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function insertRow(m: NewOutboxMessage, now: Date): Insertable<OutboxTable> {
  return {
    franchise_id: m.franchiseId,
    id: m.id,
    location_id: m.locationId,
    appointment_id: m.appointmentId,
    appointment_starts_at: m.appointmentStartsAt,
    kind: m.kind,
    channel: m.channel,
    recipient: m.recipient,
    dedupe_key: m.dedupeKey,
    send_after: m.sendAfter,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Queues messages inside the caller's transaction. A dedupe key seen before
 * inserts nothing, so a retried request never queues twice. Returns the ids inserted.
 */
export async function enqueueMessages(db: Db, messages: readonly NewOutboxMessage[], now: Date): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .insertInto('outbox')
    .values(messages.map((m) => insertRow(m, now)))
    // A reminder retired by a reschedule comes back when the booking returns to that time;
    // anything else already queued or sent stays as it is.
    .onConflict((oc) =>
      oc
        .columns(['franchise_id', 'dedupe_key'])
        .doUpdateSet({ status: 'queued', send_after: (eb) => eb.ref('excluded.send_after'), last_error: null, updated_at: now })
        .where('outbox.status', '=', 'skipped')
        .where('outbox.kind', '=', 'reminder'),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Every message about one booking, oldest first (the appointment dialog). */
export async function listByAppointment(db: Db, franchiseId: string, appointmentId: string): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('franchise_id', '=', franchiseId)
    .where('appointment_id', '=', appointmentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toOutboxMessage);
}

export interface LocationMessagesFilter {
  readonly franchiseId: string;
  readonly locationId: string;
  /** Empty or absent: every status. */
  readonly statuses?: readonly OutboxStatus[];
  readonly limit: number;
}

/** A location's messages: dead and failed first (they need a person), then newest first. */
export async function listByLocation(db: Db, filter: LocationMessagesFilter): Promise<OutboxMessage[]> {
  let query = db.selectFrom('outbox').selectAll().where('franchise_id', '=', filter.franchiseId).where('location_id', '=', filter.locationId);
  if (filter.statuses && filter.statuses.length > 0) query = query.where('status', 'in', [...filter.statuses]);
  const rows = await query
    .orderBy(sql`CASE status WHEN 'dead' THEN 0 WHEN 'failed' THEN 1 ELSE 2 END`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toOutboxMessage);
}

export async function findMessage(db: Db, franchiseId: string, id: string): Promise<OutboxMessage | undefined> {
  const row = await db.selectFrom('outbox').selectAll().where('franchise_id', '=', franchiseId).where('id', '=', id).executeTakeFirst();
  return row ? toOutboxMessage(row) : undefined;
}

/**
 * Staff retry: a dead or failed message goes back to queued, due now, with a fresh
 * attempt budget. Returns the message after the reset, or undefined when it is
 * not (or no longer) dead or failed.
 */
export async function retryMessage(db: Db, franchiseId: string, id: string, now: Date): Promise<OutboxMessage | undefined> {
  const row = await db
    .updateTable('outbox')
    .set({ status: 'queued', attempts: 0, send_after: now, lease_owner: null, lease_expires_at: null, updated_at: now })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', id)
    .where('status', 'in', [...RETRYABLE_STATUSES])
    .returningAll()
    .executeTakeFirst();
  return row ? toOutboxMessage(row) : undefined;
}

/**
 * Retires a booking's reminders not yet sent (a cancellation, or a reschedule
 * that queues new ones). A reminder already in a worker's hands is left alone:
 * the worker re-reads the booking before sending and skips it.
 */
export async function retirePendingReminders(db: Db, franchiseId: string, appointmentId: string, reason: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'skipped', last_error: reason, updated_at: now })
    .where('franchise_id', '=', franchiseId)
    .where('appointment_id', '=', appointmentId)
    .where('kind', '=', 'reminder')
    .where('status', 'in', ['queued', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
