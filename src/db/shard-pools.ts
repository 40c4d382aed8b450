import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { createKysely, createPool } from './pools.js';
import type { ShardDatabase } from './shard-schema.js';

export interface PoolLimits {
  readonly poolMax: number;
  readonly statementTimeoutMs: number;
  /** Told of every failed connection checkout, by pool name (e.g. "shard-1", "shard-1:replica"). */
  readonly onConnectError?: (poolName: string) => void;
  /** Told of every statement's duration (seconds), by pool name. */
  readonly onQuery?: (poolName: string, seconds: number) => void;
}

/** One bounded pool per server (shard primary or replica), made on first use. */
export class ShardPools {
  private readonly connections = new Map<string, { readonly pool: pg.Pool; readonly db: Kysely<ShardDatabase> }>();

  constructor(
    private readonly limits: PoolLimits,
    private readonly logger: Logger,
  ) {}

  /** The query builder on the server at `url`; `name` labels its pool in metrics and pg_stat_activity. */
  db(url: string, name: string): Kysely<ShardDatabase> {
    const existing = this.connections.get(url);
    if (existing) return existing.db;
    const pool = createPool(
      { connectionString: url, max: this.limits.poolMax, statementTimeoutMs: this.limits.statementTimeoutMs, applicationName: `bookedbarber:${name}` },
      this.logger,
    );
    const { onConnectError: onError, onQuery } = this.limits;
    const connection = { pool, db: createKysely<ShardDatabase>(pool, onError && (() => onError(name)), onQuery && ((seconds) => onQuery(name, seconds))) };
    this.connections.set(url, connection);
    return connection.db;
  }

  /** Pool figures per server for /metrics. */
  stats(): readonly { pool: string; total: number; idle: number; waiting: number; max: number }[] {
    return [...this.connections.values()].map(({ pool }) => ({
      pool: (pool.options as { application_name?: string }).application_name?.replace('bookedbarber:', '') ?? 'unknown',
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    }));
  }

  async close(): Promise<void> {
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(connections.map(({ db }) => db.destroy()));
  }
}
