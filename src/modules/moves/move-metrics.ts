import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** The move machinery's metrics, registered once per registry (several movers may share one). */
export interface MoveMetrics {
  /** 0–100: the running move, or the whole rebalance/evacuation. */
  readonly progress: Gauge;
  readonly consistencyFailures: Counter<'shard'>;
  readonly writePause: Histogram<'source_shard' | 'target_shard'>;
  readonly moves: Counter<'outcome'>;
}

const byRegistry = new WeakMap<Registry, MoveMetrics>();

export function moveMetrics(registry: Registry): MoveMetrics {
  const known = byRegistry.get(registry);
  if (known) return known;
  const metrics: MoveMetrics = {
    progress: new Gauge({ name: 'migration_progress_percent', help: 'Progress of the running franchise move, rebalance or evacuation (0-100)', registers: [registry] }),
    consistencyFailures: new Counter({ name: 'shard_consistency_check_failures_total', help: 'Failed consistency checks (move verification and shards verify)', labelNames: ['shard'] as const, registers: [registry] }),
    writePause: new Histogram({
      name: 'franchise_move_write_pause_seconds',
      help: 'Write pause of a franchise move: fence raised on the source to fence lifted on the target',
      labelNames: ['source_shard', 'target_shard'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    moves: new Counter({ name: 'franchise_moves_total', help: 'Franchise moves by outcome', labelNames: ['outcome'] as const, registers: [registry] }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
