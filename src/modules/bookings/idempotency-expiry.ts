import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { ShardRouter } from '../../db/shard-router.js';
import { isFranchiseNotHere } from '../../db/db-errors.js';
import type { Metrics } from '../../observability/metrics.js';

/** (class, id) of the per-shard advisory lock: one sweeping node per shard at a time. */
export const EXPIRY_LOCK = [1112425808, 1] as const;

export interface ExpiryOptions {
  readonly ttlHours: number;
  /** Rows per DELETE: small, so each transaction holds its row locks briefly. */
  readonly batchSize?: number;
  /** Pause between batches, so booking traffic keeps the shard. */
  readonly pauseMs?: number;
}

/**
 * Deletes idempotency keys older than the TTL on every shard, in small batches
 * with a pause between them. Each batch takes the shard's sweep lock for its
 * transaction only; a shard another node is sweeping is skipped this round.
 * Keys of a franchise that is mid-move (any fence but active) are left for
 * later: both copies must stay equal until the move ends.
 */
export async function expireIdempotencyKeys(router: ShardRouter, metrics: Metrics, logger: Logger, options: ExpiryOptions): Promise<Record<string, number>> {
  const batchSize = options.batchSize ?? 500;
  const pauseMs = options.pauseMs ?? 100;
  const removed: Record<string, number> = {};
  for (const info of await router.shards()) {
    removed[info.id] = 0;
    try {
      const { db } = await router.shard(info.id);
      for (;;) {
        const deleted = await db.transaction().execute(async (trx) => {
          const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${EXPIRY_LOCK[0]}, ${EXPIRY_LOCK[1]}) AS ok`.execute(trx);
          if (lock.rows[0]?.ok !== true) return -1;
          const result = await sql`
            DELETE FROM idempotency_keys WHERE ctid IN (
              SELECT k.ctid FROM idempotency_keys k
              WHERE k.created_at < now() - make_interval(hours => ${options.ttlHours})
                AND NOT EXISTS (SELECT 1 FROM franchise_fence f WHERE f.franchise_id = k.franchise_id AND f.state <> 'active')
              ORDER BY k.created_at
              LIMIT ${batchSize}
              FOR UPDATE SKIP LOCKED)`.execute(trx);
          return Number(result.numAffectedRows ?? 0n);
        });
        if (deleted <= 0) break;
        removed[info.id] = (removed[info.id] ?? 0) + deleted;
        metrics.idempotencyKeysExpired.inc({ shard: info.id }, deleted);
        if (deleted < batchSize) break;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    } catch (error) {
      // A fence raised mid-batch rolls that batch back; the next round tries again.
      if (!isFranchiseNotHere(error)) logger.warn({ err: error, shard: info.id }, 'could not expire idempotency keys on this shard');
    }
  }
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  if (total > 0) logger.info({ removed }, 'expired idempotency keys');
  return removed;
}
