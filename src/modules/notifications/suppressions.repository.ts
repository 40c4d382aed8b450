import type { Kysely, Transaction } from 'kysely';
import type { OutboxChannel, ShardDatabase, SuppressionReason } from '../../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface Suppression {
  readonly franchiseId: string;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  readonly reason: SuppressionReason;
}

/** Records a suppression; a second one for the same recipient changes nothing (unsubscribing twice is idempotent). */
export async function addSuppression(db: Db, suppression: Suppression, now: Date): Promise<boolean> {
  const rows = await db
    .insertInto('message_suppressions')
    .values({ franchise_id: suppression.franchiseId, channel: suppression.channel, recipient: suppression.recipient, reason: suppression.reason, created_at: now })
    .onConflict((oc) => oc.columns(['franchise_id', 'channel', 'recipient']).doNothing())
    .returning('recipient')
    .execute();
  return rows.length > 0;
}

/** START: texts to this number may go again. */
export async function removeSuppression(db: Db, franchiseId: string, channel: OutboxChannel, recipient: string): Promise<boolean> {
  const result = await db
    .deleteFrom('message_suppressions')
    .where('franchise_id', '=', franchiseId)
    .where('channel', '=', channel)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findSuppression(db: Db, franchiseId: string, channel: OutboxChannel, recipient: string): Promise<Suppression | undefined> {
  const row = await db
    .selectFrom('message_suppressions')
    .selectAll()
    .where('franchise_id', '=', franchiseId)
    .where('channel', '=', channel)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
  return row ? { franchiseId: row.franchise_id, channel: row.channel, recipient: row.recipient, reason: row.reason } : undefined;
}

/** Franchises that have texted this number before: an inbound STOP names only the number pair, not the franchise. */
export async function franchisesTexting(db: Db, recipient: string): Promise<string[]> {
  const rows = await db.selectFrom('outbox').select('franchise_id').distinct().where('channel', '=', 'sms').where('recipient', '=', recipient).execute();
  return rows.map((row) => row.franchise_id);
}
