import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerSpanExportMetrics } from './tracing/span-export-metrics.js';

/**
 * Prometheus metrics (names from DESIGN.md section 9). One registry per app
 * instance, so tests that build several apps do not collide. No franchise or
 * user id is ever a label.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly collectors: (() => void | Promise<void>)[] = [];

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route template',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  readonly bookingsCreated = new Counter({
    name: 'bookings_created_total',
    help: 'Bookings created',
    labelNames: ['region', 'shard'] as const,
    registers: [this.registry],
  });

  readonly idempotencyKeysExpired = new Counter({
    name: 'idempotency_keys_expired_total',
    help: 'Idempotency keys deleted after their retention (IDEMPOTENCY_KEY_TTL_HOURS)',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly notifications = new Counter({
    name: 'notifications_total',
    help: 'Outbox messages by channel, kind and outcome (sent, logged, skipped, failed, dead, delivered, doubtful)',
    labelNames: ['channel', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'outbox_pending',
    help: 'Outbox messages not yet sent (queued, sending, failed) per shard',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly outboxOldestDue = new Gauge({
    name: 'outbox_oldest_due_seconds',
    help: 'Age of the oldest outbox message that is due and not sent, per shard',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly outboxDead = new Gauge({
    name: 'outbox_dead',
    help: 'Dead outbox messages (all attempts failed) waiting for a person, per shard',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly notificationLateness = new Histogram({
    name: 'notification_lateness_seconds',
    help: 'Sent time minus due time of outbox messages',
    labelNames: ['channel', 'kind'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  readonly webhookEvents = new Counter({
    name: 'webhook_events_total',
    help: 'Provider webhooks received, by provider and outcome',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly bookingsCancelled = new Counter({
    name: 'bookings_cancelled_total',
    help: 'Bookings cancelled',
    labelNames: ['region', 'shard'] as const,
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Cache lookups by tier and result',
    labelNames: ['tier', 'result'] as const,
    registers: [this.registry],
  });

  readonly shardPoolConnections = new Gauge({
    name: 'shard_pool_connections',
    help: 'Connections in each shard pool by state',
    labelNames: ['shard', 'state'] as const,
    registers: [this.registry],
  });

  readonly shardPoolErrors = new Counter({
    name: 'shard_pool_errors_total',
    help: 'Failed connection checkouts per shard pool (server down, pool exhausted)',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly replicationLag = new Gauge({
    name: 'replication_lag_seconds',
    help: 'How far each streaming replica trails its shard primary (-1: unusable)',
    labelNames: ['shard', 'replica'] as const,
    registers: [this.registry],
  });

  // The slot name carries at most a move id, never a franchise id, and a server
  // holds few slots (max_replication_slots), so the label stays bounded.
  readonly slotRetainedWal = new Gauge({
    name: 'replication_slot_retained_wal_bytes',
    help: 'WAL each replication slot keeps on its shard primary (current LSN minus restart_lsn)',
    labelNames: ['shard', 'slot'] as const,
    registers: [this.registry],
  });

  readonly slotActive = new Gauge({
    name: 'replication_slot_active',
    help: 'Whether a consumer is attached to the replication slot (1) or not (0)',
    labelNames: ['shard', 'slot'] as const,
    registers: [this.registry],
  });

  readonly replicationSlots = new Gauge({
    name: 'replication_slots',
    help: 'Replication slots on each shard primary by state',
    labelNames: ['shard', 'state'] as const,
    registers: [this.registry],
  });

  // The figures below back the alert rules and dashboards in observability/ (see docs/RUNBOOKS.md).
  readonly bookingsCompleted = new Counter({
    name: 'bookings_completed_total',
    help: 'Appointments marked completed by staff',
    labelNames: ['region', 'shard'] as const,
    registers: [this.registry],
  });

  readonly bookingsNoShow = new Counter({
    name: 'bookings_no_show_total',
    help: 'Appointments marked no-show by staff',
    labelNames: ['region', 'shard'] as const,
    registers: [this.registry],
  });

  // Currency codes are a short, fixed list, so the label stays bounded.
  readonly bookingRevenue = new Counter({
    name: 'booking_revenue_minor_units_total',
    help: 'Price of completed appointments, in minor units of their currency',
    labelNames: ['region', 'currency'] as const,
    registers: [this.registry],
  });

  // Per pool (a shard's primary or its replicas), never per statement text: a bounded label.
  readonly shardQueryDuration = new Histogram({
    name: 'shard_query_duration_seconds',
    help: 'Duration of each SQL statement on a shard server, by pool',
    labelNames: ['shard'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly shardPoolMax = new Gauge({
    name: 'shard_pool_max_connections',
    help: 'Most connections each shard pool may open (SHARD_POOL_MAX)',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly replicaMaxLag = new Gauge({
    name: 'replica_max_lag_seconds',
    help: 'REPLICA_MAX_LAG_MS in seconds: a replica further behind is skipped for reads',
    registers: [this.registry],
  });

  readonly shardUp = new Gauge({
    name: 'shard_up',
    help: 'Whether the shard primary answered its last probe (1) or not (0)',
    labelNames: ['shard', 'region'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    registerSpanExportMetrics(this.registry);
  }

  /** Pool and replica figures are read from the router when Prometheus scrapes. */
  observeRouter(source: {
    poolStats(): readonly { pool: string; total: number; idle: number; waiting: number; max?: number }[];
    replicaLags(): readonly { shardId: string; url: string; lagSeconds: number }[];
  }): void {
    const pools = this.shardPoolConnections;
    const poolMax = this.shardPoolMax;
    const lag = this.replicationLag;
    const collect = (): void => {
      pools.reset();
      poolMax.reset();
      for (const stat of source.poolStats()) {
        if (stat.max !== undefined) poolMax.set({ shard: stat.pool }, stat.max);
        pools.set({ shard: stat.pool, state: 'total' }, stat.total);
        pools.set({ shard: stat.pool, state: 'idle' }, stat.idle);
        pools.set({ shard: stat.pool, state: 'waiting' }, stat.waiting);
      }
      lag.reset();
      const perShard = new Map<string, number>();
      for (const replica of source.replicaLags()) {
        const index = perShard.get(replica.shardId) ?? 0;
        perShard.set(replica.shardId, index + 1);
        lag.set({ shard: replica.shardId, replica: String(index) }, Number.isFinite(replica.lagSeconds) ? replica.lagSeconds : -1);
      }
    };
    this.collectors.push(collect);
  }

  /**
   * Replication slots per shard, measured at scrape time within a short wait
   * (the source bounds it). Series are rebuilt on every scrape, so a dropped
   * slot or a shard that stopped answering leaves no stale value behind.
   */
  observeSlots(source: {
    current(): Promise<readonly { shardId: string; slots: readonly { name: string; active: boolean; retainedWalBytes: number | null }[] }[]>;
    /** The same probe seen as reachability: shard_up. */
    reachability?(): readonly { shardId: string; region: string; up: boolean }[];
  }): void {
    const { slotRetainedWal: retained, slotActive: active, replicationSlots: counts, shardUp } = this;
    this.collectors.push(async () => {
      const shards = await source.current();
      if (source.reachability) {
        shardUp.reset();
        for (const { shardId, region, up } of source.reachability()) shardUp.set({ shard: shardId, region }, up ? 1 : 0);
      }
      retained.reset();
      active.reset();
      counts.reset();
      for (const { shardId, slots } of shards) {
        let activeCount = 0;
        for (const slot of slots) {
          if (slot.active) activeCount++;
          active.set({ shard: shardId, slot: slot.name }, slot.active ? 1 : 0);
          if (slot.retainedWalBytes !== null) retained.set({ shard: shardId, slot: slot.name }, slot.retainedWalBytes);
        }
        counts.set({ shard: shardId, state: 'active' }, activeCount);
        counts.set({ shard: shardId, state: 'inactive' }, slots.length - activeCount);
      }
    });
  }

  /** Redis reachability, read from the client's connection state at scrape time (no command sent). */
  observeRedis(client: { readonly status: string }): void {
    // Registered only with a Redis: an unlabelled gauge reads 0 until set, which would say "down" in memory mode.
    const up = new Gauge({ name: 'redis_up', help: 'Whether the Redis command connection is ready (1) or not (0)', registers: [this.registry] });
    this.collectors.push(() => up.set(client.status === 'ready' ? 1 : 0));
  }

  async render(): Promise<string> {
    for (const collect of this.collectors) await collect();
    return this.registry.metrics();
  }
}
