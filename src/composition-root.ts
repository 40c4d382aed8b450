import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { CatalogDatabase } from './db/catalog-schema.js';
import { pingDatabase } from './db/database-probe.js';
import { PlacementListener } from './db/placement-listener.js';
import { createKysely, createPool } from './db/pools.js';
import { PlacementPoller } from './db/placement-poller.js';
import { ShardRouter } from './db/shard-router.js';
import type { AppDependencies } from './app.js';
import type { RouteModule } from './http/app-types.js';
import { Metrics } from './observability/metrics.js';
import { createReadiness } from './platform/readiness.js';
import type { ReadinessCheck } from './platform/readiness.js';
import { createSharedState } from './platform/shared-state.js';
import type { SharedState } from './platform/shared-state.js';
import { apiRateLimitRoutes } from './rate-limits/api-rate-limit.js';
import type { RateLimitRules } from './rate-limits/rate-limit-rules.js';
import type { FranchiseCache } from './cache/franchise-cache.js';
import type { RateLimits } from './rate-limits/rate-limits.js';
import type { SessionStore } from './sessions/session-store.js';
import { LinkTokens } from './shared/link-tokens.js';
import type { AccountMessageSource } from './modules/notifications/dispatcher.js';
import { systemClock } from './shared/clock.js';
import type { Clock } from './shared/clock.js';
import { FranchiseChanges } from './shared/franchise-changes.js';
import type { FranchiseChange } from './shared/franchise-changes.js';
import { AccessService } from './modules/access/access.service.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { AnalyticsService } from './modules/analytics/analytics.service.js';
import { appointmentsRoutes } from './modules/appointments/appointments.routes.js';
import { AppointmentsService } from './modules/appointments/appointments.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import { AuthThrottle } from './modules/auth/login-throttle.js';
import { PasswordHasher } from './modules/auth/password-hasher.js';
import type { PasswordCost } from './modules/auth/password-hasher.js';
import { availabilityRoutes } from './modules/availability/availability.routes.js';
import { currentWaitRoutes } from './modules/availability/current-wait.routes.js';
import { CurrentWaitService } from './modules/availability/current-wait.service.js';
import { AvailabilityService } from './modules/availability/availability.service.js';
import { BarberScheduleService } from './modules/barbers/barber-schedule.service.js';
import { barbersRoutes } from './modules/barbers/barbers.routes.js';
import { BarbersService } from './modules/barbers/barbers.service.js';
import { timeOffRoutes } from './modules/barbers/time-off.routes.js';
import { TimeOffService } from './modules/barbers/time-off.service.js';
import { BookingManageService } from './modules/bookings/booking-manage.service.js';
import { bookingsRoutes } from './modules/bookings/bookings.routes.js';
import { BookingsService } from './modules/bookings/bookings.service.js';
import { SigningKeys } from './shared/signing-keys.js';
import { ManageTokens } from './modules/bookings/manage-token.js';
import { manageRoutes } from './modules/bookings/manage.routes.js';
import { AppointmentSeriesService } from './modules/bookings/appointment-series.service.js';
import { staffBookingsRoutes } from './modules/bookings/staff-bookings.routes.js';
import { StaffBookingsService } from './modules/bookings/staff-bookings.service.js';
import { DemoSeeder } from './modules/demo/demo-seeder.js';
import type { DemoSummary } from './modules/demo/demo-seeder.js';
import { franchisesRoutes } from './modules/franchises/franchises.routes.js';
import { FranchisesService } from './modules/franchises/franchises.service.js';
import { locationPageRoutes } from './modules/location-page/location-page.routes.js';
import { LocationPageService } from './modules/location-page/location-page.service.js';
import { LocationDirectory } from './modules/locations/location-directory.js';
import { locationsRoutes } from './modules/locations/locations.routes.js';
import { LocationsService } from './modules/locations/locations.service.js';
import { membersRoutes } from './modules/members/members.routes.js';
import { MembersService } from './modules/members/members.service.js';
import { invitationRoutes } from './modules/invitations/invitations.routes.js';
import { InvitationsService } from './modules/invitations/invitations.service.js';
import { platformReportsRoutes } from './modules/platform-reports/platform-reports.routes.js';
import { PlatformReportsService } from './modules/platform-reports/platform-reports.service.js';
import { ShardsService } from './modules/shards/shards.service.js';
import { shopServicesRoutes } from './modules/shop-services/shop-services.routes.js';
import { ShopServicesService } from './modules/shop-services/shop-services.service.js';
import { MovesService } from './modules/moves/moves.service.js';
import { messagesRoutes } from './modules/notifications/messages.routes.js';
import { MessagesService } from './modules/notifications/messages.service.js';
import { SuppressionsService } from './modules/notifications/suppressions.service.js';
import { unsubscribeRoutes } from './modules/notifications/unsubscribe.routes.js';
import { UnsubscribeTokens } from './modules/notifications/unsubscribe-token.js';
import { traced } from './observability/tracing/service-tracing.js';
import { buildOutboxWorker } from './modules/notifications/notifications.js';
import type { NotificationsDeps, OutboxWorkerHandle } from './modules/notifications/notifications.js';
import { twilioStatusRoutes } from './modules/notifications/twilio-status.routes.js';
import { DeliveryReports } from './modules/notifications/delivery-reports.js';

/** The infrastructure every process shares: pools, caches, limits, the clock. */
export interface CoreDependencies {
  readonly config: Config;
  readonly logger: Logger;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly sessions: SessionStore;
  /** Franchise-keyed cache-aside (Redis or in-process), invalidated through `changes`. */
  readonly cache: FranchiseCache;
  readonly rateLimits: RateLimits;
  readonly access: AccessService;
  /** The one invalidation path: every write that makes cached answers stale publishes here after commit. */
  readonly changes: FranchiseChanges;
  /** Keys of manage links and the read-your-writes cookie. */
  readonly signingKeys: SigningKeys;
}

export interface Platform {
  readonly core: CoreDependencies;
  readonly apiRoutes: readonly RouteModule[];
  readonly readiness: ReadinessCheck & { startDraining(): void };
  /** What `buildApp` takes from the platform; callers add site routes, a logger, or routes of their own. */
  readonly http: Pick<AppDependencies, 'config' | 'metrics' | 'sessions' | 'signingKeys' | 'readiness' | 'apiRoutes'>;
  readonly shards: ShardsService;
  readonly platformReports: PlatformReportsService;
  /** Franchise moves between shards: the CLI's shard commands and the server's start-up reconciliation. */
  readonly moves: MovesService;
  readonly shared: SharedState;
  /** An outbox worker (`serve` on the embedded default, `bookedbarber worker`); tests and the bench pass overrides. */
  outboxWorker(overrides?: Partial<Pick<NotificationsDeps, 'channels' | 'options' | 'clock' | 'isSuppressed' | 'logger'>>): OutboxWorkerHandle;
  /**
   * Account emails rendered at send time from the rows they name: an outbox row of
   * kind `invitation` (dedupe key `invitation:<id>`) and a catalog `account_messages`
   * row (`subject_id`). null: no longer pending, skip it.
   */
  readonly accountMessages: AccountMessageSource;
  /** Seeds the demo franchise once; later calls find it and return the same summary. */
  seedDemoData(): Promise<DemoSummary>;
  /** Starts background work (placement change notifications, the Redis tier). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  readonly catalogUrl: string;
  readonly clock?: Clock;
  /** Overrides of the default rate limits (tests raise them). */
  readonly rateLimits?: Partial<RateLimitRules>;
  /** argon2id cost; tests may lower it. Default: OWASP's baseline. */
  readonly passwordCost?: PasswordCost;
}

/**
 * The one composition root (STYLE.md point 5), read top to bottom: pools and
 * stores, then every service with the parts it names, then the route list.
 */
export function buildPlatform(config: Config, logger: Logger, options: PlatformOptions): Platform {
  // Pools, stores, infrastructure.
  const catalog = createKysely<CatalogDatabase>(
    createPool({ connectionString: options.catalogUrl, max: 5, statementTimeoutMs: config.statementTimeoutMs, applicationName: 'bookedbarber:catalog' }, logger),
  );
  // In a secondary region placements, public slugs and sign-ins are read from the local catalog replica
  // (a miss asks the primary, so what was just written is found); writes stay on the primary.
  const readCatalog = config.catalogReplicaUrl
    ? createKysely<CatalogDatabase>(
        createPool({ connectionString: config.catalogReplicaUrl, max: 5, statementTimeoutMs: config.statementTimeoutMs, applicationName: 'bookedbarber:catalog-replica' }, logger),
      )
    : catalog;
  const metrics = new Metrics();
  const router = new ShardRouter(
    readCatalog,
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
  const shared = createSharedState({
    redisUrl: config.redisUrl,
    metrics,
    logger,
    regionOf: async (franchiseId) => (await router.placementOf(franchiseId)).region,
    rateLimits: { ...config.rateLimits, ...options.rateLimits },
    sessionAbsoluteSeconds: config.sessionAbsoluteHours * 3600,
  });
  if (shared.redis) metrics.observeRedis(shared.redis);
  const clock = options.clock ?? systemClock;
  const { cache, sessions, rateLimits } = shared;
  const changes = new FranchiseChanges((error, change) => logger.warn({ err: error, change }, 'a franchise change listener failed'));
  changes.subscribe((change) => invalidate(cache, change));
  const access = new AccessService(catalog);
  const directory = new LocationDirectory(catalog, { replica: readCatalog });
  const signingKeys = new SigningKeys(catalog, { now: () => clock.now().getTime() });
  const tokens = new ManageTokens(signingKeys);
  const core: CoreDependencies = { config, logger, catalog, router, clock, metrics, sessions, cache, rateLimits, access, changes, signingKeys };

  // Accounts and shop management.
  const links = new LinkTokens(signingKeys);
  const auth = new AuthService({
    catalog,
    ...(readCatalog !== catalog && { readCatalog }),
    sessions,
    hasher: new PasswordHasher(options.passwordCost),
    throttle: new AuthThrottle(rateLimits.auth()),
    rateLimits,
    links,
    now: () => clock.now(),
  });
  const franchises = new FranchisesService({ access, catalog, router, regions: config.regions, changes, logger });
  const locations = new LocationsService({ access, catalog, router, changes });
  const barbers = new BarbersService({ access, router, changes, clock });
  const schedules = new BarberScheduleService({ access, router, changes, clock });
  const timeOff = new TimeOffService({ access, router, changes });
  const services = new ShopServicesService({ access, router, changes });
  const members = new MembersService({ access, catalog, directory, router, changes });
  const invitations = new InvitationsService({ access, catalog, directory, auth, router, changes, links, now: () => clock.now() });
  const accountMessages: AccountMessageSource = {
    invitation: (invitationId, publicBaseUrl) => invitations.messageFor(invitationId, publicBaseUrl),
    passwordReset: (resetId, publicBaseUrl) => auth.resetMessageFor(resetId, publicBaseUrl),
  };

  // The public booking side and the staff calendar.
  const pages = new LocationPageService({ router, directory, cache });
  const availability = new AvailabilityService({ router, clock, directory, cache });
  const bookings = new BookingsService({ router, clock, metrics, directory, tokens, changes, rateLimits });
  const manage = new BookingManageService({ router, clock, metrics, tokens, changes });
  const appointments = new AppointmentsService({ router, clock, metrics, access, changes });
  // The front desk: phone bookings, walk-ins, moves and repeats under the staff rules, and the public wait they imply.
  const staffBookings = new StaffBookingsService({ router, clock, metrics, access, changes });
  const series = new AppointmentSeriesService({ router, clock, access, changes });
  const wait = new CurrentWaitService({ router, clock, directory, cache });
  const seeder = new DemoSeeder({
    catalog, router, clock, regions: config.regions, services: { auth, franchises, locations, services, barbers, schedules }, booking: { pages, availability, bookings, manage }, logger,
  });
  const messages = new MessagesService({ router, clock, access });
  const suppressions = new SuppressionsService({
    router, clock, metrics, logger, tokens: new UnsubscribeTokens(signingKeys), twilioAuthToken: config.notifications.twilio?.authToken,
  });

  // The owner's numbers and the operator's fleet.
  const analytics = new AnalyticsService({ access, router, clock });
  const shards = new ShardsService({ catalog, router, regions: config.regions, logger });
  const platformReports = new PlatformReportsService({ access, catalog, router, shardTimeoutMs: config.reportShardTimeoutMs });
  const moves = new MovesService({ catalog, catalogUrl: options.catalogUrl, router, changes, registry: metrics.registry, logger });
  metrics.observeSlots({ current: () => moves.measuredSlots(), reachability: () => moves.reachability() });

  const readiness = createReadiness({
    catalog: () => pingDatabase(catalog),
    shards: async () => (await router.shards()).map((shard) => ({ id: shard.id, probe: async () => pingDatabase((await router.shard(shard.id)).db) })),
    redis: () => shared.health(),
  }, { onProbeError: (check, error) => logger.warn({ err: error, check }, 'readiness check failed') });
  // A placement change (a move's flip, or an operator's edit) drops the routing entry and the franchise's cached pages.
  const onPlacementChange = (franchiseId: string): void => {
    router.forget(franchiseId);
    void changes.publish({ franchiseId, locationId: null, kind: 'placement' });
  };
  // Notifications come from the primary (LISTEN across regions); polling the catalog this node reads catches what they miss.
  const placementListener = new PlacementListener(options.catalogUrl, onPlacementChange, () => router.forgetAll(), logger);
  const placementPoller = new PlacementPoller(readCatalog, router, onPlacementChange, config.placementPollMs, logger);
  // The routes call their services through `traced`: a span per service call while tracing is on (the service itself otherwise).
  const apiRoutes: RouteModule[] = [
    apiRateLimitRoutes(rateLimits.get('apiPerIp')),
    authRoutes(traced(auth, 'AuthService'), sessions.ttlSeconds),
    franchisesRoutes(traced(franchises, 'FranchisesService')),
    locationsRoutes(traced(locations, 'LocationsService')),
    barbersRoutes(traced(barbers, 'BarbersService'), traced(schedules, 'BarberScheduleService')),
    timeOffRoutes(traced(timeOff, 'TimeOffService')),
    shopServicesRoutes(traced(services, 'ShopServicesService')),
    membersRoutes(traced(members, 'MembersService'), traced(invitations, 'InvitationsService')),
    invitationRoutes(traced(invitations, 'InvitationsService'), sessions.ttlSeconds),
    locationPageRoutes(traced(pages, 'LocationPageService')),
    availabilityRoutes(traced(availability, 'AvailabilityService')),
    bookingsRoutes(traced(bookings, 'BookingsService')),
    manageRoutes(traced(manage, 'BookingManageService')),
    appointmentsRoutes(traced(appointments, 'AppointmentsService')),
    staffBookingsRoutes(traced(staffBookings, 'StaffBookingsService'), traced(series, 'AppointmentSeriesService')),
    currentWaitRoutes(traced(wait, 'CurrentWaitService')),
    messagesRoutes(traced(messages, 'MessagesService')),
    unsubscribeRoutes(traced(suppressions, 'SuppressionsService'), config.notifications.publicBaseUrl),
    analyticsRoutes(traced(analytics, 'AnalyticsService')),
    platformReportsRoutes(traced(platformReports, 'PlatformReportsService'), () => clock.now()),
    twilioStatusRoutes(new DeliveryReports({ router, clock, metrics, config: config.notifications }), config.notifications.publicBaseUrl),
  ];
  return {
    core,
    apiRoutes,
    http: { config, metrics, sessions, signingKeys, readiness, apiRoutes },
    readiness,
    shards,
    platformReports,
    moves,
    shared,
    outboxWorker: (overrides = {}) =>
      buildOutboxWorker({
        config: config.notifications, router, catalog, clock, metrics, logger, signingKeys, accountMessages,
        manageToken: (claims) => tokens.issue(claims), isSuppressed: suppressions.isSuppressed, ...overrides,
      }),
    accountMessages,
    seedDemoData: () => seeder.seed(),
    start: async () => {
      await placementListener.start();
      placementPoller.start();
      await shared.start();
    },
    close: async () => {
      await placementListener.stop();
      await moves.close();
      await placementPoller.stop();
      await shared.close();
      await router.close();
      if (readCatalog !== catalog) await readCatalog.destroy();
      await catalog.destroy();
    },
  };
}

/** What each kind of change makes stale: a booking only its location's availability; membership nothing a client sees. */
function invalidate(cache: FranchiseCache, change: FranchiseChange): Promise<void> | undefined {
  switch (change.kind) {
    case 'member':
      return undefined;
    case 'booking':
      return change.locationId === null ? cache.invalidateFranchise(change.franchiseId) : cache.invalidateBookings(change.franchiseId, change.locationId);
    default:
      return cache.invalidateFranchise(change.franchiseId);
  }
}
