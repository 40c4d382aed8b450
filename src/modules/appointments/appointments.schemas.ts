import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Cents, Currency, DateOrInstant, FreeText, Uuid, problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';

const Status = Type.Union([Type.Literal('booked'), Type.Literal('checked_in'), Type.Literal('completed'), Type.Literal('cancelled'), Type.Literal('no_show')]);

const StaffAction = Type.Union([Type.Literal('check_in'), Type.Literal('complete'), Type.Literal('no_show'), Type.Literal('cancel'), Type.Literal('undo')]);

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
  cancellationReason: Type.Union([Type.String(), Type.Null()], { description: 'as given by staff when cancelling; null otherwise' }),
  allowedActions: Type.Array(StaffAction, {
    description:
      'what the signed-in staff may do now, by the service\'s rules: check_in from 15 minutes before the start, complete and no_show from the start, ' +
      'cancel while booked or checked in, undo while undoableUntil has not passed. The staff app shows exactly these.',
  }),
  undoableUntil: Type.Union([Type.String(), Type.Null()], { description: 'until when the last staff status change can be undone (24 h after it); null when nothing can be undone' }),
  undoTo: Type.Union([Type.Literal('booked'), Type.Literal('checked_in'), Type.Null()], { description: 'the status an undo brings back' }),
  nextActionAt: Type.Union([Type.String(), Type.Null()], { description: 'when more actions open (check-in, then completed and no-show); null when none will' }),
});
export type AppointmentView = Static<typeof AppointmentItem>;

export const CalendarResponse = Type.Object({
  appointments: Type.Array(AppointmentItem),
  truncated: Type.Boolean({ description: 'true when more appointments matched than one answer carries: narrow the range' }),
});
export type CalendarView = Static<typeof CalendarResponse>;

export const AppointmentParams = Type.Object({ franchiseId: Uuid, id: Uuid });
export const StatusBody = Type.Object(
  {
    status: Status,
    // Why it was cancelled (only with status cancelled): shown to staff and kept in the audit entry.
    reason: Type.Optional(FreeText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const calendarRouteSchema = {
  tags: ['staff'],
  operationId: 'listAppointments',
  summary: 'The calendar: appointments starting in [from, to)',
  description:
    'from and to are instants, or dates read in each location zone (a date `to` includes that day). ' +
    'Any member role; members limited to some locations see only those, and a barber member sees only their own column. ' +
    'At most 62 days; an inverted range is 400. ' +
    'The answer carries an ETag; sending it back in If-None-Match gives 304 with no body while nothing changed.',
  security: [{ session: [] }],
  params: FranchiseParams,
  querystring: CalendarQuery,
  response: { 200: CalendarResponse, 304: Type.Null({ description: 'Not Modified: the answer still has the ETag sent in If-None-Match' }), ...problemResponses(400, 401, 403, 404) },
} as const;

export const changeStatusRouteSchema = {
  tags: ['staff'],
  operationId: 'changeAppointmentStatus',
  summary: 'Change an appointment status',
  description:
    'booked → checked_in → completed; booked or checked_in → no_show or cancelled. Anything else is 409 InvalidStateTransition. ' +
    'check_in opens 15 minutes before the start, completed and no_show at the start; earlier is 409 TooEarly with `opensAt`. ' +
    'Cancelled and no-show appointments release the chair. A change can be undone for 24 hours (undoAppointmentStatus). ' +
    'A barber member may only set checked_in, completed or no_show, and only on appointments in their own column (403 otherwise).',
  security: [{ session: [] }],
  params: AppointmentParams,
  body: StatusBody,
  response: { 200: AppointmentItem, ...problemResponses(400, 401, 403, 404, 409) },
} as const;

export const undoStatusRouteSchema = {
  tags: ['staff'],
  operationId: 'undoAppointmentStatus',
  summary: 'Undo the last staff status change',
  description:
    'Puts back the status the appointment had before the last staff change (booked or checked_in), within 24 hours of that change. ' +
    'Nothing to undo, or the window has passed: 409 NothingToUndo. Bringing back a cancelled or no-show appointment whose time was booked meanwhile: 409 SlotUnavailable.',
  security: [{ session: [] }],
  params: AppointmentParams,
  response: { 200: AppointmentItem, ...problemResponses(400, 401, 403, 404, 409) },
} as const;
