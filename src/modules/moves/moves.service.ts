import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { checkAll, checkFranchise } from './franchise-check.js';
import type { FranchiseCheck } from './franchise-check.js';
import type { MoveContext } from './move-context.js';
import { moveMetrics } from './move-metrics.js';
import { MoveRecovery } from './move-recovery.js';
import type { ResumeReport, RollbackOutcome } from './move-recovery.js';
import type { MoveOptions, MoveRecord, MoveResult, MoveStatus } from './move-types.js';
import { FranchiseMover } from './mover.js';
import { MovesRepository } from './moves.repository.js';
import { planEvacuation, planRebalance } from './rebalance-planner.js';
import type { PlannedMove } from './rebalance-planner.js';
import { runPlan } from './rebalance-runner.js';
import type { RunPlanOptions } from './rebalance-runner.js';
import { slotRetention } from './replication-slots.repository.js';
import type { ReplicationSlot } from './replication-slots.repository.js';
import { adoptRestoredCopy } from './restored-copy.js';
import { ShardLinks } from './shard-links.js';
import type { ShardLink } from './shard-links.js';
import { SlotRetentionMonitor } from './slot-retention.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { ShardSlots, SlotShardSource } from './slot-retention.js';
import { traced } from '../../observability/tracing/service-tracing.js';

export interface MovesServiceDeps {
  readonly catalog: Kysely<CatalogDatabase>;
  /** The catalog's connection string: moves hold session locks on connections of their own. */
  readonly catalogUrl: string;
  /** The registered shards and their primaries (slot measurements); `forget` drops this node's placement of a franchise whose move ended. */
  readonly router: SlotShardSource & { forget(franchiseId: string): void };
  /** Told when a move ends, so this node's cached pages are dropped (other nodes hear the catalog's notification). */
  readonly changes: Pick<FranchiseChanges, 'publish'>;
  /** Where the move metrics (progress, write pause, outcomes, consistency failures) are registered. */
  readonly registry: Registry;
  readonly logger: Logger;
}

/**
 * The moves module's front door, used by the CLI (`shards move|moves|verify|
 * rebalance|evacuate|show`) and by the server's start-up reconciliation.
 * Built once in the composition root; the mover's own shard connections open
 * on first use and end with `close`.
 */
export class MovesService {
  private readonly context: MoveContext;
  private readonly recovery: MoveRecovery;
  private readonly mover: FranchiseMover;
  private readonly slotMonitor: SlotRetentionMonitor;

  constructor(private readonly deps: MovesServiceDeps) {
    const repository = new MovesRepository(deps.catalog);
    this.context = {
      catalogUrl: deps.catalogUrl,
      repository,
      links: new ShardLinks(repository),
      metrics: moveMetrics(deps.registry),
      logger: deps.logger,
      placements: deps.router,
      changes: deps.changes,
    };
    this.recovery = new MoveRecovery(this.context);
    // While tracing is on, every move (one, or each of a plan's) is a span with its franchise and target.
    this.mover = traced(new FranchiseMover(this.context, this.recovery), 'FranchiseMover', (method, args) =>
      method === 'move' && typeof args[0] === 'string' ? { 'bookedbarber.franchise.id': args[0], 'bookedbarber.shard.target': String(args[1]) } : {},
    );
    this.slotMonitor = new SlotRetentionMonitor(deps.router, deps.logger);
  }

  /** Moves one franchise online (docs/MOVES.md); its percent is also published as migration_progress_percent. */
  move(franchiseId: string, targetShard: string, options: MoveOptions = {}): Promise<MoveResult> {
    return this.mover.move(franchiseId, targetShard, {
      ...options,
      onProgress: (progress) => {
        this.context.metrics.progress.set(progress.percent);
        options.onProgress?.(progress);
      },
    });
  }

  /** Restore of one franchise: its home becomes a restored copy of its shard, registered as a shard (see restored-copy.ts). */
  adoptRestoredCopy(franchiseId: string, restoredShardId: string): Promise<{ readonly previousShard: string; readonly pauseMs: number }> {
    return adoptRestoredCopy(this.context, franchiseId, restoredShardId);
  }

  /** The journal, newest first. */
  list(options: { status?: MoveStatus; limit?: number } = {}): Promise<MoveRecord[]> {
    return this.context.repository.list(options);
  }

  get(moveId: string): Promise<MoveRecord | undefined> {
    return this.context.repository.get(moveId);
  }

  /** `moves resume` and start-up: reconcile every move whose driver died, clean up old sources past their grace, sweep orphans. */
  resume(options: { sourceCleanupGraceMs?: number } = {}): Promise<ResumeReport> {
    return this.recovery.resumeAll(options);
  }

  /**
   * What a move's driver does when it fails before the flip; a move that
   * flipped meanwhile is completed instead, never undone. Normally reached
   * through `move` and `resume`; callable for a driver of one's own.
   */
  rollback(move: MoveRecord, reason: string): Promise<RollbackOutcome> {
    return this.recovery.rollback(move, reason);
  }

  /** Deletes the old source's rows of a completed move, unless the franchise came back meanwhile. */
  cleanupSource(moveId: string): Promise<void> {
    return this.mover.cleanupSource(moveId);
  }

  /** `shards verify <franchise>`: references, fence, and every copy on other shards. */
  check(franchiseId: string): Promise<FranchiseCheck> {
    return checkFranchise(this.context, franchiseId);
  }

  /** `shards verify --all`, one franchise after another, each reported as it is done. */
  checkAll(onEach?: (check: FranchiseCheck) => void): Promise<FranchiseCheck[]> {
    return checkAll(this.context, onEach);
  }

  planRebalance(options: { region?: string } = {}): Promise<PlannedMove[]> {
    return planRebalance(this.deps.catalog, options);
  }

  planEvacuation(shardId: string): Promise<PlannedMove[]> {
    return planEvacuation(this.deps.catalog, shardId);
  }

  /** Runs a plan, N moves at a time per source shard, publishing overall progress. */
  runPlan(plan: readonly PlannedMove[], options: RunPlanOptions = {}): Promise<MoveResult[]> {
    return runPlan({ mover: this.mover, repository: this.context.repository, metrics: this.context.metrics }, plan, options);
  }

  /** Every replication slot of the shard's primary server and the WAL it holds (`shards show`). */
  async replicationSlots(shardId: string): Promise<ReplicationSlot[]> {
    return slotRetention((await this.deps.router.shard(shardId)).db);
  }

  /** Slot measurements for /metrics: bounded in time per scrape (see SlotRetentionMonitor). */
  measuredSlots(): Promise<readonly ShardSlots[]> {
    return this.slotMonitor.current();
  }

  /** Each shard primary as the last slot measurement found it (shard_up). */
  reachability(): readonly { shardId: string; region: string; up: boolean }[] {
    return this.slotMonitor.reachability();
  }

  /** The mover's own connection to a shard primary (no statement timeout): for benches and fault tests that inspect a shard as the mover does. */
  link(shardId: string): Promise<ShardLink> {
    return this.context.links.get(shardId);
  }

  /** Ends the mover's shard connections (they reopen if the service is used again). */
  async close(): Promise<void> {
    await this.context.links.close();
  }
}
