import { franchiseTables } from './franchise-tables.repository.js';
import { deleteFranchiseRows } from './franchise-rows.repository.js';
import type { MoveContext } from './move-context.js';
import { clearMarkers, fenceOf, liftSourceFence, liftTargetFence, markSourceMoved, retireImportedCopy } from './move-fence.repository.js';
import { MoveSession, isMoveDriven } from './move-locks.repository.js';
import { dropSourceReplication, dropSubscription } from './move-replication.repository.js';
import { sweepOrphans } from './move-sweep.js';
import { isPastFlip } from './move-types.js';
import type { MoveRecord } from './move-types.js';

export interface ResumeReport {
  readonly rolledBack: string[];
  readonly completed: string[];
  readonly stillRunning: string[];
  readonly sourcesCleaned: string[];
  readonly swept: string[];
  readonly problems: string[];
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface RollbackOutcome {
  /** True when the move had flipped meanwhile and was completed instead. */
  readonly completed: boolean;
  /** Steps that failed and are left for the sweep. */
  readonly problems: readonly string[];
}

async function bestEffort(problems: string[], what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    problems.push(`${what}: ${errorText(error)}`);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reconciles moves from the journal plus the shards' replication catalogs:
 * before the flip a move is rolled back (the source stays authoritative), after
 * it the move is completed. Every step is idempotent, so running it twice, or
 * after a crash half way through, is safe.
 */
export class MoveRecovery {
  constructor(private readonly context: MoveContext) {}

  /**
   * Rollback before the flip: lift the source's fence first (writes resume at
   * once), then drop the subscription before touching the target's rows, then
   * the publication and slots, then the target's copy. A target that cannot
   * be reached keeps its copy (fenced 'importing', never served) and its
   * subscription until the next move there or the next sweep removes them.
   */
  async rollback(move: MoveRecord, reason: string): Promise<RollbackOutcome> {
    if (!(await this.context.repository.claimRollback(move.id))) {
      // The move flipped meanwhile (its driver lost its lock session but lived on), or is already finished.
      const current = await this.context.repository.get(move.id);
      if (current?.status === 'running' && isPastFlip(current.phase)) {
        await this.complete(current);
        return { completed: true, problems: [] };
      }
      return { completed: false, problems: [] };
    }
    const problems: string[] = [];
    const source = await this.context.links.get(move.sourceShard);
    const target = await this.context.links.get(move.targetShard);
    const step = (what: string, work: () => Promise<unknown>): Promise<void> => bestEffort(problems, what, work);
    await step('lift the source fence', () => liftSourceFence(source, move.franchiseId, move.id));
    await step('delete source markers', () => clearMarkers(source, move.franchiseId, move.id));
    let targetClean = false;
    await step('drop the subscription on the target', async () => {
      await dropSubscription(target, move.replicationName);
      targetClean = true;
    });
    await step('drop the publication and slots on the source', () => dropSourceReplication(source, move.replicationName, move.subscriptionOid));
    if (targetClean) {
      await step("delete the target's copy", async () => {
        const fence = await fenceOf(target, move.franchiseId);
        // Only a copy this move was importing: never rows the target is authoritative for.
        if (fence && fence.state === 'importing' && fence.moveId === move.id) {
          await deleteFranchiseRows(target, move.franchiseId, await franchiseTables(target));
          await retireImportedCopy(target, move.franchiseId, move.id, move.sourceShard);
        }
      });
    }
    const note = problems.length > 0 ? `${reason}; rollback left work for the sweep: ${problems.join('; ')}` : reason;
    await this.context.repository.finish(move.id, 'rolled_back', note);
    this.context.placements.forget(move.franchiseId);
    return { completed: false, problems };
  }

  /** After the flip: finish forward (after a crash, or for a driver that lost its session). Idempotent. */
  async complete(move: MoveRecord): Promise<void> {
    await this.finishAfterFlip(move);
    this.context.metrics.moves.inc({ outcome: 'completed' });
  }

  /**
   * Everything after the flip, target side first, so the franchise takes
   * writes again even when the old source is unreachable. The source is told
   * "moved" before the target opens (a stale node's read there then retries
   * instead of answering "not found" for a row made on the target), but a
   * source that does not answer within 2 s does not hold the target shut:
   * cleanup marks it later. Replication objects on the source are dropped
   * best-effort; the sweep takes what is left once the source is back.
   * `onUnfenced` runs when the target takes writes (the end of the pause).
   */
  async finishAfterFlip(move: MoveRecord, onUnfenced?: () => void): Promise<void> {
    const source = await this.context.links.get(move.sourceShard);
    const target = await this.context.links.get(move.targetShard);
    const problems: string[] = [];
    await bestEffort(problems, 'mark the source moved', () => withTimeout(markSourceMoved(source, move.franchiseId, move.id, target.shardId), 2_000));
    await liftTargetFence(target, move.franchiseId, move.id);
    onUnfenced?.();
    // Detaches the slot itself when the source cannot be reached.
    await dropSubscription(target, move.replicationName);
    await bestEffort(problems, 'drop the publication and slots on the source', () => dropSourceReplication(source, move.replicationName, move.subscriptionOid));
    this.context.placements.forget(move.franchiseId);
    // Listener failures are logged by the change bus; the move has already ended.
    await this.context.changes.publish({ franchiseId: move.franchiseId, locationId: null, kind: 'placement' });
    await clearMarkers(target, move.franchiseId);
    if (problems.length > 0) {
      this.context.logger.warn({ moveId: move.id, problems }, 'move completed; the old source is left for "shards moves resume"');
      await this.context.repository.noteError(move.id, `completed; left for resume: ${problems.join('; ')}`);
    }
    if (move.phase !== 'unfenced' && move.phase !== 'cleaned') await this.context.repository.advance(move.id, 'unfenced');
    await this.context.repository.finish(move.id, 'completed');
  }

  /**
   * Deletes the old source's rows of a completed move; its 'moved' fence row
   * stays. Each batch runs only while that fence row still names this move,
   * so a later move of the franchise back onto this shard (which marks it
   * 'importing') stops a cleanup in progress.
   */
  async cleanupSource(move: MoveRecord): Promise<void> {
    const placement = await this.context.repository.placementOf(move.franchiseId);
    const source = await this.context.links.get(move.sourceShard);
    let fence = await fenceOf(source, move.franchiseId);
    if (fence?.state === 'fenced' && fence.moveId === move.id) {
      // The move finished while the source was unreachable: tell it now.
      await markSourceMoved(source, move.franchiseId, move.id, move.targetShard);
      fence = await fenceOf(source, move.franchiseId);
    }
    // Never delete an authoritative copy: the franchise may have moved back since.
    if (placement?.shardId !== move.sourceShard && fence?.state === 'moved' && fence.moveId === move.id) {
      await deleteFranchiseRows(source, move.franchiseId, await franchiseTables(source), { pauseMs: 10, whileMovedBy: move.id });
    }
    await this.context.repository.advance(move.id, 'cleaned');
  }

  async resumeAll(options: { sourceCleanupGraceMs?: number } = {}): Promise<ResumeReport> {
    const report: ResumeReport = { rolledBack: [], completed: [], stillRunning: [], sourcesCleaned: [], swept: [], problems: [] };
    for (const move of await this.context.repository.list({ status: 'running', limit: 10_000 })) {
      if (await isMoveDriven(this.context.catalogUrl, move.id)) {
        report.stillRunning.push(move.id);
        continue;
      }
      let session: MoveSession | undefined;
      try {
        session = await MoveSession.open(this.context.catalogUrl, move.id);
        if (isPastFlip(move.phase)) {
          await this.complete(move);
          report.completed.push(move.id);
        } else {
          const outcome = await this.rollback(move, `rolled back by resume (the mover stopped after phase ${move.phase})`);
          this.context.metrics.moves.inc({ outcome: outcome.completed ? 'completed' : 'rolled_back' });
          (outcome.completed ? report.completed : report.rolledBack).push(move.id);
          report.problems.push(...outcome.problems.map((p) => `${move.id}: ${p}`));
        }
      } catch (error) {
        report.problems.push(`${move.id}: ${errorText(error)}`);
      } finally {
        await session?.close();
      }
    }
    const grace = options.sourceCleanupGraceMs ?? 0;
    for (const move of await this.context.repository.awaitingSourceCleanup()) {
      if (!move.flippedAt || Date.now() - move.flippedAt.getTime() < grace) continue;
      try {
        await this.cleanupSource(move);
        report.sourcesCleaned.push(move.id);
      } catch (error) {
        report.problems.push(`${move.id} source cleanup: ${errorText(error)}`);
      }
    }
    const live = new Set((await this.context.repository.list({ status: 'running', limit: 10_000 })).map((m) => m.replicationName));
    const sweep = await sweepOrphans(this.context.links, live);
    report.swept.push(...sweep.dropped);
    report.problems.push(...sweep.problems);
    return report;
  }
}
