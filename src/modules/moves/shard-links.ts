import pg from 'pg';
import type { MovesRepository } from './moves.repository.js';
import { traceSqlClient } from '../../observability/tracing/sql-tracing.js';

export interface ShardLink {
  readonly shardId: string;
  readonly region: string;
  /** The primary's connection string; also what a target's subscription connects to. */
  readonly url: string;
  readonly pool: pg.Pool;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

/**
 * The mover's own connections to shard primaries, separate from the API's
 * pools: no statement timeout (copies and waits are long), marked in
 * pg_stat_activity as bookedbarber:mover.
 */
export class ShardLinks {
  private readonly links = new Map<string, ShardLink>();

  constructor(private readonly catalog: Pick<MovesRepository, 'shard' | 'shards'>) {}

  async get(shardId: string): Promise<ShardLink> {
    const known = this.links.get(shardId);
    if (known) return known;
    const shard = await this.catalog.shard(shardId);
    if (!shard) throw new Error(`shard ${shardId} is not registered`);
    const again = this.links.get(shardId);
    if (again) return again;
    const pool = new pg.Pool({ connectionString: shard.primaryUrl, max: 6, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 10_000, application_name: 'bookedbarber:mover' });
    pool.on('error', () => undefined);
    // The move's statements are SQL spans of its trace, named by shard, while tracing is on.
    pool.on('connect', (client) => void traceSqlClient(client, { shard: shardId, role: 'primary' }));
    const link: ShardLink = {
      shardId,
      region: shard.region,
      url: shard.primaryUrl,
      pool,
      query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await pool.query<R>(text, values)).rows,
      transaction: async <T>(work: (client: pg.PoolClient) => Promise<T>) => {
        const client = await pool.connect();
        let failed = false;
        try {
          await client.query('BEGIN');
          const result = await work(client);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          failed = true;
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          // A connection that saw an error may be broken (server gone): do not reuse it.
          client.release(failed);
        }
      },
    };
    this.links.set(shardId, link);
    return link;
  }

  async all(): Promise<ShardLink[]> {
    const shards = await this.catalog.shards();
    return Promise.all(shards.map((shard) => this.get(shard.id)));
  }

  async close(): Promise<void> {
    const links = [...this.links.values()];
    this.links.clear();
    await Promise.all(links.map((link) => link.pool.end().catch(() => undefined)));
  }
}
