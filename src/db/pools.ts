import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { LogEvent } from 'kysely';
import type { Logger } from 'pino';
import { sqlTargetOf, traceSqlClient } from '../observability/tracing/sql-tracing.js';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them into the
// process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface PoolOptions {
  readonly connectionString: string;
  readonly max: number;
  readonly statementTimeoutMs: number;
  readonly applicationName: string;
}

/** A bounded pool that fails fast: a lost database is a quick 503, never a hang. */
export function createPool(options: PoolOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs,
    application_name: options.applicationName,
  });
  // An idle client whose server went away emits here; without a listener the process dies.
  // pool.end() resolves before its sockets close, so a server stopping right after is no news.
  pool.on('error', (error) => {
    if (!(pool as { ending?: boolean }).ending) logger.warn({ err: error, pool: options.applicationName }, 'idle database connection lost');
  });
  // Every new connection of the pool gets SQL spans (shard and role from the pool's name) while tracing is on.
  const target = sqlTargetOf(options.applicationName);
  pool.on('connect', (client) => {
    // A checked-out client between statements has no listener of the pool's: a server or
    // PgBouncer ending its session then ("server conn crashed?") would kill the process.
    // The request holding it fails on its next statement instead (a 503), and the pool drops it.
    client.on('error', (error) => logger.warn({ err: error, pool: options.applicationName }, 'database connection lost while in use'));
    void traceSqlClient(client, target);
  });
  return pool;
}

/**
 * `onConnectError` hears about every failed checkout (server down, pool timeout): per-shard error metrics.
 * `onQuery` hears every statement's duration in seconds, failed ones included: the query latency metric.
 */
export function createKysely<DB>(pool: pg.Pool, onConnectError?: (error: unknown) => void, onQuery?: (seconds: number) => void): Kysely<DB> {
  const log = onQuery && ((event: LogEvent) => onQuery(event.queryDurationMillis / 1000));
  if (!onConnectError) return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(log && { log }) });
  const counted = {
    connect: async () => {
      try {
        return await pool.connect();
      } catch (error) {
        onConnectError(error);
        throw error;
      }
    },
    end: () => pool.end(),
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: counted }), ...(log && { log }) });
}
