import type { ShardRouter } from '../../db/shard-router.js';
import type { AppointmentStatus } from '../../db/shard-schema.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Metrics } from '../../observability/metrics.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { AccessService } from '../access/access.service.js';
import { ALL_ROLES, requireLocation } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import { toAppointmentView } from './appointments.mapper.js';
import { barberExists, listCalendar, locationExists } from './appointments.repository.js';
import type { AppointmentView, CalendarView } from './appointments.schemas.js';
import { parseCalendarRange } from './calendar-range.js';
import { canTransition } from './status-transitions.js';
import { findAppointment, setStatus } from '../../shared/appointment-records.repository.js';
import { bookingFacts, queueBookingMessages, retireReminders } from '../notifications/booking-messages.js';

export interface CalendarQuery {
  readonly from: string;
  readonly to: string;
  readonly locationId?: string | undefined;
  readonly barberId?: string | undefined;
}

export interface AppointmentsDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly access: AccessService;
  /** Published after commit: caches drop the location's availability before the answer is sent. */
  readonly changes: FranchiseChanges;
}

// One answer carries at most this many; a busier range says `truncated` and the UI narrows it.
const CALENDAR_LIMIT = 2000;

/** The staff side of appointments: the calendar and status changes. */
export class AppointmentsService {
  constructor(private readonly deps: AppointmentsDeps) {}

  async list(ctx: RequestContext, franchiseId: string, query: CalendarQuery): Promise<CalendarView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const range = parseCalendarRange(query.from, query.to);
    if (query.locationId) requireLocation(access, query.locationId);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    if (query.locationId && !(await locationExists(db, franchiseId, query.locationId))) throw notFound('location');
    if (query.barberId && !(await barberExists(db, franchiseId, query.barberId))) throw notFound('barber');
    const records = await listCalendar(db, {
      franchiseId,
      ...range,
      // A member limited to some locations sees only those, whatever they ask for.
      locationIds: query.locationId ? [query.locationId] : access.locationIds,
      barberId: query.barberId ?? null,
      limit: CALENDAR_LIMIT + 1,
    });
    return { appointments: records.slice(0, CALENDAR_LIMIT).map(toAppointmentView), truncated: records.length > CALENDAR_LIMIT };
  }

  async changeStatus(ctx: RequestContext, franchiseId: string, id: string, status: AppointmentStatus): Promise<AppointmentView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const now = this.deps.clock.now();
    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      // The row lock orders this against a client cancelling or moving the same booking.
      const record = await findAppointment(trx, franchiseId, id, { forUpdate: true });
      if (!record) throw notFound('appointment');
      requireLocation(access, record.locationId);
      if (!canTransition(record.status, status)) {
        throw new DomainError('InvalidStateTransition', `An appointment that is ${record.status} cannot become ${status}.`, {
          extensions: { currentStatus: record.status },
        });
      }
      await setStatus(trx, franchiseId, id, status, now);
      await recordAudit(trx, ctx, {
        franchiseId,
        action: 'appointment.status_changed',
        entity: 'appointment',
        entityId: id,
        before: { status: record.status },
        after: { status },
      });
      // A shop's cancellation tells the client; a visit that happened or was missed needs no more reminders.
      if (status === 'cancelled') await queueBookingMessages(trx, 'cancelled', bookingFacts(record), now);
      else if (status !== 'booked') await retireReminders(trx, franchiseId, id, `appointment ${status}`, now);
      return toAppointmentView({ ...record, status, cancelledAt: status === 'cancelled' ? now : record.cancelledAt });
    }));
    // Cancelled and no-show appointments free the chair: the public slot list changes.
    await this.deps.changes.publish({ franchiseId, locationId: view.locationId, kind: 'booking' });
    if (status === 'cancelled' || status === 'no_show' || status === 'completed') {
      const placement = await this.deps.router.placementOf(franchiseId);
      const labels = { region: placement.region, shard: placement.shardId };
      const { metrics } = this.deps;
      if (status === 'cancelled') metrics.bookingsCancelled.inc(labels);
      if (status === 'no_show') metrics.bookingsNoShow.inc(labels);
      if (status === 'completed') {
        metrics.bookingsCompleted.inc(labels);
        metrics.bookingRevenue.inc({ region: placement.region, currency: view.currency }, view.priceCents);
      }
    }
    return view;
  }
}
