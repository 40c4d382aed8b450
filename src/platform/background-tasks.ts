import type { Logger } from 'pino';
import type { Platform } from '../composition-root.js';
import type { Config } from '../config/config.js';
import { expireIdempotencyKeys } from '../modules/bookings/idempotency-expiry.js';
import { withOperationSpan } from '../observability/tracing/service-tracing.js';
import { runPeriodically } from './periodic.js';

export interface BackgroundTasks {
  stop(): Promise<void>;
}

/**
 * A franchise move whose driver died (a killed CLI, a crashed node) is rolled
 * back or completed from its journal, and orphaned replication objects are
 * swept. Moves still driven elsewhere hold a lock and are left alone.
 */
async function reconcileMoves(platform: Platform, logger: Logger, first: boolean): Promise<void> {
  try {
    // Each run is a trace of its own (docs/OPERATIONS.md, Traces).
    const report = await withOperationSpan(first ? 'moves.resume-at-start' : 'moves.resume-periodic', {}, () => platform.moves.resume({ sourceCleanupGraceMs: 60_000 }));
    const acted = report.rolledBack.length + report.completed.length + report.sourcesCleaned.length + report.swept.length;
    if (acted > 0 || report.problems.length > 0) logger.info({ moves: report }, 'reconciled unfinished franchise moves');
  } finally {
    // The mover's shard connections are not needed until the next move.
    await platform.moves.close();
  }
}

/**
 * The API node's periodic work, each on its own jittered schedule and never
 * overlapping itself: reconciling interrupted moves (first at start, in the
 * background so a slow shard does not delay it) and expiring idempotency keys.
 */
export function startBackgroundTasks(platform: Platform, config: Config, logger: Logger): BackgroundTasks {
  let runs = 0;
  const moves = runPeriodically(
    // 0 keeps the old behaviour: once at start.
    config.moveReconcileMs > 0 ? config.moveReconcileMs : 1,
    () => reconcileMoves(platform, logger, runs++ === 0),
    (error) => logger.warn({ err: error }, 'could not reconcile franchise moves; run "bookedbarber shards moves resume"'),
    { immediately: true, once: config.moveReconcileMs === 0 },
  );
  const keys = runPeriodically(
    config.idempotencySweepMs,
    async () =>
      void (await withOperationSpan('idempotency-keys.expire', {}, () =>
        expireIdempotencyKeys(platform.core.router, platform.core.metrics, logger, { ttlHours: config.idempotencyKeyTtlHours }),
      )),
    (error) => logger.warn({ err: error }, 'could not expire idempotency keys'),
  );
  return { stop: async () => void (await Promise.all([moves.stop(), keys.stop()])) };
}
