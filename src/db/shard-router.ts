import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CatalogDatabase, ShardState } from './catalog-schema.js';
import type { ShardDatabase } from './shard-schema.js';
import { createKysely, createPool } from './pools.js';
import { isFranchiseNotHere } from './db-errors.js';
import { latestMigrationName } from './migrator.js';
import { measureReplica } from './replica-lag.js';
import type { ReplicaState } from './replica-lag.js';
import { DomainError, notFound } from '../errors/domain-error.js';

const isNotFound = (error: unknown): boolean => error instanceof DomainError && error.code === 'NotFound';

export interface Placement {
  readonly franchiseId: string;
  readonly shardId: string;
  readonly region: string;
  readonly version: string;
}

/** A franchise's shard, as the services see it: its id and a query builder on one of its servers. */
export interface ShardHandle {
  readonly shardId: string;
  readonly db: Kysely<ShardDatabase>;
  /** True when `db` is a streaming replica (read only, possibly a little behind). */
  readonly isReplica: boolean;
}

export interface ShardInfo {
  readonly id: string;
  readonly region: string;
  readonly state: ShardState;
  readonly primaryUrl: string;
  readonly replicaUrls: readonly string[];
}

export interface RouterOptions {
  readonly poolMax: number;
  readonly statementTimeoutMs: number;
  /** A replica further behind than this is skipped for reads. */
  readonly replicaMaxLagMs: number;
  /** How long a write refused by a move's fence keeps retrying before it answers 503. */
  readonly moveRetryBudgetMs: number;
  /** Told of every failed connection checkout, by pool name (e.g. "shard-1", "shard-1:replica"). */
  readonly onConnectError?: (poolName: string) => void;
}

interface Connection {
  readonly pool: pg.Pool;
  readonly db: Kysely<ShardDatabase>;
}

interface SchemaCheck {
  readonly applied: string | null;
  readonly checkedAt: number;
}

const SCHEMA_RECHECK_MS = 30_000;
const REPLICA_RECHECK_MS = 500;

/**
 * Maps franchise → shard from an in-process copy of the catalog's placement
 * (DESIGN.md section 4). One pool per server (shard primary or replica),
 * created on first use and bounded. Every query on franchise data goes through
 * here, in every mode.
 */
export class ShardRouter {
  private readonly placements = new Map<string, Placement>();
  private readonly connections = new Map<string, Connection>();
  private readonly schemaChecks = new Map<string, SchemaCheck>();
  private readonly replicaStates = new Map<string, ReplicaState>();
  private shardInfo = new Map<string, ShardInfo>();
  /** Bumped by every forget: a catalog answer that raced a forget is used once, never cached. */
  private forgets = 0;
  private readonly expectedSchema = latestMigrationName('shard');

  constructor(
    private readonly catalog: Kysely<CatalogDatabase>,
    private readonly options: RouterOptions,
    private readonly logger: Logger,
  ) {}

  /**
   * The primary of the franchise's shard, for reads (writes use withPrimary).
   * A shard the franchise has left ("moved" fence: this node missed the flip)
   * is not used: the placement is looked up again. Throws NotFound for an
   * unknown franchise.
   */
  async primaryFor(franchiseId: string): Promise<ShardHandle> {
    for (let attempt = 0; ; attempt++) {
      const shard = await this.shard((await this.placementOf(franchiseId)).shardId);
      if (!(await this.movedAway(shard, franchiseId))) return shard;
      this.staleRead(franchiseId, shard.shardId, attempt);
    }
  }

  /** A read found the franchise gone from the cached shard: drop the placement, and give up after a few rounds. */
  private staleRead(franchiseId: string, shardId: string, attempt: number): void {
    this.forget(franchiseId);
    this.logger.info({ franchiseId, shardId }, 'read found the franchise moved away; placement looked up again');
    if (attempt >= 3) throw new DomainError('FranchiseMoving', 'This shop is being moved to another server; please retry in a moment.', { retryAfterSeconds: 1 });
  }

  /**
   * For public reads (the location page, availability): a replica of the
   * franchise's shard that keeps up, else the primary. "Keeps up" is checked
   * twice: the replica's measured lag is within `replicaMaxLagMs`, and it has
   * replayed the primary's WAL position as of now. The second check makes the
   * read as fresh as a primary read for anything committed before it — above
   * all a write whose cache invalidation the caller has just seen, so a cache
   * miss never stores an old answer under a new generation token.
   */
  async readerFor(franchiseId: string, options: { readYourWrites?: boolean } = {}): Promise<ShardHandle> {
    for (let attempt = 0; ; attempt++) {
      const { reader, shardId } = await this.readerOnPlacement(franchiseId, options);
      if (reader) return reader;
      this.staleRead(franchiseId, shardId, attempt);
    }
  }

  /**
   * readerFor on the cached placement; undefined when the primary's fence says
   * the franchise has moved away (checked in the same statement that reads
   * the WAL position, so replicas add no round trip for it).
   */
  private async readerOnPlacement(franchiseId: string, options: { readYourWrites?: boolean }): Promise<{ reader?: ShardHandle; shardId: string }> {
    const { shardId } = await this.placementOf(franchiseId);
    const pick = await this.pickReader(franchiseId, shardId, options);
    return pick ? { reader: pick, shardId } : { shardId };
  }

  private async pickReader(franchiseId: string, shardId: string, options: { readYourWrites?: boolean }): Promise<ShardHandle | undefined> {
    const primary = await this.shard(shardId);
    if (options.readYourWrites) return (await this.movedAway(primary, franchiseId)) ? undefined : primary;
    const info = await this.shardInfoOf(shardId);
    const candidates: string[] = [];
    for (const url of info.replicaUrls) {
      const state = await this.replicaState(url, `${info.id}:replica`);
      if (state.usable && state.lagSeconds * 1000 <= this.options.replicaMaxLagMs) candidates.push(url);
    }
    if (candidates.length === 0) return (await this.movedAway(primary, franchiseId)) ? undefined : primary;
    const { rows } = await sql<{ lsn: string; fence: string | null }>`
      SELECT pg_current_wal_lsn()::text AS lsn, (SELECT state FROM franchise_fence WHERE franchise_id = ${franchiseId}) AS fence`.execute(primary.db);
    if (rows[0]?.fence === 'moved') return undefined;
    const lsn = rows[0]?.lsn;
    for (const url of candidates) {
      const replica = this.connect(url, `${info.id}:replica`).db;
      try {
        const caughtUp = await sql<{ ok: boolean | null }>`SELECT pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS ok`.execute(replica);
        if (caughtUp.rows[0]?.ok === true) return { shardId: info.id, db: replica, isReplica: true };
      } catch {
        // An unreachable replica is skipped; the next measurement marks it unusable.
      }
    }
    return primary;
  }

  /**
   * Runs `work` on the franchise's primary. When the shard answers that the
   * franchise is not (or no longer) there — it is fenced for a move, or has
   * moved — the cached placement is dropped and `work` runs again against the
   * fresh placement, with short pauses, for up to `moveRetryBudgetMs`: a client
   * sees a brief delay during a move's write pause, not an error.
   */
  async withPrimary<T>(franchiseId: string, work: (shard: ShardHandle) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.options.moveRetryBudgetMs;
    for (let attempt = 0; ; attempt++) {
      // Writes learn of a move from the fence trigger; no separate fence read.
      const shard = await this.shard((await this.placementOf(franchiseId)).shardId);
      try {
        return await work(shard);
      } catch (error) {
        if (!isFranchiseNotHere(error) && !(isNotFound(error) && (await this.movedAway(shard, franchiseId)))) throw error;
        this.forget(franchiseId);
        if (Date.now() >= deadline) {
          throw new DomainError('FranchiseMoving', 'This shop is being moved to another server; please retry in a moment.', { retryAfterSeconds: 1, cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * 2 ** attempt)));
      }
    }
  }

  /**
   * A row "not found" on a shard the franchise has left (a placement read just
   * before a flip, used after the old copy was deleted) is not an answer: the
   * fence row left there says so, and withPrimary asks the new shard.
   */
  private async movedAway(shard: ShardHandle, franchiseId: string): Promise<boolean> {
    const { rows } = await sql<{ state: string }>`SELECT state FROM franchise_fence WHERE franchise_id = ${franchiseId}`.execute(shard.db);
    return rows[0]?.state === 'moved';
  }

  async placementOf(franchiseId: string): Promise<Placement> {
    const cached = this.placements.get(franchiseId);
    if (cached) return cached;
    const forgetsBefore = this.forgets;
    const row = await this.catalog
      .selectFrom('franchises')
      .select(['id', 'shard_id', 'region', 'placement_version'])
      .where('id', '=', franchiseId)
      .executeTakeFirst();
    if (!row) throw notFound('franchise');
    const placement: Placement = { franchiseId: row.id, shardId: row.shard_id, region: row.region, version: row.placement_version };
    // A forget while the catalog answered may announce the very change this answer predates.
    if (this.forgets === forgetsBefore) this.placements.set(franchiseId, placement);
    return placement;
  }

  /** The placements held in memory now (the placement poller compares them with the catalog). */
  cachedPlacements(): readonly Placement[] {
    return [...this.placements.values()];
  }

  /** Drops the cached placement; the next request reads the catalog again. */
  forget(franchiseId: string): void {
    this.forgets++;
    this.placements.delete(franchiseId);
  }

  /** Drops every cached placement and shard record (after missing change notifications). */
  forgetAll(): void {
    this.forgets++;
    this.placements.clear();
    this.shardInfo = new Map();
  }

  /** The shard's primary, refused (503) while its schema is behind this build's migrations. */
  async shard(shardId: string): Promise<ShardHandle> {
    const info = await this.shardInfoOf(shardId);
    const connection = this.connect(info.primaryUrl, shardId);
    await this.assertSchemaCurrent(shardId, connection.db);
    return { shardId, db: connection.db, isReplica: false };
  }

  async shards(): Promise<readonly ShardInfo[]> {
    await this.refreshShards();
    return [...this.shardInfo.values()];
  }

  /** Each shard's applied migration against the one this build expects (for /ready and the CLI). */
  async schemaStatus(shardId: string): Promise<{ expected: string; applied: string | null }> {
    const info = await this.shardInfoOf(shardId);
    const applied = await this.readAppliedSchema(this.connect(info.primaryUrl, shardId).db);
    this.schemaChecks.set(shardId, { applied, checkedAt: Date.now() });
    return { expected: this.expectedSchema, applied };
  }

  /** Pool figures per server for /metrics. */
  poolStats(): readonly { pool: string; total: number; idle: number; waiting: number }[] {
    return [...this.connections.values()].map(({ pool }) => ({
      pool: (pool.options as { application_name?: string }).application_name?.replace('bookedbarber:', '') ?? 'unknown',
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }));
  }

  /** Last measured lag per replica (seconds; Infinity when unusable). */
  replicaLags(): readonly { shardId: string; url: string; lagSeconds: number }[] {
    const lags: { shardId: string; url: string; lagSeconds: number }[] = [];
    for (const info of this.shardInfo.values()) {
      for (const url of info.replicaUrls) {
        const state = this.replicaStates.get(url);
        if (state) lags.push({ shardId: info.id, url, lagSeconds: state.lagSeconds });
      }
    }
    return lags;
  }

  async close(): Promise<void> {
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(connections.map(({ db }) => db.destroy()));
  }

  private connect(url: string, name: string): Connection {
    const existing = this.connections.get(url);
    if (existing) return existing;
    const pool = createPool(
      { connectionString: url, max: this.options.poolMax, statementTimeoutMs: this.options.statementTimeoutMs, applicationName: `bookedbarber:${name}` },
      this.logger,
    );
    const onError = this.options.onConnectError;
    const connection: Connection = { pool, db: createKysely<ShardDatabase>(pool, onError && (() => onError(name))) };
    this.connections.set(url, connection);
    return connection;
  }

  private async assertSchemaCurrent(shardId: string, db: Kysely<ShardDatabase>): Promise<void> {
    let check = this.schemaChecks.get(shardId);
    if (!check || Date.now() - check.checkedAt > SCHEMA_RECHECK_MS) {
      check = { applied: await this.readAppliedSchema(db), checkedAt: Date.now() };
      this.schemaChecks.set(shardId, check);
    }
    // Names sort in order (0001_…, 0002_…); a shard ahead of this build is fine during a rolling deploy.
    if (check.applied === null || check.applied < this.expectedSchema) {
      throw new DomainError('ShardUnavailable', `Shard ${shardId} is at schema ${check.applied ?? 'none'}, this node needs ${this.expectedSchema}; run "bookedbarber migrate".`, {
        retryAfterSeconds: 30,
      });
    }
  }

  private async readAppliedSchema(db: Kysely<ShardDatabase>): Promise<string | null> {
    const { rows } = await sql<{ name: string | null }>`SELECT max(name) AS name FROM schema_migrations`.execute(db).catch((error: unknown) => {
      // A database that was never migrated has no schema_migrations table.
      if ((error as { code?: string }).code === '42P01') return { rows: [{ name: null }] };
      throw error;
    });
    return rows[0]?.name ?? null;
  }

  private async replicaState(url: string, name: string): Promise<ReplicaState> {
    const known = this.replicaStates.get(url);
    if (known && Date.now() - known.measuredAt < REPLICA_RECHECK_MS) return known;
    let state: ReplicaState;
    try {
      state = await measureReplica(this.connect(url, name).db as Kysely<unknown>);
    } catch (error) {
      state = { lagSeconds: Infinity, usable: false, reason: error instanceof Error ? error.message : String(error), measuredAt: Date.now() };
    }
    if (known?.usable !== state.usable) this.logger.info({ replica: redact(url), usable: state.usable, reason: state.reason }, 'replica state changed');
    this.replicaStates.set(url, state);
    return state;
  }

  private async shardInfoOf(shardId: string): Promise<ShardInfo> {
    const known = this.shardInfo.get(shardId);
    if (known) return known;
    await this.refreshShards();
    const info = this.shardInfo.get(shardId);
    if (!info) throw new DomainError('ShardUnavailable', `shard ${shardId} is not registered`, { retryAfterSeconds: 5 });
    return info;
  }

  private async refreshShards(): Promise<void> {
    const rows = await this.catalog.selectFrom('shards').select(['id', 'region', 'state', 'primary_url', 'replica_urls']).execute();
    this.shardInfo = new Map(
      rows.map((row) => [row.id, { id: row.id, region: row.region, state: row.state, primaryUrl: row.primary_url, replicaUrls: row.replica_urls }]),
    );
  }
}

/** A connection string without its password, for logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'invalid url';
  }
}
