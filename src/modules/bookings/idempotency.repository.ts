import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface StoredAnswer {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly response: unknown;
}

export async function findAnswer(db: Db, franchiseId: string, key: string): Promise<StoredAnswer | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash as requestHash', 'status_code as statusCode', 'response'])
    .where('franchise_id', '=', franchiseId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * Takes the key as the transaction's first write. A concurrent request with the
 * same key waits here on the primary key until the first one commits or rolls
 * back; then it either finds the key taken (false) or takes it itself. The
 * placeholder answer never commits: `storeAnswer` replaces it in the same transaction.
 */
export async function claimKey(trx: Transaction<ShardDatabase>, franchiseId: string, key: string, hash: string): Promise<boolean> {
  const row = await trx
    .insertInto('idempotency_keys')
    .values({ franchise_id: franchiseId, key, request_hash: hash, status_code: 0, response: '{}' })
    .onConflict((oc) => oc.columns(['franchise_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

// status_code records the HTTP answer a replay gives: a stored answer is always a created booking (201).
const CREATED = 201;

export async function storeAnswer(trx: Transaction<ShardDatabase>, franchiseId: string, key: string, response: unknown): Promise<void> {
  // The row type forbids updating `response` (answers are write-once for callers); this is the one writer.
  await sql`UPDATE idempotency_keys SET status_code = ${CREATED}, response = ${JSON.stringify(response)}::jsonb
            WHERE franchise_id = ${franchiseId} AND key = ${key}`.execute(trx);
}
