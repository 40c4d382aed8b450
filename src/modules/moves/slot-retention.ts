import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ShardHandle } from '../../db/shard-router.js';
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

export interface ShardSlots {
  readonly shardId: string;
  readonly slots: readonly ReplicationSlot[];
  readonly measuredAt: number;
}

/** What the monitor needs of the ShardRouter: the registered shards and a primary per shard. */
export interface SlotShardSource {
  shards(): Promise<readonly { readonly id: string; readonly region?: string }[]>;
  shard(shardId: string): Promise<ShardHandle>;
}

export interface SlotMonitorOptions {
  /** A new measurement is started at most this often. */
  readonly refreshMs: number;
  /** How long a scrape waits for a measurement it started before answering with the previous one. */
  readonly waitMs: number;
  /** A shard's measurement older than this is no longer reported (the shard stopped answering). */
  readonly keepMs: number;
}

const DEFAULTS: SlotMonitorOptions = { refreshMs: 10_000, waitMs: 1_000, keepMs: 120_000 };

/**
 * Slot measurements for /metrics. A scrape starts a measurement of every shard
 * when the last one is older than `refreshMs` and waits for it at most
 * `waitMs`: a slow or down shard costs a scrape that long, never more, and
 * keeps at most one query of its own in flight.
 */
export class SlotRetentionMonitor {
  private readonly measured = new Map<string, ShardSlots>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly failing = new Set<string>();
  private readonly options: SlotMonitorOptions;
  private shardIds: readonly string[] = [];
  private regions = new Map<string, string>();
  private lastRefreshAt = -Infinity;

  constructor(
    private readonly source: SlotShardSource,
    private readonly logger: Logger,
    options: Partial<SlotMonitorOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async current(): Promise<readonly ShardSlots[]> {
    if (Date.now() - this.lastRefreshAt >= this.options.refreshMs) {
      this.lastRefreshAt = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.waitMs)));
      await Promise.race([this.refresh(), waited]);
      clearTimeout(timer);
    }
    const oldest = Date.now() - this.options.keepMs;
    return this.shardIds.flatMap((id) => {
      const known = this.measured.get(id);
      return known && known.measuredAt >= oldest ? [known] : [];
    });
  }

  /**
   * Each shard's primary as the last measurement found it: it answered (up) or
   * failed (down). A shard not measured yet is left out rather than guessed.
   */
  reachability(): readonly { shardId: string; region: string; up: boolean }[] {
    return this.shardIds.flatMap((shardId) => {
      const up = !this.failing.has(shardId);
      return up && !this.measured.has(shardId) ? [] : [{ shardId, region: this.regions.get(shardId) ?? '', up }];
    });
  }

  private async refresh(): Promise<void> {
    try {
      const shards = await this.source.shards();
      this.shardIds = shards.map((shard) => shard.id);
      this.regions = new Map(shards.map((shard) => [shard.id, shard.region ?? '']));
    } catch (error) {
      // Catalog unreachable: keep measuring the shards known so far.
      this.logger.debug({ err: error }, 'slot monitor could not list shards');
    }
    for (const id of this.measured.keys()) if (!this.shardIds.includes(id)) this.measured.delete(id);
    await Promise.all(this.shardIds.map((id) => this.measureOnce(id)));
  }

  private measureOnce(shardId: string): Promise<void> {
    let running = this.inFlight.get(shardId);
    if (!running) {
      running = this.measure(shardId).finally(() => this.inFlight.delete(shardId));
      this.inFlight.set(shardId, running);
    }
    return running;
  }

  private async measure(shardId: string): Promise<void> {
    try {
      const slots = await slotRetention((await this.source.shard(shardId)).db);
      this.measured.set(shardId, { shardId, slots, measuredAt: Date.now() });
      if (this.failing.delete(shardId)) this.logger.info({ shard: shardId }, 'replication slots measurable again');
    } catch (error) {
      if (this.failing.has(shardId)) return;
      this.failing.add(shardId);
      this.logger.warn({ err: error, shard: shardId }, 'could not measure replication slots');
    }
  }
}
