import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export interface ReplicaState {
  /** Seconds the replica's applied data trails its primary; Infinity when unusable. */
  readonly lagSeconds: number;
  readonly usable: boolean;
  readonly reason?: string;
  readonly measuredAt: number;
}

/**
 * How far a streaming replica trails. When everything received is replayed it
 * is current (0), however long ago the last write was; otherwise the age of the
 * last replayed transaction. Paused replay or a promoted server is unusable.
 */
export async function measureReplica(db: Kysely<unknown>, now = Date.now()): Promise<ReplicaState> {
  const { rows } = await sql<{ standby: boolean; paused: boolean | null; lag: string | null }>`
    SELECT pg_is_in_recovery() AS standby,
           CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS paused,
           CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END AS lag`.execute(db);
  const row = rows[0];
  if (!row?.standby) return { lagSeconds: Infinity, usable: false, reason: 'not a standby', measuredAt: now };
  if (row.paused) return { lagSeconds: Infinity, usable: false, reason: 'replay paused', measuredAt: now };
  const lag = row.lag === null ? Infinity : Number(row.lag);
  return { lagSeconds: lag, usable: Number.isFinite(lag), measuredAt: now };
}
