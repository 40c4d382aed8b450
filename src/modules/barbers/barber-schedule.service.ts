import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService } from '../access/access.service.js';
import { MANAGERS } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import { loadBarber } from './barber-access.js';
import { requireServicesAtLocation } from './location-services.js';
import type { WeeklyInterval } from './schedule-rules.js';
import { sortWeekly, weeklyScheduleErrors } from './schedule-rules.js';
import { listWeeklyHours, locationTimezone, replaceWeeklyHours } from './schedule.repository.js';
import type { Clock } from '../../shared/clock.js';
import { isLocalDate, localDateOf } from '../../time/instants.js';
import { listBarberServiceIds, replaceBarberServices } from '../../shared/barber-services.repository.js';

export interface ScheduleInput {
  readonly weekly: readonly WeeklyInterval[];
  readonly serviceIds: readonly string[];
  /** The local date from which these hours hold (default: today at the barber's location); never in the future. */
  readonly effectiveFrom?: string | undefined;
}

export interface ScheduleView {
  readonly barberId: string;
  readonly weekly: WeeklyInterval[];
  readonly serviceIds: string[];
}

export interface BarberScheduleDeps {
  readonly access: AccessService;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
  readonly clock: Clock;
}

/** A barber's weekly hours and services, replaced together: availability never sees half of a change. */
export class BarberScheduleService {
  constructor(private readonly deps: BarberScheduleDeps) {}

  async replace(ctx: RequestContext, franchiseId: string, barberId: string, input: ScheduleInput): Promise<ScheduleView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const weekly = sortWeekly(input.weekly);

    const { view, locationId } = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      // The row lock serializes two editors of the same barber: the later one replaces the earlier one whole.
      const barber = await loadBarber(trx, access, barberId, { forUpdate: true });
      const errors = weeklyScheduleErrors(input.weekly);
      if (errors.length > 0) throw new DomainError('ValidationFailed', 'The weekly hours are not valid.', { errors });
      const today = localDateOf(this.deps.clock.now(), await locationTimezone(trx, franchiseId, barber.location_id));
      const effectiveFrom = input.effectiveFrom ?? today;
      if (!isLocalDate(effectiveFrom)) {
        throw new DomainError('ValidationFailed', 'effectiveFrom is not a calendar date.', { errors: [{ field: 'effectiveFrom', message: 'is not a calendar date (YYYY-MM-DD)' }] });
      }
      // The current hours are what availability reads: a change cannot wait for a future date.
      if (effectiveFrom > today) {
        throw new DomainError('ValidationFailed', 'The new hours cannot start after today.', { errors: [{ field: 'effectiveFrom', message: `must be ${today} or earlier` }] });
      }
      const serviceIds = await requireServicesAtLocation(trx, franchiseId, barber.location_id, input.serviceIds);
      const [hoursBefore, servicesBefore] = await Promise.all([listWeeklyHours(trx, franchiseId, [barberId]), listBarberServiceIds(trx, franchiseId, [barberId])]);
      await replaceWeeklyHours(trx, franchiseId, barberId, weekly, effectiveFrom);
      await replaceBarberServices(trx, franchiseId, barberId, serviceIds);
      const after: ScheduleView = { barberId, weekly, serviceIds };
      await recordAudit(trx, ctx, {
        franchiseId,
        action: 'barber.schedule_replaced',
        entity: 'barber',
        entityId: barberId,
        before: { weekly: hoursBefore.get(barberId) ?? [], serviceIds: servicesBefore.get(barberId) ?? [] },
        after: { ...after, effectiveFrom },
      });
      return { view: after, locationId: barber.location_id };
    }));
    await this.deps.changes.publish({ franchiseId, locationId, kind: 'schedule' });
    return view;
  }
}
