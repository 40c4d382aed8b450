import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Config } from './config/config.js';
import type { CatalogDatabase } from './db/catalog-schema.js';
import { createKysely, createPool } from './db/pools.js';
import { PlacementListener } from './db/placement-listener.js';
import { ShardRouter } from './db/shard-router.js';
import type { Clock } from './http/clock.js';
import { systemClock } from './http/clock.js';
import type { RouteModule } from './http/app-types.js';
import { Metrics } from './observability/metrics.js';
import type { SessionStore } from './sessions/session-store.js';
import type { FranchiseCache } from './cache/franchise-cache.js';
import type { RateLimitRules } from './rate-limits/rate-limit-rules.js';
import type { RateLimits } from './rate-limits/rate-limits.js';
import { apiRateLimitRoutes } from './rate-limits/api-rate-limit.js';
import { createSharedState } from './redis/shared-state.js';
import type { SharedState } from './redis/shared-state.js';
import { AccessService } from './modules/access/access.service.js';
import type { ReadinessCheck, ReadinessReport } from './modules/ops/readiness.js';
import { createBookingModules } from './modules/booking-modules.js';
import { createManagementModules } from './modules/management-modules.js';
import type { ManagementModules } from './modules/management-modules.js';
import { createAnalyticsModules } from './modules/analytics-modules.js';
import { PlatformReportsService } from './modules/platform-reports/platform-reports.service.js';
import { platformReportsRoutes } from './modules/platform-reports/platform-reports.routes.js';
import { ShardsService } from './modules/shards/shards.service.js';
import { SlotRetentionMonitor } from './modules/moves/slot-retention.js';

/** What every module may be built from. Each module takes only the parts it uses. */
export interface CoreDependencies {
  readonly config: Config;
  readonly logger: Logger;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly sessions: SessionStore;
  /** Franchise-keyed cache-aside (Redis or in-process), invalidated by writes. */
  readonly cache: FranchiseCache;
  readonly rateLimits: RateLimits;
  readonly access: AccessService;
}

export interface Platform {
  readonly core: CoreDependencies;
  readonly apiRoutes: readonly RouteModule[];
  readonly readiness: ReadinessCheck & { startDraining(): void };
  readonly management: ManagementModules;
  readonly shards: ShardsService;
  readonly platformReports: PlatformReportsService;
  readonly shared: SharedState;
  /** Starts background work (placement change notifications). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  readonly catalogUrl: string;
  readonly clock?: Clock;
  /** Overrides of the default rate limits (tests raise them). */
  readonly rateLimits?: Partial<RateLimitRules>;
}

/** The one composition root (STYLE.md point 5): pools, stores, services and the route list. */
export function buildPlatform(config: Config, logger: Logger, options: PlatformOptions): Platform {
  const catalogPool = createPool(
    { connectionString: options.catalogUrl, max: 5, statementTimeoutMs: config.statementTimeoutMs, applicationName: 'bookedbarber:catalog' },
    logger,
  );
  const catalog = createKysely<CatalogDatabase>(catalogPool);
  const metrics = new Metrics();
  const router = new ShardRouter(
    catalog,
    {
      poolMax: config.shardPoolMax,
      statementTimeoutMs: config.statementTimeoutMs,
      replicaMaxLagMs: config.replicaMaxLagMs,
      moveRetryBudgetMs: config.moveRetryBudgetMs,
      onConnectError: (pool) => metrics.shardPoolErrors.inc({ shard: pool }),
      onQuery: (pool, seconds) => metrics.shardQueryDuration.observe({ shard: pool }, seconds),
    },
    logger,
  );
  metrics.observeRouter(router);
  metrics.replicaMaxLag.set(config.replicaMaxLagMs / 1000);
  metrics.observeSlots(new SlotRetentionMonitor(router, logger));
  const shared = createSharedState({
    redisUrl: config.redisUrl,
    metrics,
    logger,
    regionOf: async (franchiseId) => (await router.placementOf(franchiseId)).region,
    rateLimits: { ...config.rateLimits, ...options.rateLimits },
  });
  if (shared.redis) metrics.observeRedis(shared.redis);
  const core: CoreDependencies = {
    config,
    logger,
    catalog,
    router,
    clock: options.clock ?? systemClock,
    metrics,
    sessions: shared.sessions,
    cache: shared.cache,
    rateLimits: shared.rateLimits,
    access: new AccessService(catalog),
  };

  const management = createManagementModules(core, { authLimiters: shared.rateLimits.auth() });
  // Menu, barber, hours, time-off and location writes publish after commit; the
  // location page and availability of that franchise are stale from then on.
  management.changes.subscribe((change) => (change.kind === 'member' ? undefined : shared.cache.invalidateFranchise(change.franchiseId)));
  const bookings = createBookingModules(core);
  const analytics = createAnalyticsModules(core);
  const shards = new ShardsService(catalog, router, config.regions, logger);
  const platformReports = new PlatformReportsService(core.access, catalog, router, config.reportShardTimeoutMs);

  const readiness = createReadiness(core, shared);
  // A placement change (a move's flip, or an operator's edit) drops the routing entry and the franchise's cached pages.
  const onPlacementChange = (franchiseId: string): void => {
    router.forget(franchiseId);
    shared.cache.invalidateFranchise(franchiseId).catch((error: unknown) => logger.warn({ err: error, franchiseId }, 'cache invalidation after a placement change failed'));
  };
  const placementListener = new PlacementListener(options.catalogUrl, onPlacementChange, () => router.forgetAll(), logger);
  return {
    core,
    apiRoutes: [
      apiRateLimitRoutes(shared.rateLimits.get('apiPerIp')),
      ...management.routes,
      ...bookings.routes,
      ...analytics.routes,
      platformReportsRoutes(platformReports, () => core.clock.now()),
    ],
    readiness,
    management,
    shards,
    platformReports,
    shared,
    start: async () => {
      await placementListener.start();
      await shared.start();
    },
    close: async () => {
      await placementListener.stop();
      await shared.close();
      await router.close();
      await catalog.destroy();
    },
  };
}

function createReadiness(core: CoreDependencies, shared: SharedState): ReadinessCheck & { startDraining(): void } {
  let draining = false;
  return {
    startDraining: () => {
      draining = true;
    },
    isDraining: () => draining,
    check: async (): Promise<ReadinessReport> => {
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      const probe = async (name: string, run: () => Promise<unknown>): Promise<void> => {
        try {
          await run();
          checks[name] = { ok: true };
        } catch (error) {
          checks[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      };
      await probe('catalog', () => sql`SELECT 1`.execute(core.catalog));
      const shards = checks.catalog?.ok ? await core.router.shards() : [];
      await Promise.all(shards.map((shard) => probe(`shard:${shard.id}`, async () => sql`SELECT 1`.execute((await core.router.shard(shard.id)).db))));
      // Informational only: without Redis the node degrades (no cache, new sign-ins) but still serves.
      const redis = await shared.health();
      checks.redis = redis.detail === undefined ? { ok: redis.ok } : { ok: redis.ok, detail: redis.detail };
      // One shard down makes only its own franchises answer 503; the node still serves the rest.
      const shardChecks = Object.entries(checks).filter(([name]) => name.startsWith('shard:'));
      const ready = checks.catalog?.ok === true && (shardChecks.length === 0 || shardChecks.some(([, c]) => c.ok));
      return { ready: ready && !draining, draining, checks };
    },
  };
}
