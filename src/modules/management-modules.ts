import type { CoreDependencies } from '../composition-root.js';
import type { RouteModule } from '../http/app-types.js';
import { authRoutes } from './auth/auth.routes.js';
import { AuthService } from './auth/auth.service.js';
import type { AuthLimits } from './auth/login-throttle.js';
import { AuthThrottle, createMemoryAuthLimiters } from './auth/login-throttle.js';
import type { AuthLimiters } from './auth/login-throttle.js';
import { PasswordHasher } from './auth/password-hasher.js';
import type { PasswordCost } from './auth/password-hasher.js';
import { BarberScheduleService } from './barbers/barber-schedule.service.js';
import { barbersRoutes } from './barbers/barbers.routes.js';
import { BarbersService } from './barbers/barbers.service.js';
import { timeOffRoutes } from './barbers/time-off.routes.js';
import { TimeOffService } from './barbers/time-off.service.js';
import { DemoSeeder } from './demo/demo-seeder.js';
import type { DemoSummary } from './demo/demo-seeder.js';
import { FranchiseChanges } from './franchises/franchise-changes.js';
import { franchisesRoutes } from './franchises/franchises.routes.js';
import { FranchisesService } from './franchises/franchises.service.js';
import { locationsRoutes } from './locations/locations.routes.js';
import { LocationsService } from './locations/locations.service.js';
import { membersRoutes } from './members/members.routes.js';
import { MembersService } from './members/members.service.js';
import { shopServicesRoutes } from './shop-services/shop-services.routes.js';
import { ShopServicesService } from './shop-services/shop-services.service.js';
import { traced } from '../observability/tracing/service-tracing.js';

export type { DemoSummary } from './demo/demo-seeder.js';
export type { FranchiseChange, FranchiseChangeListener } from './franchises/franchise-changes.js';

export interface ManagementModules {
  readonly routes: readonly RouteModule[];
  /** Seeds the demo franchise once; later calls find it and return the same summary. */
  seedDemoData(): Promise<DemoSummary>;
  /**
   * Management writes that change what a location page or availability shows
   * (services, barbers, hours, time off, policy), after commit: caches subscribe
   * here to drop stale entries (DESIGN.md section 6).
   */
  readonly changes: FranchiseChanges;
}

export interface ManagementOptions {
  /** argon2id cost; tests may lower it. Default: OWASP's baseline. */
  readonly passwordCost?: PasswordCost;
  /** Login/signup limits for the in-process limiters. */
  readonly authLimits?: AuthLimits;
  /** Shared limiters (e.g. Redis-backed) instead of in-process ones. */
  readonly authLimiters?: AuthLimiters;
}

/** Accounts and shop management: auth, franchises, locations, barbers, services, hours, members. */
export function createManagementModules(core: CoreDependencies, options: ManagementOptions = {}): ManagementModules {
  const { access, catalog, router, config, logger } = core;
  const changes = new FranchiseChanges((error, change) => logger.warn({ err: error, change }, 'a franchise change listener failed'));
  const throttle = new AuthThrottle(options.authLimiters ?? createMemoryAuthLimiters(options.authLimits));
  const auth = new AuthService(catalog, core.sessions, new PasswordHasher(options.passwordCost), throttle);
  const franchises = new FranchisesService(access, catalog, router, config.regions, changes, logger);
  const locations = new LocationsService(access, catalog, router, changes);
  const barbers = new BarbersService(access, catalog, router, changes);
  const schedules = new BarberScheduleService(access, router, changes);
  const timeOff = new TimeOffService(access, router, changes);
  const services = new ShopServicesService(access, router, changes);
  const members = new MembersService(access, catalog, router, changes);
  const seeder = new DemoSeeder(catalog, router, core.clock, config.regions, { auth, franchises, locations, services, barbers, schedules }, logger);

  return {
    // A span per service call while tracing is on.
    routes: [
      authRoutes(traced(auth, 'AuthService'), core.sessions.ttlSeconds),
      franchisesRoutes(traced(franchises, 'FranchisesService')),
      locationsRoutes(traced(locations, 'LocationsService')),
      barbersRoutes(traced(barbers, 'BarbersService'), traced(schedules, 'BarberScheduleService')),
      timeOffRoutes(traced(timeOff, 'TimeOffService')),
      shopServicesRoutes(traced(services, 'ShopServicesService')),
      membersRoutes(traced(members, 'MembersService')),
    ],
    seedDemoData: () => seeder.seed(),
    changes,
  };
}
