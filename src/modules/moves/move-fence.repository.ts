import { LOCKS } from './move-locks.repository.js';
import type { ShardLink } from './shard-links.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FenceNotActiveError extends Error {}

/**
 * On the source: raise the fence. Taking the franchise's fence lock
 * exclusively waits for every write transaction of the franchise in flight
 * (each holds it shared from its first row to its commit) and makes new ones
 * queue; once this commits they read 'fenced' and fail with BBM01. The marker
 * is written in the same transaction, so it commits after every write that got
 * in. Returns the WAL position after that commit (the durable catch-up goal).
 */
export async function fenceSource(source: ShardLink, franchiseId: string, moveId: string, token: string, lockTimeoutMs: number): Promise<{ fenceLsn: string; epoch: string }> {
  const epoch = await source.transaction(async (client) => {
    // A flushed commit wakes the walsender at once; an asynchronous one (a
    // server with synchronous_commit off) waits for the WAL writer, up to
    // wal_writer_delay, and the whole pause waits with it.
    await client.query(`SET LOCAL lock_timeout = ${Math.round(lockTimeoutMs)}; SET LOCAL synchronous_commit = on`);
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCKS.fenceClass, franchiseId]);
    const { rows } = await client.query<{ epoch: string }>(
      `INSERT INTO franchise_fence (franchise_id, state, epoch, move_id, updated_at) VALUES ($1, 'fenced', 1, $2, now())
       ON CONFLICT (franchise_id) DO UPDATE SET state = 'fenced', epoch = franchise_fence.epoch + 1, move_id = EXCLUDED.move_id, moved_to = NULL, updated_at = now()
       WHERE franchise_fence.state = 'active'
       RETURNING epoch::text`,
      [franchiseId, moveId],
    );
    if (!rows[0]) throw new FenceNotActiveError(`franchise ${franchiseId} is not active on ${source.shardId}; the source is not authoritative`);
    await client.query('INSERT INTO move_markers (franchise_id, move_id, token) VALUES ($1, $2, $3)', [franchiseId, moveId, token]);
    return rows[0].epoch;
  });
  const [lsn] = await source.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return { fenceLsn: lsn?.lsn ?? '0/0', epoch };
}

/** A marker without a fence: measures the replication round trip before fencing. */
export async function writeMarker(source: ShardLink, franchiseId: string, moveId: string, token: string): Promise<void> {
  await source.transaction(async (client) => {
    await client.query('SET LOCAL synchronous_commit = on');
    await client.query('INSERT INTO move_markers (franchise_id, move_id, token) VALUES ($1, $2, $3)', [franchiseId, moveId, token]);
  });
}

/** Polls the target until the marker has been applied there. */
export async function waitForMarker(target: ShardLink, franchiseId: string, moveId: string, token: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await target.query('SELECT 1 FROM move_markers WHERE franchise_id = $1 AND move_id = $2 AND token = $3', [franchiseId, moveId, token]);
    if (rows.length > 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(3);
  }
}

/** Polls the source until the move's slot has confirmed flushing past `lsn` (durable on the target). */
export async function waitForConfirmedFlush(source: ShardLink, slotName: string, lsn: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await source.query<{ ok: boolean | null }>('SELECT confirmed_flush_lsn >= $2::pg_lsn AS ok FROM pg_replication_slots WHERE slot_name = $1', [slotName, lsn]);
    if (row?.ok) return true;
    if (!row) throw new Error(`replication slot ${slotName} disappeared during catch-up`);
    if (Date.now() >= deadline) return false;
    await sleep(3);
  }
}

/** On the target, before the copy: only replication may write the franchise here. */
export async function markImporting(target: ShardLink, franchiseId: string, moveId: string): Promise<void> {
  await target.query(
    `INSERT INTO franchise_fence (franchise_id, state, epoch, move_id, updated_at) VALUES ($1, 'importing', 0, $2, now())
     ON CONFLICT (franchise_id) DO UPDATE SET state = 'importing', move_id = EXCLUDED.move_id, moved_to = NULL, updated_at = now()`,
    [franchiseId, moveId],
  );
}

/** On the target after the flip: the franchise takes writes here. Idempotent. */
export async function liftTargetFence(target: ShardLink, franchiseId: string, moveId: string): Promise<void> {
  await target.query(
    `UPDATE franchise_fence SET state = 'active', epoch = epoch + 1, move_id = NULL, updated_at = now()
     WHERE franchise_id = $1 AND state = 'importing' AND move_id = $2`,
    [franchiseId, moveId],
  );
}

/** On the old source after the flip: stays refused for good, naming where the franchise went. Idempotent. */
export async function markSourceMoved(source: ShardLink, franchiseId: string, moveId: string, targetShard: string): Promise<void> {
  await source.query(
    `INSERT INTO franchise_fence (franchise_id, state, epoch, move_id, moved_to, updated_at) VALUES ($1, 'moved', 1, $2, $3, now())
     ON CONFLICT (franchise_id) DO UPDATE SET state = 'moved', moved_to = EXCLUDED.moved_to, move_id = EXCLUDED.move_id, updated_at = now()
     WHERE franchise_fence.move_id = EXCLUDED.move_id OR franchise_fence.state = 'active'`,
    [franchiseId, moveId, targetShard],
  );
}

/** Rollback on the source: lift a fence this move raised (the source stays authoritative). Idempotent. */
export async function liftSourceFence(source: ShardLink, franchiseId: string, moveId: string): Promise<void> {
  await source.query(
    `UPDATE franchise_fence SET state = 'active', epoch = epoch + 1, move_id = NULL, updated_at = now()
     WHERE franchise_id = $1 AND state = 'fenced' AND move_id = $2`,
    [franchiseId, moveId],
  );
}

/** The fence row of a franchise on a shard (undefined = active, no row). */
export async function fenceOf(link: ShardLink, franchiseId: string): Promise<{ state: string; moveId: string | null; movedTo: string | null } | undefined> {
  const [row] = await link.query<{ state: string; move_id: string | null; moved_to: string | null }>('SELECT state, move_id, moved_to FROM franchise_fence WHERE franchise_id = $1', [franchiseId]);
  return row && { state: row.state, moveId: row.move_id, movedTo: row.moved_to };
}

/** Deletes the franchise's move markers on a shard: all of them, or only those of one move. */
export async function clearMarkers(link: ShardLink, franchiseId: string, moveId?: string): Promise<void> {
  if (moveId === undefined) await link.query('DELETE FROM move_markers WHERE franchise_id = $1', [franchiseId]);
  else await link.query('DELETE FROM move_markers WHERE franchise_id = $1 AND move_id = $2', [franchiseId, moveId]);
}

/**
 * Rollback on the target, once this move's copy is deleted: the fence row says
 * 'moved' (back to the source), never nothing, because no row means "active"
 * and a stale node could write there (the target may be an old source).
 */
export async function retireImportedCopy(target: ShardLink, franchiseId: string, moveId: string, sourceShard: string): Promise<void> {
  await target.query("UPDATE franchise_fence SET state = 'moved', moved_to = $3, updated_at = now() WHERE franchise_id = $1 AND state = 'importing' AND move_id = $2", [franchiseId, moveId, sourceShard]);
}
