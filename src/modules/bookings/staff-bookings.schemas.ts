import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Email, FreeText, Instant, LocalDate, Uuid, problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';
import { AppointmentItem } from '../appointments/appointments.schemas.js';
import { IdempotencyHeaders, Phone } from './bookings.schemas.js';

const NewClient = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    email: Email,
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  },
  { additionalProperties: false, description: 'a client to add (an email already on file picks that client, unchanged)' },
);

/** Who the appointment is for: a client found by search, or one to add. Exactly one of the two. */
const ClientChoice = {
  clientId: Type.Optional(Uuid),
  client: Type.Optional(NewClient),
};

export const StaffCreateBody = Type.Object(
  {
    locationId: Uuid,
    serviceId: Uuid,
    barberId: Uuid,
    start: Instant,
    ...ClientChoice,
    notes: Type.Optional(Type.Union([FreeText({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type StaffCreateInput = Static<typeof StaffCreateBody>;

export const WalkInBody = Type.Object(
  {
    locationId: Uuid,
    serviceId: Uuid,
    barberId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'omit or null: the first free chair' })),
    ...ClientChoice,
  },
  { additionalProperties: false },
);
export type WalkInInput = Static<typeof WalkInBody>;

export const MoveBody = Type.Object(
  {
    start: Instant,
    barberId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'omit or null: the same barber' })),
  },
  { additionalProperties: false },
);
export type MoveInput = Static<typeof MoveBody>;

export const SeriesBody = Type.Object(
  {
    locationId: Uuid,
    serviceId: Uuid,
    barberId: Uuid,
    start: Instant,
    everyWeeks: Type.Integer({ minimum: 1, maximum: 12 }),
    count: Type.Optional(Type.Integer({ minimum: 2, maximum: 52, description: 'how many occurrences, the first included' })),
    until: Type.Optional(LocalDate),
    ...ClientChoice,
    notes: Type.Optional(Type.Union([FreeText({ maxLength: 500 }), Type.Null()])),
    onConflict: Type.Optional(
      Type.Union([Type.Literal('refuse'), Type.Literal('skip')], {
        description: 'refuse (default): nothing is saved when any occurrence conflicts; skip: save the others',
      }),
    ),
  },
  { additionalProperties: false, description: 'give either count or until (a local date, inclusive); at most 52 occurrences' },
);
export type SeriesInput = Static<typeof SeriesBody>;

const Occurrence = Type.Object({
  start: Type.String({ description: 'ISO 8601 in the location zone' }),
  end: Type.String(),
  conflict: Type.Union([Type.String(), Type.Null()], { description: 'null when free; otherwise why this occurrence cannot be booked' }),
});

export const SeriesPreviewResponse = Type.Object({ occurrences: Type.Array(Occurrence) });
export type SeriesPreview = Static<typeof SeriesPreviewResponse>;

export const SeriesResponse = Type.Object({
  seriesId: Uuid,
  appointments: Type.Array(AppointmentItem),
  skipped: Type.Array(Occurrence),
});
export type SeriesView = Static<typeof SeriesResponse>;

export const ClientSearchQuery = Type.Object({
  q: Type.String({ minLength: 2, maxLength: 100, description: 'part of a name, an email, or a phone number' }),
});

const ClientItem = Type.Object({ id: Uuid, name: Type.String(), email: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) });
export const ClientSearchResponse = Type.Object({ clients: Type.Array(ClientItem) });
export type ClientSearchView = Static<typeof ClientSearchResponse>;

const AppointmentParams = Type.Object({ franchiseId: Uuid, id: Uuid });

const staffOverrides =
  'Staff rules (STAFF_RULES): any whole minute, inside the minimum notice and up to 15 minutes back, up to 730 days ahead; ' +
  "never outside the barber's working hours, in time off, or over another appointment (409 SlotUnavailable with a `reason`).";

export const searchClientsRouteSchema = {
  tags: ['staff'],
  operationId: 'searchClients',
  summary: "Find the franchise's clients by name, email or phone",
  description: 'At most 20, names starting with the text first. Any member role; a barber limited to some locations still finds every client of the franchise.',
  security: [{ session: [] }],
  params: FranchiseParams,
  querystring: ClientSearchQuery,
  response: { 200: ClientSearchResponse, ...problemResponses(400, 401, 403, 404) },
} as const;

export const staffCreateRouteSchema = {
  tags: ['staff'],
  operationId: 'createStaffAppointment',
  summary: 'Book an appointment for a client (phone or desk booking)',
  description: `${staffOverrides} Give clientId or client. With an Idempotency-Key, a repeat of the same body returns the stored answer.`,
  security: [{ session: [] }],
  params: FranchiseParams,
  headers: IdempotencyHeaders,
  body: StaffCreateBody,
  response: { 201: AppointmentItem, ...problemResponses(400, 401, 403, 404, 409) },
} as const;

export const walkInRouteSchema = {
  tags: ['staff'],
  operationId: 'createWalkIn',
  summary: 'A walk-in: the client takes the first chair that is free for the service',
  description:
    'Starts now when a barber is free for the whole service, otherwise at the earliest minute any barber (or the one asked for) is free today. ' +
    '409 NoFreeChair when nobody is free again today.',
  security: [{ session: [] }],
  params: FranchiseParams,
  headers: IdempotencyHeaders,
  body: WalkInBody,
  response: { 201: AppointmentItem, ...problemResponses(400, 401, 403, 404, 409) },
} as const;

export const moveRouteSchema = {
  tags: ['staff'],
  operationId: 'moveAppointment',
  summary: 'Move a booked appointment to another time or barber',
  description: `One update of the same row, as a client's reschedule: the new time is taken and the old one freed together, or nothing changes. ${staffOverrides}`,
  security: [{ session: [] }],
  params: AppointmentParams,
  body: MoveBody,
  response: { 200: AppointmentItem, ...problemResponses(400, 401, 403, 404, 409) },
} as const;

export const seriesPreviewRouteSchema = {
  tags: ['staff'],
  operationId: 'previewAppointmentSeries',
  summary: 'The occurrences of a repeating appointment and which of them conflict; saves nothing',
  security: [{ session: [] }],
  params: FranchiseParams,
  body: SeriesBody,
  response: { 200: SeriesPreviewResponse, ...problemResponses(400, 401, 403, 404) },
} as const;

export const seriesCreateRouteSchema = {
  tags: ['staff'],
  operationId: 'createAppointmentSeries',
  summary: 'Book a repeating appointment: every N weeks, for a count or until a date',
  description:
    'Each occurrence is an ordinary appointment. All or nothing by default (409 SeriesConflicts lists the occurrences); ' +
    'with onConflict "skip" the free occurrences are saved and the others listed in `skipped`.',
  security: [{ session: [] }],
  params: FranchiseParams,
  body: SeriesBody,
  response: { 201: SeriesResponse, ...problemResponses(400, 401, 403, 404, 409) },
} as const;
