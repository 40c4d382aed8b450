import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CatalogDatabase } from './catalog-schema.js';
import type { ShardDatabase } from './shard-schema.js';
import { isFranchiseNotHere } from './db-errors.js';
import { PlacementCache } from './placement-cache.js';
import type { Placement } from './placement-cache.js';
import { ReplicaChoice } from './replica-choice.js';
import { fenceState } from './router-queries.repository.js';
import { SchemaGate } from './schema-gate.js';
import { ShardPools } from './shard-pools.js';
import type { PoolLimits } from './shard-pools.js';
import { ShardRegistry } from './shard-registry.js';
import type { ShardInfo } from './shard-registry.js';
import { DomainError } from '../errors/domain-error.js';
import { annotateRequest } from '../observability/tracing/request-trace.js';

export type { Placement } from './placement-cache.js';
export type { ShardInfo } from './shard-registry.js';
export { redact } from './replica-choice.js';

const isNotFound = (error: unknown): boolean => error instanceof DomainError && error.code === 'NotFound';

/** A franchise's shard, as the services see it: its id and a query builder on one of its servers. */
export interface ShardHandle {
  readonly shardId: string;
  readonly db: Kysely<ShardDatabase>;
  /** True when `db` is a streaming replica (read only, possibly a little behind). */
  readonly isReplica: boolean;
}

export interface RouterOptions extends PoolLimits {
  /** A replica further behind than this is skipped for reads. */
  readonly replicaMaxLagMs: number;
  /** How long a write refused by a move's fence keeps retrying before it answers 503. */
  readonly moveRetryBudgetMs: number;
}

/**
 * Every query on franchise data goes through here, in every mode: which shard
 * holds the franchise (the placement cache), which server of it answers (the
 * primary, or a replica that keeps up for public reads), over which pool, and
 * only while the shard's schema is current.
 */
export class ShardRouter {
  private readonly placements: PlacementCache;
  private readonly registry: ShardRegistry;
  private readonly pools: ShardPools;
  private readonly replicas: ReplicaChoice;
  private readonly schema = new SchemaGate();

  constructor(
    catalog: Kysely<CatalogDatabase>,
    private readonly options: RouterOptions,
    private readonly logger: Logger,
  ) {
    this.placements = new PlacementCache(catalog);
    this.registry = new ShardRegistry(catalog);
    this.pools = new ShardPools(options, logger);
    this.replicas = new ReplicaChoice(this.pools, options.replicaMaxLagMs, logger);
  }

  /**
   * The primary of the franchise's shard, for reads (writes use withPrimary).
   * Throws NotFound for an unknown franchise. See `currentPrimary` for a node
   * that missed a move's flip.
   */
  async primaryFor(franchiseId: string): Promise<ShardHandle> {
    return this.currentPrimary(franchiseId);
  }

  /** For public reads (the location page, availability): a replica of the franchise's shard that keeps up, else the primary. */
  async readerFor(franchiseId: string, options: { readYourWrites?: boolean } = {}): Promise<ShardHandle> {
    const primary = await this.currentPrimary(franchiseId);
    if (options.readYourWrites) return primary;
    // A replica replays the primary's WAL, fence row included: one that has caught up with the primary is as current.
    const replica = await this.replicas.choose(await this.registry.get(primary.shardId), primary.db);
    return replica ? { shardId: primary.shardId, db: replica, isReplica: true } : primary;
  }

  /**
   * The primary of the cached placement, unless the franchise has left that
   * shard: a node that missed the flip (notification lost, poll not yet due)
   * would otherwise read the old copy until the move's grace period deletes
   * it. Reads fire no fence trigger, so the "moved" fence is read here (one
   * primary-key lookup) and the placement looked up again.
   */
  private async currentPrimary(franchiseId: string): Promise<ShardHandle> {
    for (let attempt = 0; ; attempt++) {
      const shard = await this.shard((await this.placementOf(franchiseId)).shardId);
      if (!(await this.movedAway(shard, franchiseId))) return shard;
      this.forget(franchiseId);
      this.logger.info({ franchiseId, shardId: shard.shardId }, 'read found the franchise moved away; placement looked up again');
      // The catalog names a shard the franchise has left: a flip being undone, or a placement edited by hand.
      if (attempt >= 3) throw new DomainError('FranchiseMoving', 'This shop is being moved to another server; please retry in a moment.', { retryAfterSeconds: 1 });
    }
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
    return (await fenceState(shard.db, franchiseId)) === 'moved';
  }

  placementOf(franchiseId: string): Promise<Placement> {
    // Every franchise a request touches is routed here: its id goes on the request's spans and log lines.
    annotateRequest({ franchiseId });
    return this.placements.placementOf(franchiseId);
  }

  /** The placements held in memory now (the placement poller compares them with the catalog). */
  cachedPlacements(): readonly Placement[] {
    return this.placements.held();
  }

  /** Drops the cached placement; the next request reads the catalog again. */
  forget(franchiseId: string): void {
    this.placements.forget(franchiseId);
  }

  /** Drops every cached placement and shard record (after missing change notifications). */
  forgetAll(): void {
    this.placements.forgetAll();
    this.registry.forgetAll();
  }

  /** The shard's primary, refused (503) while its schema is behind this build's migrations. */
  async shard(shardId: string): Promise<ShardHandle> {
    const info = await this.registry.get(shardId);
    const db = this.pools.db(info.primaryUrl, shardId);
    await this.schema.assertCurrent(shardId, db);
    return { shardId, db, isReplica: false };
  }

  shards(): Promise<readonly ShardInfo[]> {
    return this.registry.all();
  }

  /** Each shard's applied migration against the one this build expects (for /ready and the CLI). */
  async schemaStatus(shardId: string): Promise<{ expected: string; applied: string | null }> {
    const info = await this.registry.get(shardId);
    return this.schema.status(shardId, this.pools.db(info.primaryUrl, shardId));
  }

  /** Pool figures per server for /metrics. */
  poolStats(): readonly { pool: string; total: number; idle: number; waiting: number }[] {
    return this.pools.stats();
  }

  /** Last measured lag per replica (seconds; Infinity when unusable). */
  replicaLags(): readonly { shardId: string; url: string; lagSeconds: number }[] {
    return this.replicas.lags(this.registry.known());
  }

  close(): Promise<void> {
    return this.pools.close();
  }
}
