import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Cents, Currency, DateOrInstant, Uuid, problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';

const Status = Type.Union([Type.Literal('booked'), Type.Literal('checked_in'), Type.Literal('completed'), Type.Literal('cancelled'), Type.Literal('no_show')]);

export const CalendarQuery = Type.Object({
  from: DateOrInstant,
  to: DateOrInstant,
  locationId: Type.Optional(Uuid),
  barberId: Type.Optional(Uuid),
});

export const AppointmentItem = Type.Object({
  id: Uuid,
  status: Status,
  start: Type.String({ description: 'ISO 8601 in the location zone' }),
  end: Type.String(),
  locationId: Uuid,
  timezone: Type.String(),
  barberId: Uuid,
  serviceId: Uuid,
  barber: Type.Object({ id: Uuid, name: Type.String() }),
  service: Type.Object({ id: Uuid, name: Type.String() }),
  client: Type.Object({ id: Uuid, name: Type.String(), email: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) }),
  bookedAs: Type.Union([Type.Object({ name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], {
    description:
      'The name and phone given with this online booking. The client record (`client`) is matched by email and never changed by a ' +
      'public booking, so the two may differ. null for bookings made by staff or imported.',
  }),
  priceCents: Cents,
  depositCents: Cents,
  currency: Currency,
  notes: Type.Union([Type.String(), Type.Null()]),
  source: Type.String(),
  createdAt: Type.String(),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
});
export type AppointmentView = Static<typeof AppointmentItem>;

export const CalendarResponse = Type.Object({
  appointments: Type.Array(AppointmentItem),
  truncated: Type.Boolean({ description: 'true when more appointments matched than one answer carries: narrow the range' }),
});
export type CalendarView = Static<typeof CalendarResponse>;

export const AppointmentParams = Type.Object({ franchiseId: Uuid, id: Uuid });
export const StatusBody = Type.Object({ status: Status }, { additionalProperties: false });

export const calendarRouteSchema = {
  tags: ['staff'],
  operationId: 'listAppointments',
  summary: 'The calendar: appointments starting in [from, to)',
  description:
    'from and to are instants, or dates read in each location zone (a date `to` includes that day). ' +
    'Any member role; members limited to some locations see only those, and a barber member sees only their own column. ' +
    'At most 62 days; an inverted range is 400.',
  security: [{ session: [] }],
  params: FranchiseParams,
  querystring: CalendarQuery,
  response: { 200: CalendarResponse, ...problemResponses(400, 401, 403, 404) },
} as const;

export const changeStatusRouteSchema = {
  tags: ['staff'],
  operationId: 'changeAppointmentStatus',
  summary: 'Change an appointment status',
  description:
    'booked → checked_in → completed; booked or checked_in → no_show or cancelled. Anything else is 409 InvalidStateTransition. ' +
    'Cancelled and no-show appointments release the chair. A barber member may only set checked_in, completed or no_show, ' +
    'and only on appointments in their own column (403 otherwise).',
  security: [{ session: [] }],
  params: AppointmentParams,
  body: StatusBody,
  response: { 200: AppointmentItem, ...problemResponses(400, 401, 403, 404, 409) },
} as const;
