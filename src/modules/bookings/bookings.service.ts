import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Metrics } from '../../observability/metrics.js';
import { parseInstant } from '../../time/instants.js';
import { recordAudit } from '../../shared/audit.repository.js';
import { phoneCountryOf, toE164 } from '../../shared/contact/phone-number.js';
import { findLocation } from '../../shared/location-rows.repository.js';
import { computeWindow } from '../availability/availability-window.js';
import type { AvailabilityWindow, WindowRequest } from '../availability/availability-window.js';
import { rankForStart } from '../availability/barber-choice.js';
import type { LocationDirectory, LocationRef } from '../locations/location-directory.js';
import { toBookingView } from './bookings.mapper.js';
import { findOrCreateClient, insertAppointmentQuery } from './bookings.repository.js';
import type { BookingView, CreateBookingInput } from './bookings.schemas.js';
import { ChairTaken, firstBarberThatFits } from './chair-claim.js';
import { requestHash } from './idempotency.js';
import { claimKey, findAnswer, storeAnswer } from './idempotency.repository.js';
import type { ManageTokens } from './manage-token.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { RateLimits } from '../../rate-limits/rate-limits.js';
import { slotUnavailable } from './slot-unavailable.js';
import { queueBookingMessages } from '../notifications/booking-messages.js';

export interface BookingsDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly directory: LocationDirectory;
  readonly tokens: ManageTokens;
  /** Published after commit: caches drop the location's availability before the answer is sent. */
  readonly changes: FranchiseChanges;
  readonly rateLimits: RateLimits;
  /** Tie-break among equally busy barbers; tests pin it. */
  readonly random?: () => number;
}

export interface BookingAnswer {
  readonly body: BookingView;
  /** True when an Idempotency-Key replay returned a stored answer. */
  readonly replayed: boolean;
}

const DAY = 86_400_000;

/** Thrown inside the transaction when a concurrent request committed the same key first. */
class KeyTakenMeanwhile extends Error {}

interface BookRequest {
  readonly input: CreateBookingInput;
  readonly startsAt: Date;
  readonly client: ClientDetails;
  readonly idempotency?: { readonly key: string; readonly hash: string };
}

interface BookingPlan extends BookRequest {
  readonly ref: LocationRef;
  readonly window: AvailabilityWindow;
  readonly windowRequest: WindowRequest;
  readonly appointmentId: string;
  readonly manageToken: string;
  readonly candidates: readonly string[];
  readonly now: Date;
}

interface ClientDetails {
  readonly email: string;
  readonly name: string;
  readonly phone: string | null;
}

/** Public booking: validates a start against the same slot engine as the list, then lets the database decide races. */
export class BookingsService {
  constructor(private readonly deps: BookingsDeps) {}

  async create(ctx: RequestContext, slug: string, input: CreateBookingInput, idempotencyKey?: string): Promise<BookingAnswer> {
    const startsAt = parseInstant(input.start);
    if (!startsAt) throw invalid('start', 'must be a real ISO 8601 instant with an offset');
    const client = normalizeClient(input.client);
    const ref = await this.deps.directory.resolve(slug);
    // Counted once per request, however often a move's fence makes the write run again.
    let limited = false;
    const enforceLimitsOnce = async (): Promise<void> => {
      if (limited) return;
      await this.enforceLimits(ctx, ref, client);
      limited = true;
    };
    // A write refused because the franchise just moved shards runs once more on its new shard.
    return this.deps.router.withPrimary(ref.franchiseId, async ({ db }) =>
      this.createOn(ctx, db, ref, slug, input, startsAt, await withE164Phone(db, ref, client), idempotencyKey, enforceLimitsOnce),
    );
  }

  private async createOn(
    ctx: RequestContext,
    db: Kysely<ShardDatabase>,
    ref: LocationRef,
    slug: string,
    input: CreateBookingInput,
    startsAt: Date,
    client: ClientDetails,
    idempotencyKey: string | undefined,
    enforceLimits: () => Promise<void>,
  ): Promise<BookingAnswer> {
    const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, hash: requestHash(`POST /locations/${slug}/bookings`, input) };
    if (!idempotency) {
      await enforceLimits();
      return this.book(ctx, db, ref, { input, startsAt, client });
    }

    // A replay of an answer already given is never refused by the rate limits.
    const replay = await this.replay(db, ref.franchiseId, idempotency);
    if (replay) return replay;
    await enforceLimits();
    try {
      return await this.book(ctx, db, ref, { input, startsAt, client, idempotency });
    } catch (error) {
      // The same key was in flight elsewhere and won (it took the key, or the slot we both wanted):
      // its committed answer is ours too. Otherwise the error stands.
      if (error instanceof KeyTakenMeanwhile || (error instanceof DomainError && error.code === 'SlotUnavailable')) {
        const answer = await this.replay(db, ref.franchiseId, idempotency);
        if (answer) return answer;
      }
      if (error instanceof KeyTakenMeanwhile) {
        throw new DomainError('IdempotencyKeyInFlight', 'A request with this Idempotency-Key is still running; retry shortly.', { retryAfterSeconds: 1 });
      }
      throw error;
    }
  }

  private async book(ctx: RequestContext, db: Kysely<ShardDatabase>, ref: LocationRef, request: BookRequest): Promise<BookingAnswer> {
    const { input, startsAt, client, idempotency } = request;
    const now = this.deps.clock.now();
    const startMs = startsAt.getTime();
    // The zone is known only after the query: three UTC days always contain the start's local day.
    const windowRequest: WindowRequest = {
      franchiseId: ref.franchiseId,
      locationId: ref.locationId,
      serviceId: input.serviceId,
      barberId: input.barberId ?? null,
      firstDate: new Date(startMs - DAY).toISOString().slice(0, 10),
      days: 3,
    };
    const window = await computeWindow(db, now, windowRequest);
    const slot = window.slots.find((candidate) => candidate.start === startMs);
    if (!slot) throw slotUnavailable(window, startMs);
    // "Anyone": the least busy barber that day first; the others follow if the insert loses a race.
    const candidates = input.barberId ? [input.barberId] : rankForStart(window, startMs, slot.barberIds, this.deps.random ? { random: this.deps.random } : {});

    const appointmentId = newId();
    const manageToken = await this.deps.tokens.issue({ franchiseId: ref.franchiseId, appointmentId });
    const plan: BookingPlan = { ref, window, windowRequest, input, client, idempotency, appointmentId, manageToken, startsAt, candidates, now };
    let body: BookingView;
    try {
      body = await db.transaction().execute((trx) => this.commit(trx, ctx, plan));
    } catch (error) {
      // Lost the race at the insert: recompute after the rollback so the alternatives include the winner.
      if (error instanceof ChairTaken) throw slotUnavailable(await computeWindow(db, this.deps.clock.now(), error.window), startMs, true);
      throw error;
    }
    // After the commit and before the answer: once the client has its 201, no node lists the slot.
    await this.deps.changes.publish({ franchiseId: ref.franchiseId, locationId: ref.locationId, kind: 'booking' });
    const placement = await this.deps.router.placementOf(ref.franchiseId);
    this.deps.metrics.bookingsCreated.inc({ region: placement.region, shard: placement.shardId });
    return { body, replayed: false };
  }

  /** Varying the email alone gets around none of these: address, address at this location, and the location itself. */
  private async enforceLimits(ctx: RequestContext, ref: LocationRef, client: ClientDetails): Promise<void> {
    await this.deps.rateLimits.enforce('bookingPerIp', ctx.ip);
    await this.deps.rateLimits.enforce('bookingPerDevice', `${ref.locationId}|${ctx.ip}`);
    await this.deps.rateLimits.enforce('bookingPerEmail', client.email);
    // Last: a request refused above does not use up the shop's shared budget.
    await this.deps.rateLimits.enforce('bookingPerLocation', ref.locationId);
  }

  /** The booking's transaction: the key, the client, the first chair that fits, the audit row, the stored answer. */
  private async commit(trx: Transaction<ShardDatabase>, ctx: RequestContext, plan: BookingPlan): Promise<BookingView> {
    const { ref, window, input, client, idempotency, appointmentId, startsAt, now } = plan;
    const { location, service } = window;
    if (idempotency && !(await claimKey(trx, ref.franchiseId, idempotency.key, idempotency.hash))) throw new KeyTakenMeanwhile();
    const clientId = await findOrCreateClient(trx, { franchiseId: ref.franchiseId, ...client }, now);
    const endsAt = new Date(startsAt.getTime() + window.rules.durationMs);
    const appointment = {
      franchiseId: ref.franchiseId,
      id: appointmentId,
      locationId: location.id,
      serviceId: service.id,
      clientId,
      startsAt,
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + window.rules.bufferMs),
      // Copied now: later menu changes never rewrite what this client agreed to pay.
      priceCents: service.priceCents,
      depositCents: service.depositCents,
      currency: location.currency,
      notes: input.notes ?? null,
      given: { name: client.name, phone: client.phone },
    };
    const barberId = await firstBarberThatFits(trx, plan.candidates, (id) => insertAppointmentQuery(trx, { ...appointment, barberId: id }, now).execute());
    if (!barberId) throw new ChairTaken(plan.windowRequest);
    const view = toBookingView(
      {
        ...appointment,
        barberId,
        status: 'booked',
        source: 'online',
        createdAt: now,
        cancelledAt: null,
        previousStatus: null,
        statusChangedAt: null,
        cancellationReason: null,
        locationSlug: location.slug,
        locationName: location.name,
        timezone: location.timezone,
        cancellationWindowHours: location.cancellationWindowHours,
        barberName: window.barberNames.get(barberId) ?? '',
        serviceName: service.name,
        clientName: client.name,
        clientEmail: client.email,
        clientPhone: client.phone,
        givenName: client.name,
        givenPhone: client.phone,
      },
      plan.manageToken,
    );
    await recordAudit(trx, ctx, {
      franchiseId: ref.franchiseId,
      action: 'booking.created',
      entity: 'appointment',
      entityId: appointmentId,
      after: { clientId, barberId, serviceId: service.id, start: view.start, end: view.end, priceCents: service.priceCents, currency: location.currency },
    });
    // Same transaction: the booking and its confirmation and reminders commit together or not at all.
    await queueBookingMessages(trx, 'created', { franchiseId: ref.franchiseId, appointmentId, locationId: location.id, barberId, startsAt, clientEmail: client.email, clientPhone: client.phone }, now);
    if (idempotency) await storeAnswer(trx, ref.franchiseId, idempotency.key, view);
    return view;
  }

  private async replay(db: Kysely<ShardDatabase>, franchiseId: string, idempotency: { key: string; hash: string }): Promise<BookingAnswer | undefined> {
    const stored = await findAnswer(db, franchiseId, idempotency.key);
    if (!stored) return undefined;
    if (stored.requestHash !== idempotency.hash) {
      throw new DomainError('IdempotencyKeyReused', 'This Idempotency-Key was used with a different request body.');
    }
    return { body: stored.response as BookingView, replayed: true };
  }
}

function normalizeClient(client: CreateBookingInput['client']): ClientDetails {
  const name = client.name.trim();
  if (name.length === 0) throw invalid('client.name', 'must not be blank');
  const phone = client.phone?.trim() || null;
  return { email: client.email.trim().toLowerCase(), name, phone };
}

/** The phone as E.164, a number typed without + read in the shop's country; a 400 naming the field otherwise. */
async function withE164Phone(db: Kysely<ShardDatabase>, ref: LocationRef, client: ClientDetails): Promise<ClientDetails> {
  if (client.phone === null) return client;
  const location = await findLocation(db, ref.franchiseId, ref.locationId);
  if (!location) throw notFound('location');
  const result = toE164(client.phone, phoneCountryOf(location));
  if (!result.ok) throw invalid('client.phone', result.message);
  return { ...client, phone: result.e164 };
}
