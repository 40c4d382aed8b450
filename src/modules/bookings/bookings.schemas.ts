import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Cents, Currency, Email, FreeText, Instant, ProblemSchema, Slug, Uuid, problemResponses } from '../../http/common-schemas.js';
import { SlotSchema } from '../availability/availability.schemas.js';

export const Phone = Type.String({ pattern: '^\\+?[0-9(][0-9 ().-]{4,31}$', description: 'digits, spaces, ( ) . - and an optional leading +; stored as E.164, a number without + read in the shop country (its address, else its zone)' });

export const CreateBookingBody = Type.Object(
  {
    serviceId: Uuid,
    start: Instant,
    barberId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'omit or null: anyone free at that time' })),
    client: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 100 }),
        email: Email,
        phone: Type.Optional(Type.Union([Phone, Type.Null()])),
      },
      { additionalProperties: false },
    ),
    notes: Type.Optional(Type.Union([FreeText({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateBookingInput = Static<typeof CreateBookingBody>;

export const RescheduleBody = Type.Object(
  {
    start: Instant,
    barberId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'omit or null: the same barber if free, else anyone free' })),
  },
  { additionalProperties: false },
);
export type RescheduleInput = Static<typeof RescheduleBody>;

export const BookingResponse = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('booked'), Type.Literal('checked_in'), Type.Literal('completed'), Type.Literal('cancelled'), Type.Literal('no_show')]),
  start: Type.String({ description: 'ISO 8601 in the location zone' }),
  end: Type.String(),
  barberId: Uuid,
  serviceId: Uuid,
  priceCents: Cents,
  currency: Currency,
  manageToken: Type.String({ description: 'the secret of the manage link: GET/POST /bookings/{manageToken}…' }),
  locationId: Uuid,
  depositCents: Cents,
  timezone: Type.String(),
  locationSlug: Type.String(),
  locationName: Type.String(),
  barberName: Type.String(),
  serviceName: Type.String(),
  cancellableUntil: Type.String({ description: 'after this instant the manage link can no longer cancel or move the booking' }),
});
export type BookingView = Static<typeof BookingResponse>;

/** The 409 of booking and of moving a booking: a problem whose SlotUnavailable form offers other starts at once. */
export const SlotUnavailableProblem = Type.Object(
  {
    ...ProblemSchema.properties,
    alternatives: Type.Optional(
      Type.Array(SlotSchema, { description: 'code SlotUnavailable only: the next free starts for the same service (and barber, if one was asked for)' }),
    ),
  },
  {
    additionalProperties: true,
    description: 'RFC 9457 problem (application/problem+json). SlotUnavailable carries `alternatives`; the other 409 codes of the operation do not.',
  },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description: 'any printable ASCII, ≤ 200 chars' })),
});

export const createBookingRouteSchema = {
  tags: ['public booking'],
  operationId: 'createPublicBooking',
  security: [],
  summary: 'Book a slot',
  description:
    'The start must be one of the listed slots (GET …/availability). A start that is not free, off the slot grid, in the past, ' +
    'inside the minimum notice or beyond the horizon is 409 SlotUnavailable with `alternatives`; an unparsable instant is 400. ' +
    'With an Idempotency-Key, a repeat of the same body returns the stored 201 answer; another body under the same key is 409 IdempotencyKeyReused. ' +
    'Only successful answers are stored: a retry after an error is evaluated afresh.',
  params: Type.Object({ slug: Slug }),
  headers: IdempotencyHeaders,
  body: CreateBookingBody,
  response: { 201: BookingResponse, ...problemResponses(400, 404, 413, 415), 409: SlotUnavailableProblem },
} as const;

export const ManageParams = Type.Object({ manageToken: Type.String({ maxLength: 512, description: 'from the booking answer' }) });

export const getBookingRouteSchema = {
  tags: ['public booking'],
  operationId: 'getBooking',
  // The manage token in the path is the credential; no account.
  security: [],
  summary: 'A booking, by its manage link',
  params: ManageParams,
  response: { 200: BookingResponse, ...problemResponses(404) },
} as const;

export const cancelBookingRouteSchema = {
  tags: ['public booking'],
  operationId: 'cancelBooking',
  security: [],
  summary: 'Cancel a booking',
  description:
    'Allowed until cancellationWindowHours before the start (409 CancellationWindowPassed after). Cancelling a cancelled booking answers 200 again ' +
    '(idempotent); a booking already checked in, completed or marked no-show is 409 InvalidStateTransition. No body is needed (any is ignored).',
  params: ManageParams,
  response: { 200: BookingResponse, ...problemResponses(400, 404, 409) },
} as const;

export const rescheduleBookingRouteSchema = {
  tags: ['public booking'],
  operationId: 'rescheduleBooking',
  security: [],
  summary: 'Move a booking to another free slot',
  description:
    'One update of the same booking: the new slot is taken and the old one released together, or nothing changes. Same rules as booking; ' +
    'allowed only while the booking may still be cancelled (409 CancellationWindowPassed) and only while it is booked (409 InvalidStateTransition).',
  params: ManageParams,
  body: RescheduleBody,
  response: { 200: BookingResponse, ...problemResponses(400, 404), 409: SlotUnavailableProblem },
} as const;
