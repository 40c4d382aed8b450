import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { measureReplica } from './replica-lag.js';
import type { ReplicaState } from './replica-lag.js';
import { currentWalLsn, hasReplayed } from './router-queries.repository.js';
import type { ShardDatabase } from './shard-schema.js';
import type { ShardPools } from './shard-pools.js';
import type { ShardInfo } from './shard-registry.js';

const REPLICA_RECHECK_MS = 500;

/**
 * Picks a replica that keeps up for public reads. "Keeps up" is checked twice:
 * its measured lag is within `maxLagMs`, and it has replayed the primary's WAL
 * position as of now. The second check makes the read as fresh as a primary
 * read for anything committed before it — above all a write whose cache
 * invalidation the caller has just seen, so a cache miss never stores an old
 * answer under a new generation token.
 */
export class ReplicaChoice {
  private readonly states = new Map<string, ReplicaState>();

  constructor(
    private readonly pools: ShardPools,
    private readonly maxLagMs: number,
    private readonly logger: Logger,
  ) {}

  /** A caught-up replica of the shard, or undefined when only the primary will do. */
  async choose(info: ShardInfo, primary: Kysely<ShardDatabase>): Promise<Kysely<ShardDatabase> | undefined> {
    const name = `${info.id}:replica`;
    const candidates: string[] = [];
    for (const url of info.replicaUrls) {
      const state = await this.state(url, name);
      if (state.usable && state.lagSeconds * 1000 <= this.maxLagMs) candidates.push(url);
    }
    if (candidates.length === 0) return undefined;
    const lsn = await currentWalLsn(primary);
    for (const url of candidates) {
      const replica = this.pools.db(url, name);
      try {
        if (await hasReplayed(replica, lsn)) return replica;
      } catch {
        // An unreachable replica is skipped; the next measurement marks it unusable.
      }
    }
    return undefined;
  }

  /** Last measured lag per replica (seconds; Infinity when unusable). */
  lags(shards: readonly ShardInfo[]): readonly { shardId: string; url: string; lagSeconds: number }[] {
    return shards.flatMap((info) =>
      info.replicaUrls.flatMap((url) => {
        const state = this.states.get(url);
        return state ? [{ shardId: info.id, url, lagSeconds: state.lagSeconds }] : [];
      }),
    );
  }

  private async state(url: string, name: string): Promise<ReplicaState> {
    const known = this.states.get(url);
    if (known && Date.now() - known.measuredAt < REPLICA_RECHECK_MS) return known;
    let state: ReplicaState;
    try {
      state = await measureReplica(this.pools.db(url, name) as Kysely<unknown>);
    } catch (error) {
      state = { lagSeconds: Infinity, usable: false, reason: error instanceof Error ? error.message : String(error), measuredAt: Date.now() };
    }
    if (known?.usable !== state.usable) this.logger.info({ replica: redact(url), usable: state.usable, reason: state.reason }, 'replica state changed');
    this.states.set(url, state);
    return state;
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
