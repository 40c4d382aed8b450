import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';

export interface ReplicationSlot {
  readonly name: string;
  readonly type: 'logical' | 'physical';
  /** The database a logical slot decodes; null for a physical slot. */
  readonly database: string | null;
  readonly active: boolean;
  /** WAL the server keeps for this slot (current LSN − restart_lsn); null without a restart_lsn (never reserved, or lost). */
  readonly retainedWalBytes: number | null;
  /** reserved | extended | unreserved | lost (PostgreSQL 13+); null on older servers. */
  readonly walStatus: string | null;
  /** A move's slot (mv_…) or a table-sync slot of a move's subscription (pg_<suboid>_sync_…). */
  readonly isMoveSlot: boolean;
  /** The move id of an mv_<32 hex> slot, dashes restored; null otherwise. */
  readonly moveId: string | null;
}

const MOVE_SLOT = /^mv_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;
const SYNC_SLOT = /^pg_\d+_sync_\d+_\d+$/;

export function isMoveSlotName(name: string): boolean {
  return name.startsWith('mv_') || SYNC_SLOT.test(name);
}

export function moveIdOfSlot(name: string): string | null {
  const parts = MOVE_SLOT.exec(name);
  return parts ? parts.slice(1).join('-') : null;
}

/**
 * Every replication slot of the server behind `db` (slots are per server, not
 * per database) and the WAL each one holds back. A standby has no current LSN,
 * so there the replayed position stands in. wal_status is read through to_jsonb
 * because the column only exists from PostgreSQL 13 on.
 */
export async function slotRetention(db: Kysely<ShardDatabase>): Promise<ReplicationSlot[]> {
  const { rows } = await sql<{ slot_name: string; slot_type: string; database: string | null; active: boolean; retained: string | null; wal_status: string | null }>`
    SELECT s.slot_name, s.slot_type, s.database, s.active,
           pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, s.restart_lsn)::text AS retained,
           to_jsonb(s) ->> 'wal_status' AS wal_status
      FROM pg_replication_slots s
     ORDER BY s.slot_name`.execute(db);
  return rows.map((row) => ({
    name: row.slot_name,
    type: row.slot_type === 'physical' ? 'physical' : 'logical',
    database: row.database,
    active: row.active,
    retainedWalBytes: row.retained === null ? null : Math.max(0, Number(row.retained)),
    walStatus: row.wal_status,
    isMoveSlot: isMoveSlotName(row.slot_name),
    moveId: moveIdOfSlot(row.slot_name),
  }));
}
