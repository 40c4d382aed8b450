import { Type } from 'typebox';
import type { Static } from 'typebox';
import { DateOrInstant, Uuid, problemResponses } from '../../http/common-schemas.js';
import { LocationParams } from '../../http/route-params.js';

const tags = ['staff'];
const security = [{ session: [] }];

const L = Type.Literal;
const Status = Type.Union([L('queued'), L('sending'), L('sent'), L('delivered'), L('failed'), L('dead'), L('skipped'), L('logged')]);
const Kind = Type.Union([L('confirmation'), L('reschedule'), L('cancellation'), L('reminder'), L('barber_notice'), L('invitation'), L('password_reset'), L('receipt')]);
const Channel = Type.Union([L('email'), L('sms')]);

export const MessageSchema = Type.Object({
  id: Uuid,
  locationId: Uuid,
  appointmentId: Type.Union([Uuid, Type.Null()]),
  kind: Kind,
  channel: Channel,
  recipient: Type.String({ description: 'email address or E.164 phone' }),
  status: Status,
  statusText: Type.String({ description: 'the status in words, as the staff app shows it; `logged` reads "not sent: no provider configured"' }),
  attempts: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'why the last attempt failed, or why the message was skipped' }),
  subject: Type.Union([Type.String(), Type.Null()], { description: 'null until rendered (at send time)' }),
  bodyText: Type.Union([Type.String(), Type.Null()], { description: 'the plain-text part as sent (or as it would have been sent)' }),
  sendAfter: Type.String({ description: 'when it falls due, ISO 8601 in the location zone' }),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  canRetry: Type.Boolean({ description: 'dead and failed messages can be sent again' }),
});
export type MessageView = Static<typeof MessageSchema>;

export const MessageListResponse = Type.Object({
  messages: Type.Array(MessageSchema),
  truncated: Type.Boolean({ description: 'more messages matched than one answer carries: narrow the filters' }),
});
export type MessageListView = Static<typeof MessageListResponse>;

export const LocationMessagesQuery = Type.Object(
  {
    status: Type.Optional(Status),
    kind: Type.Optional(Kind),
    channel: Type.Optional(Channel),
    from: Type.Optional(DateOrInstant),
    to: Type.Optional(DateOrInstant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type LocationMessagesQueryInput = Static<typeof LocationMessagesQuery>;

const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM (00:00–23:59), wall clock in the location zone' });

export const MessageSettingsBody = Type.Object(
  {
    reminderOffsetsMinutes: Type.Array(Type.Integer({ minimum: 1, maximum: 20160 }), {
      maxItems: 5,
      description: 'reminders this many minutes before the start (at most 2 weeks, at most 5 of them); [] sends none',
    }),
    smsEnabled: Type.Boolean({ description: 'text clients who gave a phone (confirmations, changes, reminders)' }),
    quietStart: Time,
    quietEnd: Time,
  },
  { additionalProperties: false },
);
export type MessageSettingsInput = Static<typeof MessageSettingsBody>;

export const MessageSettingsResponse = Type.Object({
  locationId: Uuid,
  timezone: Type.String(),
  reminderOffsetsMinutes: Type.Array(Type.Integer()),
  smsEnabled: Type.Boolean(),
  quietStart: Time,
  quietEnd: Time,
  isDefault: Type.Boolean({ description: 'true while the location uses the defaults (24 h and 2 h, texts on, quiet 21:00–08:00)' }),
});
export type MessageSettingsView = Static<typeof MessageSettingsResponse>;

export const AppointmentMessagesParams = Type.Object({ franchiseId: Uuid, id: Uuid });
export const MessageParams = Type.Object({ franchiseId: Uuid, messageId: Uuid });

export const appointmentMessagesRouteSchema = {
  tags,
  operationId: 'listAppointmentMessages',
  summary: 'Messages about one appointment',
  description: 'Confirmations, changes, reminders and barber notices of the booking, oldest first, with their status. Any member who may see its location.',
  security,
  params: AppointmentMessagesParams,
  response: { 200: MessageListResponse, ...problemResponses(400, 401, 403, 404) },
} as const;

export const locationMessagesRouteSchema = {
  tags,
  operationId: 'listLocationMessages',
  summary: "A location's messages: dead and failed first, then newest",
  description:
    'Filters: status, kind, channel, and a creation range [from, to) (instants, or dates read in the location zone; a date `to` includes that day). ' +
    'Any member who may see the location.',
  security,
  params: LocationParams,
  querystring: LocationMessagesQuery,
  response: { 200: MessageListResponse, ...problemResponses(400, 401, 403, 404) },
} as const;

export const retryMessageRouteSchema = {
  tags,
  operationId: 'retryMessage',
  summary: 'Send a dead or failed message again',
  description: 'Queues it now with a fresh attempt budget. Anything else (queued, sent, skipped…) is 409 InvalidStateTransition. Audited.',
  security,
  params: MessageParams,
  response: { 200: MessageSchema, ...problemResponses(400, 401, 403, 404, 409) },
} as const;

export const getMessageSettingsRouteSchema = {
  tags,
  operationId: 'getMessageSettings',
  summary: "A location's reminder settings",
  security,
  params: LocationParams,
  response: { 200: MessageSettingsResponse, ...problemResponses(400, 401, 403, 404) },
} as const;

export const putMessageSettingsRouteSchema = {
  tags,
  operationId: 'putMessageSettings',
  summary: "Set a location's reminder settings",
  description: 'Owners and managers. Applies to bookings made or moved from now on; reminders already queued keep their time. Audited.',
  security,
  params: LocationParams,
  body: MessageSettingsBody,
  response: { 200: MessageSettingsResponse, ...problemResponses(400, 401, 403, 404) },
} as const;
