import { randomUUID } from 'node:crypto';
import { newId } from '../../db/ids.js';
import { pgCode } from '../../db/db-errors.js';
import { franchiseBytes, digestFranchise } from './franchise-digest.repository.js';
import { franchiseTables, rowCounts } from './franchise-tables.repository.js';
import type { FranchiseTable } from './franchise-tables.repository.js';
import { deleteFranchiseRows } from './franchise-rows.repository.js';
import type { MoveContext } from './move-context.js';
import { clearMarkers, fenceOf, fenceSource, markImporting, waitForConfirmedFlush, waitForMarker, writeMarker } from './move-fence.repository.js';
import { MoveSession } from './move-locks.repository.js';
import type { MoveRecovery } from './move-recovery.js';
import { createPublication, createSubscription, disableSubscription, replicationName, subscriptionErrors, syncState } from './move-replication.repository.js';
import { compareDigests, schemaDifferences } from './move-verify.js';
import type { MoveUpdate } from './moves.repository.js';
import { SimulatedCrash, isPastFlip } from './move-types.js';
import type { MoveOptions, MovePhase, MoveProgress, MoveRecord, MoveResult } from './move-types.js';
import type { ShardLink } from './shard-links.js';

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
 * Moves one franchise between shards online, in the eight steps of DESIGN.md
 * section 5 (docs/MOVES.md names the phases each step records). Each phase is
 * journaled in franchise_moves; any failure before the flip rolls back (the
 * source stays authoritative), after it the move completes. Built by
 * MovesService, which shares the recovery with it.
 */
export class FranchiseMover {
  private readonly repository: MoveContext['repository'];
  private readonly links: MoveContext['links'];
  private readonly metrics: MoveContext['metrics'];

  constructor(
    private readonly context: MoveContext,
    private readonly recovery: MoveRecovery,
  ) {
    this.repository = context.repository;
    this.links = context.links;
    this.metrics = context.metrics;
  }

  async move(franchiseId: string, targetShard: string, options: MoveOptions = {}): Promise<MoveResult> {
    const started = Date.now();
    const franchise = await this.repository.placementOf(franchiseId);
    if (!franchise) throw new Error(`franchise ${franchiseId} does not exist`);
    if (franchise.shardId === targetShard) throw new Error(`franchise ${franchiseId} is already on ${targetShard}`);
    const targetInfo = await this.repository.shard(targetShard);
    if (!targetInfo) throw new Error(`shard ${targetShard} is not registered`);
    if (targetInfo.state !== 'active') throw new Error(`shard ${targetShard} is ${targetInfo.state}: it takes no franchises`);

    const moveId = newId();
    const session = await MoveSession.open(this.context.catalogUrl, moveId);
    let run: Run | undefined;
    try {
      await this.repository.insert({ id: moveId, franchiseId, source: franchise.shardId, target: targetShard, placementVersion: franchise.placementVersion, replicationName: replicationName(moveId) }).catch((error: unknown) => {
        if (pgCode(error) === '23505') throw new Error(`franchise ${franchiseId} is already being moved (see "shards moves list")`);
        throw error;
      });
      // Phase planned: the journal row exists and the session holds the move's locks; step 1 comes next.
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
      this.context.logger.warn({ err: error, moveId, franchiseId }, 'move failed');
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

  private async runPhases(run: Run): Promise<void> {
    const { source, target, move } = run;
    const franchiseId = move.franchiseId;
    const name = move.replicationName;
    const options = run.options;
    const fenceBudgetMs = options.fenceBudgetMs ?? 10_000;

    // Step 1 (phase prepared): the target has the source's schema, no leftovers, and is fenced for import.
    run.tables = await franchiseTables(source);
    const problems = schemaDifferences(run.tables, await franchiseTables(target));
    if (problems.length > 0) throw new Error(`schemas differ (run "bookedbarber migrate"): ${problems.join('; ')}`);
    const sourceFence = await fenceOf(source, franchiseId);
    if (sourceFence && sourceFence.state !== 'active') throw new Error(`franchise is ${sourceFence.state} on the source ${source.shardId}; refusing to move from a non-authoritative copy`);
    const leftovers = [...(await rowCounts(target, franchiseId, run.tables)).values()].reduce((a, b) => a + b, 0);
    let deleted = 0;
    if (leftovers > 0) {
      this.context.logger.warn({ moveId: move.id, franchiseId, target: target.shardId, rows: leftovers }, 'leftover rows of the franchise on the target (an earlier aborted move?); deleting them before the copy');
      await markImporting(target, franchiseId, move.id);
      deleted = await deleteFranchiseRows(target, franchiseId, run.tables);
    }
    await clearMarkers(target, franchiseId);
    await markImporting(target, franchiseId, move.id);
    await this.advance(run, 'prepared', { leftoverRowsDeleted: deleted });

    // Step 2 (phases copying, synced): publication on the source, subscription with the initial copy on the target.
    const copyStartedAt = Date.now();
    await createPublication(source, name, franchiseId, run.tables);
    const subscriptionOid = await createSubscription(target, name, source.url);
    run.move = { ...run.move, subscriptionOid };
    await this.advance(run, 'copying', { subscriptionOid });

    // Every table synchronized.
    await this.waitForSync(run);
    run.copyMs = Date.now() - copyStartedAt;
    run.rowsCopied = [...(await rowCounts(target, franchiseId, run.tables)).values()].reduce((a, b) => a + b, 0);
    run.bytesCopied = await franchiseBytes(target, franchiseId, run.tables);
    await this.advance(run, 'synced', { rowsCopied: run.rowsCopied, bytesCopied: run.bytesCopied });

    // Still step 2: a short replication round trip before writes pause.
    await this.waitUntilCaughtUpEnough(run);

    // Step 3 (phase fenced): the fence waits for in-flight writers, then the marker and the WAL position.
    await options.beforeFence?.();
    const token = randomUUID();
    run.pauseStartedAt = Date.now();
    const { fenceLsn } = await this.fenceWithRetry(run, token);
    this.mark(run, 'fence');
    await this.advance(run, 'fenced', { fenceLsn, markerToken: token }, { flush: false });

    // Step 4 (phase caught_up): the marker applied on the target, and durable there (slot confirmed flush).
    const remaining = (): number => Math.max(1, fenceBudgetMs - (Date.now() - (run.pauseStartedAt ?? Date.now())));
    if (!(await waitForMarker(target, franchiseId, move.id, token, remaining()))) throw new Error(`target did not apply the fence marker within the ${fenceBudgetMs} ms fence budget`);
    this.mark(run, 'marker_applied');
    if (!(await waitForConfirmedFlush(source, name, fenceLsn, remaining()))) throw new Error(`slot did not confirm the fence position within the ${fenceBudgetMs} ms fence budget`);
    this.mark(run, 'flush_confirmed');
    await this.advance(run, 'caught_up', {}, { flush: false });

    // Steps 5 and 6 (phases verified, detached): counts and checksums on both
    // sides, while both are frozen, and meanwhile stop the subscription: everything up to the fence
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

    // Step 7 (phases flipped, unfenced): the point of no return, a compare-and-swap on the placement version.
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

  /** Step 8 (phase cleaned): after the grace period, the old source's rows go. */
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

  /** A marker round trip under 500 ms before pausing writes (docs/MOVES.md, phase synced); gives up after a few tries. */
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

  private async advance(run: Run, phase: MovePhase, update: MoveUpdate = {}, options: { flush?: boolean } = {}): Promise<void> {
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
