import { randomUUID } from 'node:crypto';
import type { CoreDependencies } from '../../composition-root.js';
import { newId } from '../../db/ids.js';
import { pgCode } from '../../db/db-errors.js';
import { franchiseTables, rowCounts } from './franchise-tables.js';
import type { FranchiseTable } from './franchise-tables.js';
import { deleteFranchiseRows } from './franchise-rows.js';
import { fenceOf, fenceSource, markImporting, waitForConfirmedFlush, waitForMarker, writeMarker } from './move-fence.js';
import { MoveSession } from './move-locks.js';
import { moveMetrics } from './move-metrics.js';
import type { MoveMetrics } from './move-metrics.js';
import { createPublication, createSubscription, disableSubscription, replicationName, subscriptionErrors, syncState } from './move-replication.js';
import { compareDigests, digestFranchise, franchiseBytes, schemaDifferences } from './move-verify.js';
import { MoveRecovery } from './move-recovery.js';
import { MovesRepository } from './moves.repository.js';
import { SimulatedCrash, isPastFlip } from './move-types.js';
import type { MoveOptions, MovePhase, MoveProgress, MoveRecord, MoveResult } from './move-types.js';
import { ShardLinks } from './shard-links.js';
import type { ShardLink } from './shard-links.js';

export interface MoverDeps {
  readonly core: Pick<CoreDependencies, 'catalog' | 'router' | 'cache' | 'metrics' | 'logger'>;
  /** The catalog's connection string: moves hold session locks on connections of their own. */
  readonly catalogUrl: string;
}

const PERCENT: Record<MovePhase, number> = { planned: 0, prepared: 5, copying: 10, synced: 60, fenced: 70, caught_up: 80, verified: 85, detached: 90, flipped: 95, unfenced: 100, cleaned: 100 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything one move needs while it runs. */
interface Run {
  move: MoveRecord;
  readonly source: ShardLink;
  readonly target: ShardLink;
  readonly options: MoveOptions;
  tables: readonly FranchiseTable[];
  rowsCopied: number;
  bytesCopied: number;
  /** Subscription created → every table synchronized. */
  copyMs?: number;
  pauseStartedAt?: number;
  pauseMs?: number;
  /** Milliseconds since the fence, at the end of each step of the pause (where the pause goes). */
  pauseSteps: Record<string, number>;
}

/**
 * Moves one franchise between shards online (DESIGN.md section 5): copy with
 * logical replication, fence, catch up, verify, detach, flip, unfence, clean
 * up. Each phase is journaled in franchise_moves; any failure before the flip
 * rolls back (the source stays authoritative), after it the move completes.
 */
export class FranchiseMover {
  readonly repository: MovesRepository;
  readonly links: ShardLinks;
  readonly metrics: MoveMetrics;
  readonly recovery: MoveRecovery;

  constructor(readonly deps: MoverDeps) {
    this.repository = new MovesRepository(deps.core.catalog);
    this.links = new ShardLinks(deps.core.catalog);
    this.metrics = moveMetrics(deps.core.metrics.registry);
    this.recovery = new MoveRecovery(deps, this.repository, this.links, this.metrics);
  }

  async move(franchiseId: string, targetShard: string, options: MoveOptions = {}): Promise<MoveResult> {
    const started = Date.now();
    const franchise = await this.deps.core.catalog.selectFrom('franchises').select(['id', 'shard_id', 'placement_version']).where('id', '=', franchiseId).executeTakeFirst();
    if (!franchise) throw new Error(`franchise ${franchiseId} does not exist`);
    if (franchise.shard_id === targetShard) throw new Error(`franchise ${franchiseId} is already on ${targetShard}`);
    const targetInfo = await this.deps.core.catalog.selectFrom('shards').select(['id', 'state']).where('id', '=', targetShard).executeTakeFirst();
    if (!targetInfo) throw new Error(`shard ${targetShard} is not registered`);
    if (targetInfo.state !== 'active') throw new Error(`shard ${targetShard} is ${targetInfo.state}: it takes no franchises`);

    const moveId = newId();
    const session = await MoveSession.open(this.deps.catalogUrl, moveId);
    let run: Run | undefined;
    try {
      await this.repository.insert({ id: moveId, franchiseId, source: franchise.shard_id, target: targetShard, placementVersion: franchise.placement_version, replicationName: replicationName(moveId) }).catch((error: unknown) => {
        if (pgCode(error) === '23505') throw new Error(`franchise ${franchiseId} is already being moved (see "shards moves list")`);
        throw error;
      });
      const move = (await this.repository.get(moveId)) as MoveRecord;
      run = { move, source: await this.links.get(move.sourceShard), target: await this.links.get(move.targetShard), options, tables: [], rowsCopied: 0, bytesCopied: 0, pauseSteps: {} };
      this.report(run, 'planned');
      this.crashHook(run, 'planned');
      await this.runPhases(run);
      this.metrics.moves.inc({ outcome: 'completed' });
      if (!options.skipSourceCleanup) await this.cleanupAfterGrace(run);
      return this.result(run, 'completed', started);
    } catch (error) {
      if (error instanceof SimulatedCrash || !run) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.core.logger.warn({ err: error, moveId, franchiseId }, 'move failed');
      const current = (await this.repository.get(moveId)) ?? run.move;
      if (isPastFlip(current.phase)) {
        // Past the point of no return: finish forward (resume does the same after a crash).
        await this.repository.noteError(moveId, message);
        await this.recovery.complete(current);
        return this.result(run, 'completed', started);
      }
      this.report(run, 'rolling_back', message);
      const outcome = await this.recovery.rollback(current, message);
      if (outcome.completed) return this.result(run, 'completed', started);
      this.metrics.moves.inc({ outcome: 'rolled_back' });
      this.report(run, 'rolled_back', message);
      return { ...this.result(run, 'rolled_back', started), error: message };
    } finally {
      await session.close();
    }
  }

  /** `moves resume` and start-up: reconcile every move whose driver died, clean up sources, sweep orphans. */
  resume(options: { sourceCleanupGraceMs?: number } = {}): ReturnType<MoveRecovery['resumeAll']> {
    return this.recovery.resumeAll(options);
  }

  async close(): Promise<void> {
    await this.links.close();
  }

  private async runPhases(run: Run): Promise<void> {
    const { source, target, move } = run;
    const franchiseId = move.franchiseId;
    const name = move.replicationName;
    const options = run.options;
    const fenceBudgetMs = options.fenceBudgetMs ?? 10_000;

    // 1. Target preparation: same schema, no leftovers, fenced for import.
    run.tables = await franchiseTables(source);
    const problems = schemaDifferences(run.tables, await franchiseTables(target));
    if (problems.length > 0) throw new Error(`schemas differ (run "bookedbarber migrate"): ${problems.join('; ')}`);
    const sourceFence = await fenceOf(source, franchiseId);
    if (sourceFence && sourceFence.state !== 'active') throw new Error(`franchise is ${sourceFence.state} on the source ${source.shardId}; refusing to move from a non-authoritative copy`);
    const leftovers = [...(await rowCounts(target, franchiseId, run.tables)).values()].reduce((a, b) => a + b, 0);
    let deleted = 0;
    if (leftovers > 0) {
      this.deps.core.logger.warn({ moveId: move.id, franchiseId, target: target.shardId, rows: leftovers }, 'leftover rows of the franchise on the target (an earlier aborted move?); deleting them before the copy');
      await markImporting(target, franchiseId, move.id);
      deleted = await deleteFranchiseRows(target, franchiseId, run.tables);
    }
    await target.query('DELETE FROM move_markers WHERE franchise_id = $1', [franchiseId]);
    await markImporting(target, franchiseId, move.id);
    await this.advance(run, 'prepared', { leftoverRowsDeleted: deleted });

    // 2–3. Publication on the source, subscription with the initial copy on the target.
    const copyStartedAt = Date.now();
    await createPublication(source, name, franchiseId, run.tables);
    const subscriptionOid = await createSubscription(target, name, source.url);
    run.move = { ...run.move, subscriptionOid };
    await this.advance(run, 'copying', { subscriptionOid });

    // 4. Every table synchronized.
    await this.waitForSync(run);
    run.copyMs = Date.now() - copyStartedAt;
    run.rowsCopied = [...(await rowCounts(target, franchiseId, run.tables)).values()].reduce((a, b) => a + b, 0);
    run.bytesCopied = await franchiseBytes(target, franchiseId, run.tables);
    await this.advance(run, 'synced', { rowsCopied: run.rowsCopied, bytesCopied: run.bytesCopied });

    // 5. Readiness: replication round trip short before writes pause.
    await this.waitUntilCaughtUpEnough(run);

    // 7a–b. Fence (waits for in-flight writers), marker, LSN.
    await options.beforeFence?.();
    const token = randomUUID();
    run.pauseStartedAt = Date.now();
    const { fenceLsn } = await this.fenceWithRetry(run, token);
    this.mark(run, 'fence');
    await this.advance(run, 'fenced', { fenceLsn, markerToken: token }, { flush: false });

    // 7c–d. Applied (marker) and durable (slot confirmed flush).
    const remaining = (): number => Math.max(1, fenceBudgetMs - (Date.now() - (run.pauseStartedAt ?? Date.now())));
    if (!(await waitForMarker(target, franchiseId, move.id, token, remaining()))) throw new Error(`target did not apply the fence marker within the ${fenceBudgetMs} ms fence budget`);
    this.mark(run, 'marker_applied');
    if (!(await waitForConfirmedFlush(source, name, fenceLsn, remaining()))) throw new Error(`slot did not confirm the fence position within the ${fenceBudgetMs} ms fence budget`);
    this.mark(run, 'flush_confirmed');
    await this.advance(run, 'caught_up', {}, { flush: false });

    // 5–6 (DESIGN). Verify counts and checksums on both sides, while both are
    // frozen, and meanwhile stop the subscription: everything up to the fence
    // is applied, so from here on nothing done on the source can reach the
    // target. Dropping the subscription, its slot and the publication takes
    // round trips between the servers, so that waits until the fence is lifted
    // (finishForward), still before anything is deleted.
    const [sourceDigest, targetDigest] = await Promise.all([digestFranchise(source, franchiseId, run.tables), digestFranchise(target, franchiseId, run.tables), disableSubscription(target, name)]);
    const differences = compareDigests(sourceDigest, targetDigest);
    this.mark(run, 'verified_and_detached');
    if (differences.length > 0) {
      this.metrics.consistencyFailures.inc({ shard: target.shardId });
      throw new Error(`verification failed: ${differences.map((d) => `${d.table} (source ${d.source?.rows ?? '-'} rows, target ${d.target?.rows ?? '-'} rows)`).join(', ')}`);
    }
    await this.advance(run, 'verified', {}, { flush: false });
    await this.advance(run, 'detached', {}, { flush: false });
    if (Date.now() - run.pauseStartedAt > fenceBudgetMs) throw new Error(`write pause exceeded the ${fenceBudgetMs} ms budget before the flip; rolled back`);

    // 7. The point of no return: compare-and-swap on the placement version.
    if (!(await this.repository.flip(run.move))) throw new Error('the placement changed, or a resume rolled this move back, while moving (compare-and-swap failed); rolled back');
    run.move = { ...run.move, phase: 'flipped' };
    this.mark(run, 'flipped');
    this.report(run, 'flipped');
    this.crashHook(run, 'flipped');
    await this.finishForward(run);
  }

  /** After the flip: the shared finish (recovery does the same after a crash), timing the end of the pause. */
  private async finishForward(run: Run): Promise<void> {
    const { move, source, target } = run;
    await this.recovery.finishAfterFlip(move, () => {
      this.mark(run, 'unfenced');
      run.pauseMs = run.pauseSteps.unfenced ?? 0;
    });
    this.metrics.writePause.observe({ source_shard: source.shardId, target_shard: target.shardId }, (run.pauseMs ?? 0) / 1000);
    await this.repository.advance(move.id, 'unfenced', { pauseMs: run.pauseMs ?? 0 });
    run.move = { ...run.move, phase: 'unfenced' };
    this.report(run, 'unfenced');
    this.crashHook(run, 'unfenced');
  }

  private async cleanupAfterGrace(run: Run): Promise<void> {
    const grace = run.options.sourceCleanupGraceMs ?? 0;
    if (grace > 0) await sleep(grace);
    await this.cleanupSource(run.move.id);
    this.report(run, 'cleaned');
  }

  /** Deletes the old source's rows of a completed move, unless the franchise came back meanwhile (see MoveRecovery.cleanupSource). */
  async cleanupSource(moveId: string): Promise<void> {
    const move = await this.repository.get(moveId);
    if (move?.status === 'completed' && !move.sourceCleanedAt) await this.recovery.cleanupSource(move);
  }

  private async waitForSync(run: Run): Promise<void> {
    const expected = run.tables.length + 1;
    const deadline = Date.now() + (run.options.syncTimeoutMs ?? 600_000);
    for (;;) {
      const state = await syncState(run.target, run.move.replicationName);
      if (!state) throw new Error('the subscription disappeared from the target during the copy');
      if (!state.enabled) throw new Error(`the subscription stopped on an error during the copy (${await subscriptionErrors(run.target, run.move.replicationName)}); see the target's server log`);
      if (state.tables === expected && state.ready === expected) return;
      const fraction = state.tables === 0 ? 0 : state.ready / expected;
      this.report(run, 'copying', `${state.ready}/${expected} tables synchronized${state.pending ? ` (waiting: ${state.pending})` : ''}`, 10 + Math.round(50 * fraction));
      if (Date.now() > deadline) throw new Error(`initial copy did not finish in time (${state.ready}/${expected} tables ready)`);
      await sleep(100);
    }
  }

  /** A marker round trip under 500 ms before pausing writes (research 7.3 step 5); gives up after a few tries. */
  private async waitUntilCaughtUpEnough(run: Run): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const token = randomUUID();
      const started = Date.now();
      await writeMarker(run.source, run.move.franchiseId, run.move.id, token);
      if (await waitForMarker(run.target, run.move.franchiseId, run.move.id, token, 5_000)) {
        if (Date.now() - started < 500) return;
      }
      const state = await syncState(run.target, run.move.replicationName);
      if (!state?.enabled) throw new Error('the subscription stopped on an error while catching up');
    }
    throw new Error('replication lag stayed above 500 ms; not fencing');
  }

  private async fenceWithRetry(run: Run, token: string): Promise<{ fenceLsn: string }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fenceSource(run.source, run.move.franchiseId, run.move.id, token, 2_000);
      } catch (error) {
        // lock_timeout: a write transaction of the franchise ran longer than 2 s. Nothing was fenced; try again.
        if (pgCode(error) !== '55P03' || attempt >= 3) throw error;
        this.report(run, 'synced', `fence waited 2 s for a long write transaction; retry ${attempt}`);
        run.pauseStartedAt = Date.now();
      }
    }
  }

  private async advance(run: Run, phase: MovePhase, update: Parameters<MovesRepository['advance']>[2] = {}, options: { flush?: boolean } = {}): Promise<void> {
    await this.repository.advance(run.move.id, phase, update, options);
    run.move = { ...run.move, phase };
    this.report(run, phase);
    this.crashHook(run, phase);
  }

  /** Records how far into the write pause a step ended (only while the fence is up). */
  private mark(run: Run, step: string): void {
    if (run.pauseStartedAt !== undefined && run.pauseMs === undefined) run.pauseSteps[step] = Date.now() - run.pauseStartedAt;
  }

  private crashHook(run: Run, phase: MovePhase): void {
    if (run.options.crashAfter === phase) throw new SimulatedCrash(phase);
  }

  private report(run: Run, phase: MoveProgress['phase'], detail?: string, percent?: number): void {
    const value = percent ?? (phase === 'rolling_back' || phase === 'rolled_back' ? 0 : PERCENT[phase]);
    run.options.onProgress?.({ moveId: run.move.id, franchiseId: run.move.franchiseId, phase, percent: value, ...(detail && { detail }) });
  }

  private result(run: Run, status: MoveResult['status'], started: number): MoveResult {
    return {
      moveId: run.move.id,
      franchiseId: run.move.franchiseId,
      sourceShard: run.move.sourceShard,
      targetShard: run.move.targetShard,
      status,
      pauseMs: run.pauseMs ?? null,
      pauseSteps: run.pauseSteps,
      rowsCopied: run.rowsCopied,
      bytesCopied: run.bytesCopied,
      ...(run.copyMs !== undefined && { copyMs: run.copyMs }),
      durationMs: Date.now() - started,
    };
  }
}
