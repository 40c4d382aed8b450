import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CatalogDatabase, ShardState } from './catalog-schema.js';
import type { ShardDatabase } from './shard-schema.js';
import { createKysely, createPool } from './pools.js';
import { DomainError, notFound } from '../errors/domain-error.js';

export interface Placement {
  readonly franchiseId: string;
  readonly shardId: string;
  readonly region: string;
  readonly version: string;
}

/** A franchise's shard, as the services see it: its id and a query builder on its primary. */
export interface ShardHandle {
  readonly shardId: string;
  readonly db: Kysely<ShardDatabase>;
}

export interface ShardInfo {
  readonly id: string;
  readonly region: string;
  readonly state: ShardState;
  readonly primaryUrl: string;
}

export interface RouterOptions {
  readonly poolMax: number;
  readonly statementTimeoutMs: number;
}

interface ShardConnection {
  readonly pool: pg.Pool;
  readonly db: Kysely<ShardDatabase>;
}

/**
 * Maps franchise → shard from an in-process copy of the catalog's placement
 * (DESIGN.md section 4). Pools are created lazily, one per shard, and bounded.
 * Every query on franchise data goes through here, in every mode.
 */
export class ShardRouter {
  private readonly placements = new Map<string, Placement>();
  private readonly connections = new Map<string, ShardConnection>();
  private shardInfo = new Map<string, ShardInfo>();

  constructor(
    private readonly catalog: Kysely<CatalogDatabase>,
    private readonly options: RouterOptions,
    private readonly logger: Logger,
  ) {}

  /** The primary of the franchise's shard. Throws NotFound for an unknown franchise. */
  async primaryFor(franchiseId: string): Promise<ShardHandle> {
    const placement = await this.placementOf(franchiseId);
    return this.shard(placement.shardId);
  }

  async placementOf(franchiseId: string): Promise<Placement> {
    const cached = this.placements.get(franchiseId);
    if (cached) return cached;
    const row = await this.catalog
      .selectFrom('franchises')
      .select(['id', 'shard_id', 'region', 'placement_version'])
      .where('id', '=', franchiseId)
      .executeTakeFirst();
    if (!row) throw notFound('franchise');
    const placement: Placement = { franchiseId: row.id, shardId: row.shard_id, region: row.region, version: row.placement_version };
    this.placements.set(franchiseId, placement);
    return placement;
  }

  /** Drops the cached placement; the next request reads the catalog again. */
  forget(franchiseId: string): void {
    this.placements.delete(franchiseId);
  }

  async shard(shardId: string): Promise<ShardHandle> {
    const existing = this.connections.get(shardId);
    if (existing) return { shardId, db: existing.db };
    const info = await this.shardInfoOf(shardId);
    // Another request may have created it while we read the catalog.
    const raced = this.connections.get(shardId);
    if (raced) return { shardId, db: raced.db };
    const pool = createPool(
      { connectionString: info.primaryUrl, max: this.options.poolMax, statementTimeoutMs: this.options.statementTimeoutMs, applicationName: `bookedbarber:${shardId}` },
      this.logger,
    );
    const connection: ShardConnection = { pool, db: createKysely<ShardDatabase>(pool) };
    this.connections.set(shardId, connection);
    return { shardId, db: connection.db };
  }

  async shards(): Promise<readonly ShardInfo[]> {
    await this.refreshShards();
    return [...this.shardInfo.values()];
  }

  /** Pool figures per shard for /metrics. */
  poolStats(): readonly { shardId: string; total: number; idle: number; waiting: number }[] {
    return [...this.connections.entries()].map(([shardId, { pool }]) => ({
      shardId,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }));
  }

  async close(): Promise<void> {
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(connections.map(({ db }) => db.destroy()));
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
    const rows = await this.catalog.selectFrom('shards').select(['id', 'region', 'state', 'primary_url']).execute();
    this.shardInfo = new Map(rows.map((row) => [row.id, { id: row.id, region: row.region, state: row.state, primaryUrl: row.primary_url }]));
  }
}
