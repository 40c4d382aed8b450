import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { OutboxChannel, OutboxKind, OutboxStatus, ShardDatabase } from '../../db/shard-schema.js';
import { toOutboxMessage } from './outbox.repository.js';
import type { OutboxMessage } from './outbox.repository.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface MessageSearch {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly status: OutboxStatus | null;
  readonly kind: OutboxKind | null;
  readonly channel: OutboxChannel | null;
  /** Created in [from, to). */
  readonly from: Date | null;
  readonly to: Date | null;
  readonly limit: number;
}

/** The staff Messages page: dead and failed first (they need a person), then newest first. */
export async function searchLocationMessages(db: Db, search: MessageSearch): Promise<OutboxMessage[]> {
  let query = db.selectFrom('outbox').selectAll().where('franchise_id', '=', search.franchiseId).where('location_id', '=', search.locationId);
  if (search.status) query = query.where('status', '=', search.status);
  if (search.kind) query = query.where('kind', '=', search.kind);
  if (search.channel) query = query.where('channel', '=', search.channel);
  if (search.from) query = query.where('created_at', '>=', search.from);
  if (search.to) query = query.where('created_at', '<', search.to);
  const rows = await query
    .orderBy(sql`CASE status WHEN 'dead' THEN 0 WHEN 'failed' THEN 1 ELSE 2 END`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(search.limit)
    .execute();
  return rows.map(toOutboxMessage);
}
