import type { Kysely, Transaction } from 'kysely';
import type { ShardRouter } from '../../db/shard-router.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Metrics } from '../../observability/metrics.js';
import { parseInstant } from '../../time/instants.js';
import { recordAudit } from '../../shared/audit.repository.js';
import { computeWindow } from '../availability/availability-window.js';
import type { WindowRequest } from '../availability/availability-window.js';
import { rankForStart } from '../availability/barber-choice.js';
import { cancellableUntil, toBookingView } from './bookings.mapper.js';
import { moveAppointment } from './bookings.repository.js';
import type { BookingView, RescheduleInput } from './bookings.schemas.js';
import { ChairTaken, firstBarberThatFits } from './chair-claim.js';
import { manageLinkExpired } from './manage-token.js';
import type { ManageTokenClaims, ManageTokens } from './manage-token.js';
import { slotUnavailable } from './slot-unavailable.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import { findAppointment, setStatus } from '../../shared/appointment-records.repository.js';
import type { AppointmentRecord } from '../../shared/appointment-records.repository.js';
import { bookingFacts, queueBookingMessages } from '../notifications/booking-messages.js';

export interface ManageDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly tokens: ManageTokens;
  /** Published after commit: caches drop the location's availability before the answer is sent. */
  readonly changes: FranchiseChanges;
  readonly random?: () => number;
}

const DAY = 86_400_000;

interface MoveRequest {
  readonly ctx: RequestContext;
  readonly token: string;
  readonly claims: ManageTokenClaims;
  readonly startsAt: Date;
  readonly barberId: string | null;
  readonly now: Date;
}

/**
 * What a client can do with the manage link: see, cancel, move. The token is
 * the only credential; a tampered one is a plain 404, like an unknown booking.
 */
export class BookingManageService {
  constructor(private readonly deps: ManageDeps) {}

  async get(_ctx: RequestContext, token: string): Promise<BookingView> {
    const { claims, db } = await this.open(token);
    const record = await findAppointment(db, claims.franchiseId, claims.appointmentId);
    if (!record || manageLinkExpired(record.endsAt, this.deps.clock.now())) throw notFound('booking');
    return toBookingView(record, token);
  }

  /** Cancelling a cancelled booking answers the booking again (a retried click is not an error). */
  async cancel(ctx: RequestContext, token: string): Promise<BookingView> {
    const { claims } = await this.open(token);
    const now = this.deps.clock.now();
    const { view, changed } = await this.deps.router.withPrimary(claims.franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      const record = await this.lockBooking(trx, claims);
      if (record.status === 'cancelled') return { view: toBookingView(record, token), changed: false };
      this.requireChangeable(record, now, 'cancelled');
      await setStatus(trx, claims.franchiseId, record.id, 'cancelled', now);
      await recordAudit(trx, ctx, {
        franchiseId: claims.franchiseId,
        action: 'booking.cancelled',
        entity: 'appointment',
        entityId: record.id,
        before: { status: record.status },
        after: { status: 'cancelled', by: 'client' },
      });
      await queueBookingMessages(trx, 'cancelled', bookingFacts(record), now);
      return { view: toBookingView({ ...record, status: 'cancelled', cancelledAt: now }, token), changed: true };
    }));
    if (changed) {
      await this.deps.changes.publish({ franchiseId: claims.franchiseId, locationId: view.locationId, kind: 'booking' });
      const placement = await this.deps.router.placementOf(claims.franchiseId);
      this.deps.metrics.bookingsCancelled.inc({ region: placement.region, shard: placement.shardId });
    }
    return view;
  }

  /**
   * One UPDATE of the same row inside a transaction: never both slots held, never
   * neither. The new start must be listed by the same engine as the public list,
   * with this booking's own chair time left out; the exclusion constraint decides races.
   */
  async reschedule(ctx: RequestContext, token: string, input: RescheduleInput): Promise<BookingView> {
    const startsAt = parseInstant(input.start);
    if (!startsAt) throw invalid('start', 'must be a real ISO 8601 instant with an offset');
    const { claims } = await this.open(token);
    const move: MoveRequest = { ctx, token, claims, startsAt, barberId: input.barberId ?? null, now: this.deps.clock.now() };
    const view = await this.deps.router.withPrimary(claims.franchiseId, async ({ db }) => {
      try {
        return await db.transaction().execute((trx) => this.move(trx, move));
      } catch (error) {
        // Lost the race at the UPDATE: recompute after the rollback so the alternatives include the winner.
        if (error instanceof ChairTaken) throw slotUnavailable(await computeWindow(db, this.deps.clock.now(), error.window), startsAt.getTime(), true);
        throw error;
      }
    });
    await this.deps.changes.publish({ franchiseId: claims.franchiseId, locationId: view.locationId, kind: 'booking' });
    return view;
  }

  private async move(trx: Transaction<ShardDatabase>, request: MoveRequest): Promise<BookingView> {
    const { ctx, token, claims, startsAt, barberId: wanted, now } = request;
    const startMs = startsAt.getTime();
    const record = await this.lockBooking(trx, claims);
    this.requireChangeable(record, now, 'moved');
    // The booked length stays what the client booked, whatever the menu says today.
    const durationMs = record.endsAt.getTime() - record.startsAt.getTime();
    const bufferMs = record.blockedUntil.getTime() - record.endsAt.getTime();
    const windowRequest: WindowRequest = {
      franchiseId: claims.franchiseId,
      locationId: record.locationId,
      serviceId: record.serviceId,
      barberId: wanted,
      firstDate: new Date(startMs - DAY).toISOString().slice(0, 10),
      days: 3,
      excludeAppointmentId: record.id,
      length: { durationMs, bufferMs },
      allowInactiveService: true,
    };
    const window = await computeWindow(trx, now, windowRequest);
    const slot = window.slots.find((candidate) => candidate.start === startMs);
    if (!slot) throw slotUnavailable(window, startMs);
    const candidates = wanted
      ? [wanted]
      : rankForStart(window, startMs, slot.barberIds, { preferred: record.barberId, ...(this.deps.random && { random: this.deps.random }) });
    const times = { startsAt, endsAt: new Date(startMs + durationMs), blockedUntil: new Date(startMs + durationMs + bufferMs) };
    const barberId = await firstBarberThatFits(trx, candidates, (id) => moveAppointment(trx, claims.franchiseId, record.id, { ...times, barberId: id }, now));
    if (!barberId) throw new ChairTaken(windowRequest);
    const before = toBookingView(record, token);
    const view = toBookingView({ ...record, ...times, barberId, barberName: window.barberNames.get(barberId) ?? record.barberName }, token);
    await recordAudit(trx, ctx, {
      franchiseId: claims.franchiseId,
      action: 'booking.rescheduled',
      entity: 'appointment',
      entityId: record.id,
      before: { start: before.start, end: before.end, barberId: record.barberId },
      after: { start: view.start, end: view.end, barberId },
    });
    await queueBookingMessages(trx, 'rescheduled', bookingFacts({ ...record, ...times, barberId }), now);
    return view;
  }

  private async open(token: string): Promise<{ claims: ManageTokenClaims; db: Kysely<ShardDatabase> }> {
    const claims = await this.deps.tokens.verify(token);
    if (!claims) throw notFound('booking');
    try {
      const { db } = await this.deps.router.primaryFor(claims.franchiseId);
      return { claims, db };
    } catch (error) {
      // A genuine token of a franchise that no longer exists: the booking is gone.
      if (error instanceof DomainError && error.code === 'NotFound') throw notFound('booking');
      throw error;
    }
  }

  private async lockBooking(trx: Transaction<ShardDatabase>, claims: ManageTokenClaims): Promise<AppointmentRecord> {
    const record = await findAppointment(trx, claims.franchiseId, claims.appointmentId, { forUpdate: true });
    // An expired link is as dead as a forged one (DESIGN.md section 7: 404, no leak).
    if (!record || manageLinkExpired(record.endsAt, this.deps.clock.now())) throw notFound('booking');
    return record;
  }

  /** Clients may cancel or move only a booked appointment, and only until the location's cancellation window. */
  private requireChangeable(record: AppointmentRecord, now: Date, verb: 'cancelled' | 'moved'): void {
    if (record.status !== 'booked') {
      throw new DomainError('InvalidStateTransition', `A booking that is ${record.status.replace('_', ' ')} cannot be ${verb}.`);
    }
    if (now.getTime() > cancellableUntil(record)) {
      throw new DomainError(
        'CancellationWindowPassed',
        `This booking can no longer be ${verb} online: the shop asks for ${record.cancellationWindowHours} hours' notice. Please call the shop.`,
      );
    }
  }
}
