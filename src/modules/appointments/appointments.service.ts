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
import { zoneClock } from '../../time/zone-clocks.js';
import { barberExists, barberIdsOfUser, listCalendar, locationExists } from './appointments.repository.js';
import type { AppointmentView, CalendarView } from './appointments.schemas.js';
import { parseCalendarRange } from './calendar-range.js';
import { BARBER_STATUSES, refuseTransition, undoableUntil } from './status-transitions.js';
import { findAppointment } from '../../shared/appointment-records.repository.js';
import { pgCode, PG } from '../../db/db-errors.js';
import { applyStaffStatus, restoreStatus } from './status-change.repository.js';
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
    // A barber sees their own column only: other barbers' clients (names, emails, phones) are not theirs to read.
    const own = access.role === 'barber' ? await barberIdsOfUser(db, franchiseId, access.actor.userId) : null;
    if (own !== null && (own.length === 0 || (query.barberId && !own.includes(query.barberId)))) return { appointments: [], truncated: false };
    const records = await listCalendar(db, {
      franchiseId,
      ...range,
      // A member limited to some locations sees only those, whatever they ask for.
      locationIds: query.locationId ? [query.locationId] : access.locationIds,
      barberId: query.barberId ?? null,
      barberIds: own,
      limit: CALENDAR_LIMIT + 1,
    });
    const now = this.deps.clock.now();
    return { appointments: records.slice(0, CALENDAR_LIMIT).map((record) => toAppointmentView(record, now)), truncated: records.length > CALENDAR_LIMIT };
  }

  async changeStatus(ctx: RequestContext, franchiseId: string, id: string, status: AppointmentStatus, reason?: string): Promise<AppointmentView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const now = this.deps.clock.now();
    const cancellationReason = status === 'cancelled' ? reason?.trim() || null : null;
    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      // The row lock orders this against a client cancelling or moving the same booking.
      const record = await findAppointment(trx, franchiseId, id, { forUpdate: true });
      if (!record) throw notFound('appointment');
      requireLocation(access, record.locationId);
      if (reason !== undefined && status !== 'cancelled') {
        throw new DomainError('ValidationFailed', 'A reason goes only with a cancellation.', { errors: [{ field: 'reason', message: 'is only allowed with status cancelled' }] });
      }
      if (access.role === 'barber') {
        // Barbers run their own column: check-in, completed, no-show on their own appointments; cancelling is the desk's.
        await requireOwnColumn(trx, franchiseId, access.actor.userId, record.barberId);
        if (!BARBER_STATUSES.includes(status)) throw new DomainError('Forbidden', `Barbers cannot mark an appointment ${status}; ask the front desk.`);
      }
      const refusal = refuseTransition(record, status, now);
      if (refusal?.reason === 'status') {
        throw new DomainError('InvalidStateTransition', refusal.message, { extensions: { currentStatus: record.status } });
      }
      if (refusal?.reason === 'too_early') {
        const opensAt = zoneClock(record.timezone).format(refusal.opensAt.getTime());
        throw new DomainError('TooEarly', refusal.message, { extensions: { currentStatus: record.status, opensAt } });
      }
      // canTransition allows changes only from booked or checked_in.
      const from = record.status as 'booked' | 'checked_in';
      await applyStaffStatus(trx, franchiseId, id, { status, from, reason: cancellationReason, now });
      await recordAudit(trx, ctx, {
        franchiseId,
        action: 'appointment.status_changed',
        entity: 'appointment',
        entityId: id,
        before: { status: record.status },
        after: { status, ...(cancellationReason !== null && { reason: cancellationReason }) },
      });
      // A shop's cancellation tells the client; a visit that happened or was missed needs no more reminders.
      if (status === 'cancelled') await queueBookingMessages(trx, 'cancelled', bookingFacts(record), now);
      else if (status !== 'booked') await retireReminders(trx, franchiseId, id, `appointment ${status}`, now);
      const changed = { ...record, status, previousStatus: from, statusChangedAt: now };
      return toAppointmentView(status === 'cancelled' ? { ...changed, cancelledAt: now, cancellationReason } : changed, now);
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

  /** Puts back the status before the last staff change, within the undo window (status-transitions.ts). */
  async undoStatus(ctx: RequestContext, franchiseId: string, id: string): Promise<AppointmentView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const now = this.deps.clock.now();
    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      const record = await findAppointment(trx, franchiseId, id, { forUpdate: true });
      if (!record) throw notFound('appointment');
      requireLocation(access, record.locationId);
      if (access.role === 'barber') {
        // A barber takes back only what a barber may set, on their own appointments.
        await requireOwnColumn(trx, franchiseId, access.actor.userId, record.barberId);
        if (!BARBER_STATUSES.includes(record.status)) throw new DomainError('Forbidden', `Barbers cannot undo a ${record.status} appointment; ask the front desk.`);
      }
      const to = record.previousStatus;
      if (undoableUntil(record, now) === null || to === null) {
        throw new DomainError('NothingToUndo', 'There is no status change of the last 24 hours to undo.', { extensions: { currentStatus: record.status } });
      }
      try {
        await restoreStatus(trx, franchiseId, id, to, now);
      } catch (error) {
        if (pgCode(error) !== PG.exclusionViolation) throw error;
        throw new DomainError('SlotUnavailable', 'That time has been booked since; the appointment cannot come back. Book the client at another time.');
      }
      await recordAudit(trx, ctx, {
        franchiseId,
        action: 'appointment.status_undone',
        entity: 'appointment',
        entityId: id,
        before: { status: record.status, ...(record.cancellationReason !== null && { reason: record.cancellationReason }) },
        after: { status: to },
      });
      // A cancellation taken back: the client was told it was cancelled, so tell them it stands again (its reminders return too).
      if (record.status === 'cancelled' && record.startsAt.getTime() > now.getTime()) {
        await queueBookingMessages(trx, 'rescheduled', bookingFacts(record), now);
      }
      return toAppointmentView({ ...record, status: to, previousStatus: null, statusChangedAt: now, cancelledAt: null, cancellationReason: null }, now);
    }));
    // A cancelled or no-show appointment brought back takes its time again.
    await this.deps.changes.publish({ franchiseId, locationId: view.locationId, kind: 'booking' });
    return view;
  }
}

async function requireOwnColumn(db: Parameters<typeof barberIdsOfUser>[0], franchiseId: string, userId: string, barberId: string): Promise<void> {
  const own = await barberIdsOfUser(db, franchiseId, userId);
  if (!own.includes(barberId)) throw new DomainError('Forbidden', 'Barbers can only change their own appointments.');
}
