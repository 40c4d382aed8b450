import { localDateOf } from '../../time/instants.js';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError } from '../../errors/domain-error.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import { systemContext } from '../../shared/request-context.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { AuthService } from '../auth/auth.service.js';
import type { BarberScheduleService } from '../barbers/barber-schedule.service.js';
import type { BarbersService } from '../barbers/barbers.service.js';
import type { FranchisesService } from '../franchises/franchises.service.js';
import type { LocationsService } from '../locations/locations.service.js';
import type { ShopServicesService } from '../shop-services/shop-services.service.js';
import type { DemoLocation } from './demo-plan.js';
import { DEMO_BARBER, DEMO_FRANCHISE, DEMO_LOCATIONS, DEMO_OWNER } from './demo-plan.js';
import { grantDemoBarber } from './demo-accounts.repository.js';
import { planVisits } from './demo-visits.js';
import { addFrontDeskVisits } from './demo-front-desk.js';
import { seededRandom } from './prng.js';
import { insertImportedVisits } from './import.repository.js';
import { seedDemoMessages } from './demo-messages.js';
import type { DemoBookingServices } from './demo-messages.js';

export interface DemoSummary {
  readonly created: boolean;
  readonly ownerEmail: string;
  readonly ownerPassword: string;
  readonly barberEmail: string;
  readonly barberPassword: string;
  readonly locationSlugs: readonly string[];
}

export interface DemoServices {
  readonly auth: AuthService;
  readonly franchises: FranchisesService;
  readonly locations: LocationsService;
  readonly services: ShopServicesService;
  readonly barbers: BarbersService;
  readonly schedules: BarberScheduleService;
}

const PAST_DAYS = 42;
const FUTURE_DAYS = 14;

export interface DemoSeederDeps {
  readonly catalog: Kysely<CatalogDatabase>;
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly regions: readonly string[];
  readonly services: DemoServices;
  /** When given, a few online bookings fill the Messages page through the real outbox path. */
  readonly booking?: DemoBookingServices;
  readonly logger: Logger;
}

/**
 * Seeds "Fade & Co" through the same services the HTTP routes use, acting as
 * its owner; only the appointment history is written directly (it is in the
 * past, so no booking rule would accept it). Runs once: a later call finds the
 * franchise by slug and returns the same summary.
 */
export class DemoSeeder {
  constructor(private readonly deps: DemoSeederDeps) {}

  async seed(): Promise<DemoSummary> {
    const summary = {
      ownerEmail: DEMO_OWNER.email,
      ownerPassword: DEMO_OWNER.password,
      barberEmail: DEMO_BARBER.email,
      barberPassword: DEMO_BARBER.password,
      locationSlugs: DEMO_LOCATIONS.map((l) => l.slug),
    };
    if (await this.deps.services.franchises.slugTaken(DEMO_FRANCHISE.slug)) return { created: false, ...summary };
    const started = performance.now();
    const ctx = await this.ownerContext();
    const region = this.deps.regions.includes(DEMO_FRANCHISE.region) ? DEMO_FRANCHISE.region : (this.deps.regions[0] ?? DEMO_FRANCHISE.region);
    let franchiseId: string;
    try {
      ({ id: franchiseId } = await this.deps.services.franchises.create(ctx, { ...DEMO_FRANCHISE, region }));
    } catch (error) {
      // Another process seeded it a moment ago.
      if (error instanceof DomainError && error.code === 'AlreadyExists') return { created: false, ...summary };
      throw error;
    }
    // The barber's password hash runs on the thread pool while the shops are seeded.
    const barberAccount = this.barberAccount();
    barberAccount.catch(() => undefined);
    let appointments = 0;
    const locationIds: string[] = [];
    for (const plan of DEMO_LOCATIONS) {
      const seeded = await this.seedLocation(ctx, franchiseId, plan);
      appointments += seeded.appointments;
      locationIds.push(seeded.locationId);
    }
    await this.grantBarber(franchiseId, await barberAccount, locationIds[0]);
    const first = DEMO_LOCATIONS[0];
    // Booked as a client would (no signed-in actor).
    if (this.deps.booking && first) await seedDemoMessages(this.deps.booking, systemContext('demo-seed'), first.slug, this.deps.clock, this.deps.logger);
    this.deps.logger.info({ franchiseId, appointments, ms: Math.round(performance.now() - started) }, 'demo data seeded');
    return { created: true, ...summary };
  }

  private async ownerContext(): Promise<RequestContext> {
    const system = systemContext('demo-seed');
    const existing = await this.deps.services.auth.accountByEmail(DEMO_OWNER.email);
    const owner = existing ?? (await this.deps.services.auth.register(system, DEMO_OWNER));
    return { ...system, actor: { userId: owner.id, sessionId: 'demo-seed' } };
  }

  private async barberAccount(): Promise<string> {
    const existing = await this.deps.services.auth.accountByEmail(DEMO_BARBER.email);
    return (existing ?? (await this.deps.services.auth.register(systemContext('demo-seed'), DEMO_BARBER))).id;
  }

  private async grantBarber(franchiseId: string, userId: string, locationId: string | undefined): Promise<void> {
    if (!locationId) return;
    const { db } = await this.deps.router.primaryFor(franchiseId);
    await grantDemoBarber(this.deps.catalog, db, { userId, franchiseId, locationId, email: DEMO_BARBER.email });
  }

  private async seedLocation(ctx: RequestContext, franchiseId: string, plan: DemoLocation): Promise<{ appointments: number; locationId: string }> {
    const { services, barbers, schedules, locations } = this.deps.services;
    const location = await locations.create(ctx, franchiseId, {
      name: plan.name,
      slug: plan.slug,
      timezone: plan.timezone,
      currency: plan.currency,
      address: plan.address,
      policy: { minNoticeMinutes: 60, horizonDays: 60, cancellationWindowHours: 24, slotStepMinutes: 15 },
    });
    const menu = [];
    for (const item of plan.services) {
      const created = await services.create(ctx, franchiseId, { locationId: location.id, ...item, barberIds: [] });
      menu.push({ ...item, id: created.id });
    }
    // The demo's history starts PAST_DAYS ago: its hours were in force since then, so past utilization has hours to divide by.
    const today = localDateOf(this.deps.clock.now(), plan.timezone);
    const effectiveFrom = new Date(Date.parse(today) - PAST_DAYS * 86_400_000).toISOString().slice(0, 10);
    const staff = [];
    for (const person of plan.barbers) {
      const barber = await barbers.create(ctx, franchiseId, { name: person.name, email: person.email, locationId: location.id });
      const serviceIds = menu.filter((item) => !person.skips.includes(item.name)).map((item) => item.id);
      await schedules.replace(ctx, franchiseId, barber.id, { weekly: person.weekly, serviceIds, effectiveFrom });
      staff.push({ id: barber.id, weekly: person.weekly, serviceIds });
    }

    const planned = planVisits({
      locationId: location.id,
      timezone: plan.timezone,
      currency: plan.currency,
      now: this.deps.clock.now(),
      pastDays: PAST_DAYS,
      futureDays: FUTURE_DAYS,
      seed: plan.seed,
      clientCount: plan.clientCount,
      phonePrefix: plan.phonePrefix,
      emailTag: plan.slug.split('-').at(-1) ?? 'demo',
      barbers: staff,
      services: menu,
    });
    const frontDesk = addFrontDeskVisits(planned, { now: this.deps.clock.now(), timezone: plan.timezone, futureDays: FUTURE_DAYS }, seededRandom(plan.seed + 1));
    const visits = { clients: planned.clients, ...frontDesk };
    const { db } = await this.deps.router.primaryFor(franchiseId);
    await db.transaction().execute(async (trx) => {
      await insertImportedVisits(trx, franchiseId, visits);
      await recordAudit(trx, ctx, {
        franchiseId,
        action: 'appointments.imported',
        entity: 'location',
        entityId: location.id,
        after: { clients: visits.clients.length, appointments: visits.appointments.length, series: visits.series.length, walkIns: visits.walkIns.size, source: 'demo' },
      });
    });
    return { appointments: visits.appointments.length, locationId: location.id };
  }
}
