import type { MoveMetrics } from './move-metrics.js';
import type { FranchiseMover } from './mover.js';
import type { MoveOptions, MoveProgress, MoveRecord, MoveResult } from './move-types.js';
import type { MovesRepository } from './moves.repository.js';
import type { PlannedMove } from './rebalance-planner.js';

export interface RunPlanOptions {
  /** Concurrent moves out of one source shard (each move's slot decodes all of the source's WAL). Default 2. */
  readonly maxConcurrentPerSource?: number;
  readonly onProgress?: (overall: { done: number; total: number; running: readonly MoveProgress[]; percent: number }) => void;
  readonly moveOptions?: Omit<MoveOptions, 'onProgress'>;
  /**
   * Delete the old sources once every move has run, each after this grace
   * since its flip, instead of inside each move: a move's concurrency slot is
   * not held through its grace period.
   */
  readonly cleanupGraceMs?: number;
  /** Told after each old source is cleaned (the cleanup pass can take minutes for many franchises). */
  readonly onCleanup?: (progress: { done: number; total: number }) => void;
  /** Once aborted, no further move starts; running moves finish (each is short and safe to let complete). */
  readonly signal?: AbortSignal;
}

/**
 * Runs planned moves with at most N at a time per source shard, reporting
 * overall progress (also as migration_progress_percent). A failed move is
 * rolled back by the mover and reported; the others go on. Moves not started
 * before `signal` aborts are left out of the results (plan again to run them).
 */
/** What running a plan uses: the mover for each move, the journal to find old sources, the progress gauge. */
export interface PlanRunner {
  readonly mover: Pick<FranchiseMover, 'move' | 'cleanupSource'>;
  readonly repository: Pick<MovesRepository, 'get'>;
  readonly metrics: Pick<MoveMetrics, 'progress'>;
}

export async function runPlan({ mover, repository, metrics }: PlanRunner, plan: readonly PlannedMove[], options: RunPlanOptions = {}): Promise<MoveResult[]> {
  const perSource = Math.max(1, options.maxConcurrentPerSource ?? 2);
  const queues = new Map<string, PlannedMove[]>();
  for (const move of plan) queues.set(move.from, [...(queues.get(move.from) ?? []), move]);
  const results: MoveResult[] = [];
  const running = new Map<string, MoveProgress>();
  const total = plan.length;
  const publish = (): void => {
    const partial = [...running.values()].reduce((sum, p) => sum + p.percent / 100, 0);
    const percent = total === 0 ? 100 : Math.min(100, Math.round(((results.length + partial) / total) * 1000) / 10);
    metrics.progress.set(percent);
    options.onProgress?.({ done: results.length, total, running: [...running.values()], percent });
  };
  const worker = async (queue: PlannedMove[]): Promise<void> => {
    for (let next = queue.shift(); next && !options.signal?.aborted; next = queue.shift()) {
      const planned = next;
      try {
        const result = await mover.move(planned.franchiseId, planned.to, {
          ...options.moveOptions,
          ...(options.cleanupGraceMs !== undefined && { skipSourceCleanup: true }),
          onProgress: (progress) => {
            running.set(progress.moveId, progress);
            publish();
          },
        });
        results.push(result);
        running.delete(result.moveId);
      } catch (error) {
        results.push({ moveId: '-', franchiseId: planned.franchiseId, sourceShard: planned.from, targetShard: planned.to, status: 'failed', pauseMs: null, rowsCopied: 0, bytesCopied: 0, durationMs: 0, error: error instanceof Error ? error.message : String(error) });
        for (const [id, p] of running) if (p.franchiseId === planned.franchiseId) running.delete(id);
      }
      publish();
    }
  };
  publish();
  await Promise.all([...queues.values()].flatMap((queue) => Array.from({ length: Math.min(perSource, queue.length) }, () => worker(queue))));
  if (options.cleanupGraceMs !== undefined) await cleanupSources(mover, repository, results, options.cleanupGraceMs, perSource, options.onCleanup);
  if (results.length === total) metrics.progress.set(100);
  return results;
}

/** Old sources of the completed moves, oldest flip first, each once its grace has passed; N at a time per source. */
async function cleanupSources(mover: PlanRunner['mover'], repository: PlanRunner['repository'], results: readonly MoveResult[], graceMs: number, perSource: number, onCleanup: RunPlanOptions['onCleanup']): Promise<void> {
  const moves = (await Promise.all(results.filter((r) => r.status === 'completed').map((r) => repository.get(r.moveId)))).filter((m): m is MoveRecord => m?.flippedAt != null);
  moves.sort((x, y) => (x.flippedAt?.getTime() ?? 0) - (y.flippedAt?.getTime() ?? 0));
  const queues = new Map<string, MoveRecord[]>();
  for (const move of moves) queues.set(move.sourceShard, [...(queues.get(move.sourceShard) ?? []), move]);
  let done = 0;
  const worker = async (queue: MoveRecord[]): Promise<void> => {
    for (let move = queue.shift(); move; move = queue.shift()) {
      const wait = (move.flippedAt?.getTime() ?? 0) + graceMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await mover.cleanupSource(move.id);
      onCleanup?.({ done: ++done, total: moves.length });
    }
  };
  await Promise.all([...queues.values()].flatMap((queue) => Array.from({ length: Math.min(perSource, queue.length) }, () => worker(queue))));
}
