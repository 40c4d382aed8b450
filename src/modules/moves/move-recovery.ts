import type { MoverDeps } from './mover.js';
import { franchiseTables } from './franchise-tables.js';
import { deleteFranchiseRows } from './franchise-rows.js';
import { fenceOf, liftSourceFence, liftTargetFence, markSourceMoved } from './move-fence.js';
import { MoveSession, isMoveDriven } from './move-locks.js';
import type { MoveMetrics } from './move-metrics.js';
import { dropSourceReplication, dropSubscription } from './move-replication.js';
import { sweepOrphans } from './move-sweep.js';
import { isPastFlip } from './move-types.js';
import type { MoveRecord } from './move-types.js';
import type { MovesRepository } from './moves.repository.js';
import type { ShardLinks } from './shard-links.js';

export interface ResumeReport {
  readonly rolledBack: string[];
  readonly completed: string[];
  readonly stillRunning: string[];
  readonly sourcesCleaned: string[];
  readonly swept: string[];
  readonly problems: string[];
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Reconciles moves from the journal plus the shards' replication catalogs:
 * before the flip a move is rolled back (the source stays authoritative), after
 * it the move is completed. Every step is idempotent, so running it twice, or
 * after a crash half way through, is safe.
 */
export class MoveRecovery {
  constructor(
    private readonly deps: MoverDeps,
    private readonly repository: MovesRepository,
    private readonly links: ShardLinks,
    private readonly metrics: MoveMetrics,
  ) {}

  /**
   * Rollback before the flip: lift the source's fence first (writes resume at
   * once), then drop the subscription before touching the target's rows, then
   * the publication and slots, then the target's copy. A target that cannot
   * be reached keeps its copy (fenced 'importing', never served) and its
   * subscription until the next move there or the next sweep removes them.
   */
  async rollback(move: MoveRecord, reason: string): Promise<string[]> {
    const problems: string[] = [];
    const source = await this.links.get(move.sourceShard);
    const target = await this.links.get(move.targetShard);
    const step = async (what: string, work: () => Promise<unknown>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        problems.push(`${what}: ${errorText(error)}`);
      }
    };
    await step('lift the source fence', () => liftSourceFence(source, move.franchiseId, move.id));
    await step('delete source markers', () => source.query('DELETE FROM move_markers WHERE franchise_id = $1 AND move_id = $2', [move.franchiseId, move.id]));
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
          await target.query("DELETE FROM franchise_fence WHERE franchise_id = $1 AND state = 'importing' AND move_id = $2", [move.franchiseId, move.id]);
        }
      });
    }
    const note = problems.length > 0 ? `${reason}; rollback left work for the sweep: ${problems.join('; ')}` : reason;
    await this.repository.finish(move.id, 'rolled_back', note);
    this.deps.core.router.forget(move.franchiseId);
    return problems;
  }

  /** After the flip: finish forward. Idempotent. */
  async complete(move: MoveRecord): Promise<void> {
    const source = await this.links.get(move.sourceShard);
    const target = await this.links.get(move.targetShard);
    // Replication was dropped before the flip; make sure (a crash may sit between).
    await dropSubscription(target, move.replicationName);
    await dropSourceReplication(source, move.replicationName, move.subscriptionOid);
    await liftTargetFence(target, move.franchiseId, move.id);
    await markSourceMoved(source, move.franchiseId, move.id, target.shardId);
    this.deps.core.router.forget(move.franchiseId);
    await this.deps.core.cache.invalidateFranchise(move.franchiseId).catch(() => undefined);
    await target.query('DELETE FROM move_markers WHERE franchise_id = $1', [move.franchiseId]);
    if (move.phase !== 'unfenced' && move.phase !== 'cleaned') await this.repository.advance(move.id, 'unfenced');
    await this.repository.finish(move.id, 'completed');
    this.metrics.moves.inc({ outcome: 'completed' });
  }

  /** Deletes the old source's rows of a completed move (the 'moved' fence row stays). */
  async cleanupSource(move: MoveRecord): Promise<void> {
    const placement = await this.deps.core.catalog.selectFrom('franchises').select('shard_id').where('id', '=', move.franchiseId).executeTakeFirst();
    const source = await this.links.get(move.sourceShard);
    const fence = await fenceOf(source, move.franchiseId);
    // Never delete an authoritative copy: the franchise may have moved back since.
    if (placement?.shard_id !== move.sourceShard && fence?.state === 'moved') {
      await deleteFranchiseRows(source, move.franchiseId, await franchiseTables(source), { pauseMs: 10 });
    }
    await this.repository.advance(move.id, 'cleaned');
  }

  async resumeAll(options: { sourceCleanupGraceMs?: number } = {}): Promise<ResumeReport> {
    const report: ResumeReport = { rolledBack: [], completed: [], stillRunning: [], sourcesCleaned: [], swept: [], problems: [] };
    for (const move of await this.repository.list({ status: 'running', limit: 10_000 })) {
      if (await isMoveDriven(this.deps.catalogUrl, move.id)) {
        report.stillRunning.push(move.id);
        continue;
      }
      let session: MoveSession | undefined;
      try {
        session = await MoveSession.open(this.deps.catalogUrl, move.id);
        if (isPastFlip(move.phase)) {
          await this.complete(move);
          report.completed.push(move.id);
        } else {
          const problems = await this.rollback(move, `rolled back by resume (the mover stopped after phase ${move.phase})`);
          this.metrics.moves.inc({ outcome: 'rolled_back' });
          report.rolledBack.push(move.id);
          report.problems.push(...problems.map((p) => `${move.id}: ${p}`));
        }
      } catch (error) {
        report.problems.push(`${move.id}: ${errorText(error)}`);
      } finally {
        await session?.close();
      }
    }
    const grace = options.sourceCleanupGraceMs ?? 0;
    for (const move of await this.repository.awaitingSourceCleanup()) {
      if (!move.flippedAt || Date.now() - move.flippedAt.getTime() < grace) continue;
      try {
        await this.cleanupSource(move);
        report.sourcesCleaned.push(move.id);
      } catch (error) {
        report.problems.push(`${move.id} source cleanup: ${errorText(error)}`);
      }
    }
    const live = new Set((await this.repository.list({ status: 'running', limit: 10_000 })).map((m) => m.replicationName));
    const sweep = await sweepOrphans(this.links, live);
    report.swept.push(...sweep.dropped);
    report.problems.push(...sweep.problems);
    return report;
  }
}
