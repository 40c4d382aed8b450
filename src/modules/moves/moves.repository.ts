import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { MovePhase, MoveRecord, MoveStatus } from './move-types.js';

interface MoveRow {
  id: string;
  franchise_id: string;
  source_shard: string;
  target_shard: string;
  phase: MovePhase;
  status: MoveStatus;
  placement_version: string;
  replication_name: string;
  subscription_oid: string | null;
  fence_lsn: string | null;
  created_at: Date;
  flipped_at: Date | null;
  finished_at: Date | null;
  source_cleaned_at: Date | null;
  pause_ms: number | null;
  rows_copied: string | null;
  bytes_copied: string | null;
  leftover_rows_deleted: string;
  error: string | null;
}

const toRecord = (row: MoveRow): MoveRecord => ({
  id: row.id,
  franchiseId: row.franchise_id,
  sourceShard: row.source_shard,
  targetShard: row.target_shard,
  phase: row.phase,
  status: row.status,
  placementVersion: row.placement_version,
  replicationName: row.replication_name,
  subscriptionOid: row.subscription_oid,
  fenceLsn: row.fence_lsn,
  createdAt: row.created_at,
  flippedAt: row.flipped_at,
  finishedAt: row.finished_at,
  sourceCleanedAt: row.source_cleaned_at,
  pauseMs: row.pause_ms,
  rowsCopied: row.rows_copied,
  bytesCopied: row.bytes_copied,
  leftoverRowsDeleted: row.leftover_rows_deleted,
  error: row.error,
});

/** Timestamp column stamped when a phase completes. */
const PHASE_STAMP: Partial<Record<MovePhase, string>> = {
  prepared: 'prepared_at',
  synced: 'synced_at',
  fenced: 'fenced_at',
  caught_up: 'caught_up_at',
  verified: 'verified_at',
  flipped: 'flipped_at',
  unfenced: 'unfenced_at',
  cleaned: 'source_cleaned_at',
};

export interface MoveUpdate {
  readonly subscriptionOid?: string;
  readonly fenceLsn?: string;
  readonly markerToken?: string;
  readonly pauseMs?: number;
  readonly rowsCopied?: number;
  readonly bytesCopied?: number;
  readonly leftoverRowsDeleted?: number;
  readonly error?: string;
}

export interface ShardLoadRow {
  readonly id: string;
  readonly region: string;
  readonly weight: number;
  readonly state: string;
  readonly acceptsAnyRegion: boolean;
}

export interface FranchisePlacementRow {
  readonly id: string;
  readonly slug: string;
  readonly region: string;
  readonly shardId: string;
}

/**
 * The catalog as the move machinery sees it: `franchise_moves`, the durable
 * journal every phase is written to, and the placements and shards it reads.
 */
export class MovesRepository {
  constructor(private readonly catalog: Kysely<CatalogDatabase>) {}

  /** Where a franchise is, and the placement version a flip compares against. */
  async placementOf(franchiseId: string): Promise<{ shardId: string; placementVersion: string } | undefined> {
    const row = await this.catalog.selectFrom('franchises').select(['shard_id', 'placement_version']).where('id', '=', franchiseId).executeTakeFirst();
    return row && { shardId: row.shard_id, placementVersion: row.placement_version };
  }

  async franchiseIds(): Promise<string[]> {
    return (await this.catalog.selectFrom('franchises').select('id').orderBy('id').execute()).map((row) => row.id);
  }

  /** Franchises oldest first, with their region and shard: what a plan is made from. */
  async placements(): Promise<FranchisePlacementRow[]> {
    const rows = await this.catalog.selectFrom('franchises').select(['id', 'slug', 'region', 'shard_id']).orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, slug: row.slug, region: row.region, shardId: row.shard_id }));
  }

  async shards(): Promise<ShardLoadRow[]> {
    const rows = await this.catalog.selectFrom('shards').select(['id', 'region', 'weight', 'state', 'accepts_any_region']).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, region: row.region, weight: row.weight, state: row.state, acceptsAnyRegion: row.accepts_any_region }));
  }

  async shard(shardId: string): Promise<{ id: string; region: string; state: string; primaryUrl: string } | undefined> {
    const row = await this.catalog.selectFrom('shards').select(['id', 'region', 'state', 'primary_url']).where('id', '=', shardId).executeTakeFirst();
    return row && { id: row.id, region: row.region, state: row.state, primaryUrl: row.primary_url };
  }

  async insert(move: { id: string; franchiseId: string; source: string; target: string; placementVersion: string; replicationName: string }): Promise<void> {
    await sql`INSERT INTO franchise_moves (id, franchise_id, source_shard, target_shard, placement_version, replication_name)
              VALUES (${move.id}, ${move.franchiseId}, ${move.source}, ${move.target}, ${move.placementVersion}, ${move.replicationName})`.execute(this.catalog);
  }

  async get(id: string): Promise<MoveRecord | undefined> {
    const { rows } = await sql<MoveRow>`SELECT * FROM franchise_moves WHERE id = ${id}`.execute(this.catalog);
    return rows[0] && toRecord(rows[0]);
  }

  async list(options: { status?: MoveStatus; limit?: number } = {}): Promise<MoveRecord[]> {
    const { rows } = await sql<MoveRow>`SELECT * FROM franchise_moves
      WHERE (${options.status ?? null}::text IS NULL OR status = ${options.status ?? null})
      ORDER BY created_at DESC LIMIT ${options.limit ?? 100}`.execute(this.catalog);
    return rows.map(toRecord);
  }

  /** Completed moves whose source rows are still there (cleanup pending). */
  async awaitingSourceCleanup(): Promise<MoveRecord[]> {
    const { rows } = await sql<MoveRow>`SELECT * FROM franchise_moves WHERE status = 'completed' AND source_cleaned_at IS NULL ORDER BY flipped_at`.execute(this.catalog);
    return rows.map(toRecord);
  }

  /**
   * Records a finished phase, its timestamp and any figures learned on the way. `flush: false` commits without waiting for the
   * catalog's WAL flush (used inside the write pause): a crash may lose such a
   * record, leaving the journal one or more phases behind, which recovery
   * handles because every rollback step is idempotent; the flip is always
   * flushed and carries every record before it.
   */
  async advance(id: string, phase: MovePhase, update: MoveUpdate = {}, options: { flush?: boolean } = {}): Promise<void> {
    if (options.flush === false) {
      await this.catalog.transaction().execute(async (trx) => {
        await sql`SET LOCAL synchronous_commit = off`.execute(trx);
        await this.record(trx, id, phase, update);
      });
    } else {
      await this.record(this.catalog, id, phase, update);
    }
  }

  private async record(db: Kysely<CatalogDatabase>, id: string, phase: MovePhase, update: MoveUpdate): Promise<void> {
    const stamp = PHASE_STAMP[phase];
    await sql`UPDATE franchise_moves SET
        phase = ${phase},
        ${stamp ? sql`${sql.ref(stamp)} = now(),` : sql``}
        subscription_oid = coalesce(${update.subscriptionOid ?? null}::bigint, subscription_oid),
        fence_lsn = coalesce(${update.fenceLsn ?? null}, fence_lsn),
        marker_token = coalesce(${update.markerToken ?? null}::uuid, marker_token),
        pause_ms = coalesce(${update.pauseMs ?? null}::integer, pause_ms),
        rows_copied = coalesce(${update.rowsCopied ?? null}::bigint, rows_copied),
        bytes_copied = coalesce(${update.bytesCopied ?? null}::bigint, bytes_copied),
        leftover_rows_deleted = leftover_rows_deleted + ${update.leftoverRowsDeleted ?? 0}
      WHERE id = ${id}`.execute(db);
  }

  async finish(id: string, status: Exclude<MoveStatus, 'running'>, error?: string): Promise<void> {
    await sql`UPDATE franchise_moves SET status = ${status}, finished_at = now(), error = coalesce(${error ?? null}, error) WHERE id = ${id}`.execute(this.catalog);
  }

  /**
   * A rollback's claim on a move that has not flipped (idempotent: a rollback
   * resumed after a crash claims again). False when the move flipped or
   * finished meanwhile: then nothing may be rolled back.
   */
  async claimRollback(id: string): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`UPDATE franchise_moves SET rollback_started_at = coalesce(rollback_started_at, now())
      WHERE id = ${id} AND status = 'running' AND phase NOT IN ('flipped', 'unfenced', 'cleaned') RETURNING id`.execute(this.catalog);
    return rows.length === 1;
  }

  async noteError(id: string, error: string): Promise<void> {
    await sql`UPDATE franchise_moves SET error = ${error} WHERE id = ${id}`.execute(this.catalog);
  }

  /**
   * The point of no return: the placement moves to the target only if it is
   * still where (and at the version) the move found it, and the journal says
   * so in the same transaction. False when someone else changed the placement.
   */
  async flip(move: MoveRecord): Promise<boolean> {
    return this.catalog.transaction().execute(async (trx) => {
      // Whatever the server's default: a flip that a crash could lose would send writes back to a stale source.
      await sql`SET LOCAL synchronous_commit = on`.execute(trx);
      const { rows } = await sql<{ ok: boolean }>`SELECT status = 'running' AND rollback_started_at IS NULL AS ok FROM franchise_moves WHERE id = ${move.id} FOR UPDATE`.execute(trx);
      if (rows[0]?.ok !== true) return false;
      const result = await sql`UPDATE franchises SET shard_id = ${move.targetShard}, placement_version = placement_version + 1
        WHERE id = ${move.franchiseId} AND shard_id = ${move.sourceShard} AND placement_version = ${move.placementVersion}`.execute(trx);
      if (Number(result.numAffectedRows ?? 0) !== 1) return false;
      await sql`UPDATE franchise_moves SET phase = 'flipped', flipped_at = now() WHERE id = ${move.id}`.execute(trx);
      return true;
    });
  }

  /**
   * Compare-and-swap of a franchise's placement outside a move (adopting a
   * restored copy): true when it was on `from` at `version` and now names `to`.
   */
  async repoint(franchiseId: string, from: string, to: string, version: string): Promise<boolean> {
    return this.catalog.transaction().execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = on`.execute(trx);
      const result = await sql`UPDATE franchises SET shard_id = ${to}, placement_version = placement_version + 1
        WHERE id = ${franchiseId} AND shard_id = ${from} AND placement_version = ${version}`.execute(trx);
      return Number(result.numAffectedRows ?? 0) === 1;
    });
  }

  /** The other franchises placed on a shard (a restored copy of it holds their rows too). */
  async franchisesOn(shardId: string, except: string): Promise<string[]> {
    return (await this.catalog.selectFrom('franchises').select('id').where('shard_id', '=', shardId).where('id', '!=', except).execute()).map((row) => row.id);
  }
}
