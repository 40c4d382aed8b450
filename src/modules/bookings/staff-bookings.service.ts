import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { AppointmentSource, ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { Metrics } from '../../observability/metrics.js';
import { recordAudit } from '../../shared/audit.repository.js';
import { findAppointment } from '../../shared/appointment-records.repository.js';
import type { Clock } from '../../shared/clock.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { RequestContext } from '../../shared/request-context.js';
import { parseInstant } from '../../time/instants.js';
import { MANAGERS, requireLocation } from '../access/access.service.js';
import type { AccessService, FranchiseAccess } from '../access/access.service.js';
import { toAppointmentView } from '../appointments/appointments.mapper.js';
import type { AppointmentView } from '../appointments/appointments.schemas.js';
import { computeWindow } from '../availability/availability-window.js';
import type { AvailabilityWindow, WindowRequest } from '../availability/availability-window.js';
import { moveAppointment } from './bookings.repository.js';
import { firstBarberThatFits } from './chair-claim.js';
import { requestHash } from './idempotency.js';
import { claimKey, findAnswer, storeAnswer } from './idempotency.repository.js';
import { requireClientChoice, resolveClient } from './staff-client.js';
import type { ClientSearchView, MoveInput, StaffCreateInput, WalkInInput } from './staff-bookings.schemas.js';
import { insertStaffAppointment, searchClients } from './staff-bookings.repository.js';
import { bookingFacts, queueBookingMessages } from '../notifications/booking-messages.js';
import { MISFIT_TEXT, firstFreeChair, staffMisfit } from '../availability/staff-rules.js';
import type { StaffMisfit } from '../availability/staff-rules.js';

export interface StaffBookingsDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly access: AccessService;
  /** Published after commit: the public slot list loses the time before staff get their answer. */
  readonly changes: FranchiseChanges;
  readonly random?: () => number;
}

export interface StaffAnswer {
  readonly body: AppointmentView;
  readonly replayed: boolean;
}

const DAY = 86_400_000;
const SEARCH_LIMIT = 20;

/** Thrown inside the transaction when a concurrent request committed the same key first. */
class KeyTakenMeanwhile extends Error {}

/** The front desk: find a client, book by phone, seat a walk-in, move an appointment. */
export class StaffBookingsService {
  constructor(private readonly deps: StaffBookingsDeps) {}

  async searchClients(ctx: RequestContext, franchiseId: string, text: string): Promise<ClientSearchView> {
    await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const trimmed = text.trim();
    if (trimmed.length < 2) throw invalid('q', 'must have at least 2 characters besides spaces');
    const { db } = await this.deps.router.primaryFor(franchiseId);
    return { clients: await searchClients(db, franchiseId, trimmed, SEARCH_LIMIT) };
  }

  /** A booking made by staff at a time they chose (STAFF_RULES), for a client found or added. */
  async create(ctx: RequestContext, franchiseId: string, input: StaffCreateInput, idempotencyKey?: string): Promise<StaffAnswer> {
    const startsAt = parseInstant(input.start);
    if (!startsAt) throw invalid('start', 'must be a real ISO 8601 instant with an offset');
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    requireLocation(access, input.locationId);
    requireClientChoice(input);
    const hash = requestHash(`POST /franchises/${franchiseId}/appointments`, input);
    const answer = await this.deps.router.withPrimary(franchiseId, ({ db }) =>
      this.once(db, franchiseId, idempotencyKey, hash, async (trx) => {
        const now = this.deps.clock.now();
        const window = await this.window(trx, now, { franchiseId, locationId: input.locationId, serviceId: input.serviceId, barberId: input.barberId }, startsAt);
        const barber = window.barbers[0];
        if (!barber) throw notFound('barber');
        const misfit = staffMisfit(window, barber, startsAt.getTime(), now.getTime());
        if (misfit) throw slotRefused(window, startsAt.getTime(), misfit);
        return this.insert(trx, ctx, window, { franchiseId, barberIds: [barber.id], startsAt, clientInput: input, notes: input.notes ?? null, source: 'staff', now });
      }),
    );
    if (!answer.replayed) await this.afterBooking(franchiseId, answer.body.locationId);
    return answer;
  }

  /**
   * The first free chair: the barber free for the whole service soonest from now
   * (now itself when someone is idle), the least busy of equals first.
   */
  async walkIn(ctx: RequestContext, franchiseId: string, input: WalkInInput, idempotencyKey?: string): Promise<StaffAnswer> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    requireLocation(access, input.locationId);
    requireClientChoice(input);
    const hash = requestHash(`POST /franchises/${franchiseId}/walk-ins`, input);
    const answer = await this.deps.router.withPrimary(franchiseId, ({ db }) =>
      this.once(db, franchiseId, idempotencyKey, hash, async (trx) => {
        const now = this.deps.clock.now();
        const window = await this.window(trx, now, { franchiseId, locationId: input.locationId, serviceId: input.serviceId, barberId: input.barberId ?? null }, now);
        const chair = firstFreeChair(window, now.getTime(), this.deps.random);
        if (!chair) throw new DomainError('NoFreeChair', 'No barber is free for this service again today.');
        return this.insert(trx, ctx, window, { franchiseId, barberIds: chair.barberIds, startsAt: new Date(chair.start), clientInput: input, notes: null, source: 'walk_in', now });
      }),
    );
    if (!answer.replayed) await this.afterBooking(franchiseId, answer.body.locationId);
    return answer;
  }

  /** As a client's reschedule, one UPDATE of the row; the staff rules decide what is allowed. */
  async move(ctx: RequestContext, franchiseId: string, id: string, input: MoveInput): Promise<AppointmentView> {
    const startsAt = parseInstant(input.start);
    if (!startsAt) throw invalid('start', 'must be a real ISO 8601 instant with an offset');
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute((trx) => this.moveIn(trx, ctx, access, id, startsAt, input.barberId ?? null)));
    await this.deps.changes.publish({ franchiseId, locationId: view.locationId, kind: 'booking' });
    return view;
  }

  private async moveIn(trx: Transaction<ShardDatabase>, ctx: RequestContext, access: FranchiseAccess, id: string, startsAt: Date, wanted: string | null): Promise<AppointmentView> {
    const { franchiseId } = access;
    const now = this.deps.clock.now();
    const record = await findAppointment(trx, franchiseId, id, { forUpdate: true });
    if (!record) throw notFound('appointment');
    requireLocation(access, record.locationId);
    if (record.status !== 'booked') {
      throw new DomainError('InvalidStateTransition', `An appointment that is ${record.status.replace('_', ' ')} cannot be moved.`, { extensions: { currentStatus: record.status } });
    }
    // The booked length stays what was booked, whatever the menu says today.
    const durationMs = record.endsAt.getTime() - record.startsAt.getTime();
    const bufferMs = record.blockedUntil.getTime() - record.endsAt.getTime();
    const window = await this.window(
      trx,
      now,
      { franchiseId, locationId: record.locationId, serviceId: record.serviceId, barberId: wanted ?? record.barberId },
      startsAt,
      { excludeAppointmentId: record.id, length: { durationMs, bufferMs }, allowInactiveService: true },
    );
    const barber = window.barbers[0];
    if (!barber) throw notFound('barber');
    const startMs = startsAt.getTime();
    const misfit = staffMisfit(window, barber, startMs, now.getTime());
    if (misfit) throw slotRefused(window, startMs, misfit);
    const times = { startsAt, endsAt: new Date(startMs + durationMs), blockedUntil: new Date(startMs + durationMs + bufferMs) };
    const moved = await firstBarberThatFits(trx, [barber.id], (barberId) => moveAppointment(trx, franchiseId, record.id, { ...times, barberId }, now));
    if (!moved) throw slotRefused(window, startMs, 'taken', true);
    const view = await this.viewAndTell(trx, franchiseId, record.id, 'rescheduled', now);
    const before = toAppointmentView(record, now);
    await recordAudit(trx, ctx, {
      franchiseId,
      action: 'appointment.moved',
      entity: 'appointment',
      entityId: record.id,
      before: { start: before.start, end: before.end, barberId: record.barberId },
      after: { start: view.start, end: view.end, barberId: view.barberId },
    });
    return view;
  }

  private async window(
    db: Kysely<ShardDatabase> | Transaction<ShardDatabase>,
    now: Date,
    what: { franchiseId: string; locationId: string; serviceId: string; barberId: string | null },
    around: Date,
    extra: Pick<WindowRequest, 'excludeAppointmentId' | 'length' | 'allowInactiveService'> = {},
  ): Promise<AvailabilityWindow> {
    // Three UTC days always contain the start's local day (and a service crossing midnight).
    return computeWindow(db, now, { ...what, ...extra, firstDate: new Date(around.getTime() - DAY).toISOString().slice(0, 10), days: 3 });
  }

  private async insert(
    trx: Transaction<ShardDatabase>,
    ctx: RequestContext,
    window: AvailabilityWindow,
    plan: { franchiseId: string; barberIds: readonly string[]; startsAt: Date; clientInput: StaffCreateInput | WalkInInput; notes: string | null; source: AppointmentSource; now: Date },
  ): Promise<AppointmentView> {
    const { location, service } = window;
    const { franchiseId } = plan;
    const clientId = await resolveClient(trx, franchiseId, location.id, plan.clientInput, plan.now);
    const id = newId();
    const endsAt = new Date(plan.startsAt.getTime() + window.rules.durationMs);
    const appointment = {
      franchiseId,
      id,
      locationId: location.id,
      serviceId: service.id,
      clientId,
      startsAt: plan.startsAt,
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + window.rules.bufferMs),
      priceCents: service.priceCents,
      depositCents: service.depositCents,
      currency: location.currency,
      notes: plan.notes,
      source: plan.source,
    };
    const barberId = await firstBarberThatFits(trx, plan.barberIds, (candidate) => insertStaffAppointment(trx, { ...appointment, barberId: candidate }, plan.now));
    // Lost to a concurrent booking: the database decided; nothing was written.
    if (!barberId) throw slotRefused(window, plan.startsAt.getTime(), 'taken', true);
    await recordAudit(trx, ctx, {
      franchiseId,
      action: plan.source === 'walk_in' ? 'appointment.walk_in' : 'appointment.created_by_staff',
      entity: 'appointment',
      entityId: id,
      after: { clientId, barberId, serviceId: service.id, start: window.clock.format(plan.startsAt.getTime()), end: window.clock.format(endsAt.getTime()), source: plan.source },
    });
    return this.viewAndTell(trx, franchiseId, id, 'created', plan.now);
  }

  /** The calendar entry as written, and the client's and barber's messages queued in the same transaction (the outbox). */
  private async viewAndTell(trx: Transaction<ShardDatabase>, franchiseId: string, id: string, change: 'created' | 'rescheduled', now: Date): Promise<AppointmentView> {
    const record = await findAppointment(trx, franchiseId, id);
    if (!record) throw notFound('appointment');
    await queueBookingMessages(trx, change, bookingFacts(record), now);
    return toAppointmentView(record, now);
  }

  /** After the commit and before the answer: once staff see the appointment, no node lists the time as free. */
  private async afterBooking(franchiseId: string, locationId: string): Promise<void> {
    await this.deps.changes.publish({ franchiseId, locationId, kind: 'booking' });
    const placement = await this.deps.router.placementOf(franchiseId);
    this.deps.metrics.bookingsCreated.inc({ region: placement.region, shard: placement.shardId });
  }

  /**
   * Runs `write` in a transaction, at most once per Idempotency-Key: the key is
   * claimed in the same transaction, and a repeat gets the stored answer.
   */
  private async once(
    db: Kysely<ShardDatabase>,
    franchiseId: string,
    key: string | undefined,
    hash: string,
    write: (trx: Transaction<ShardDatabase>) => Promise<AppointmentView>,
  ): Promise<StaffAnswer> {
    if (key === undefined) return { body: await db.transaction().execute(write), replayed: false };
    const replay = await this.replay(db, franchiseId, key, hash);
    if (replay) return replay;
    try {
      const body = await db.transaction().execute(async (trx) => {
        if (!(await claimKey(trx, franchiseId, key, hash))) throw new KeyTakenMeanwhile();
        const view = await write(trx);
        await storeAnswer(trx, franchiseId, key, view);
        return view;
      });
      return { body, replayed: false };
    } catch (error) {
      if (error instanceof KeyTakenMeanwhile || (error instanceof DomainError && error.code === 'SlotUnavailable')) {
        const answer = await this.replay(db, franchiseId, key, hash);
        if (answer) return answer;
      }
      if (error instanceof KeyTakenMeanwhile) {
        throw new DomainError('IdempotencyKeyInFlight', 'A request with this Idempotency-Key is still running; retry shortly.', { retryAfterSeconds: 1 });
      }
      throw error;
    }
  }

  private async replay(db: Kysely<ShardDatabase>, franchiseId: string, key: string, bodyDigest: string): Promise<StaffAnswer | undefined> {
    const stored = await findAnswer(db, franchiseId, key);
    if (!stored) return undefined;
    // A digest of the request body, not a secret: comparing it in constant time would protect nothing.
    if (stored.requestHash !== bodyDigest) throw new DomainError('IdempotencyKeyReused', 'This Idempotency-Key was used with a different request body.');
    return { body: stored.response as AppointmentView, replayed: true };
  }
}

/** 409 SlotUnavailable saying which staff rule refused the time (`reason`). */
export function slotRefused(window: AvailabilityWindow, startMs: number, misfit: StaffMisfit, raced = false): DomainError {
  const when = window.clock.format(startMs);
  const detail = raced ? `${when} was just taken by another booking.` : `${when} ${MISFIT_TEXT[misfit]}.`;
  return new DomainError('SlotUnavailable', detail, { extensions: { reason: misfit } });
}
