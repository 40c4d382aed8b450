import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../../shared/audit.repository.js';
import { findAppointment } from '../../shared/appointment-records.repository.js';
import { findLocation } from '../../shared/location-rows.repository.js';
import { isLocalDate, parseInstant } from '../../time/instants.js';
import { zoneClock } from '../../time/zone-clocks.js';
import type { AccessService } from '../access/access.service.js';
import { ALL_ROLES, MANAGERS, requireLocation } from '../access/access.service.js';
import { DEFAULT_MESSAGE_SETTINGS } from './message-settings.js';
import { findStoredSettings, saveSettings } from './message-settings.repository.js';
import { toMessageView } from './messages.mapper.js';
import { searchLocationMessages } from './messages.repository.js';
import type { LocationMessagesQueryInput, MessageListView, MessageSettingsInput, MessageSettingsView, MessageView } from './messages.schemas.js';
import { findMessage, listByAppointment, retryMessage } from './outbox.repository.js';

export interface MessagesDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly access: AccessService;
}

const DEFAULT_LIMIT = 100;

/** The staff side of notifications: what was sent about a booking or at a location, retries, and reminder settings. */
export class MessagesService {
  constructor(private readonly deps: MessagesDeps) {}

  async forAppointment(ctx: RequestContext, franchiseId: string, appointmentId: string): Promise<MessageListView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const appointment = await findAppointment(db, franchiseId, appointmentId);
    if (!appointment) throw notFound('appointment');
    requireLocation(access, appointment.locationId);
    const messages = await listByAppointment(db, franchiseId, appointmentId);
    return { messages: messages.map((m) => toMessageView(m, appointment.timezone)), truncated: false };
  }

  async forLocation(ctx: RequestContext, franchiseId: string, locationId: string, query: LocationMessagesQueryInput): Promise<MessageListView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    requireLocation(access, locationId);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const location = await findLocation(db, franchiseId, locationId);
    if (!location) throw notFound('location');
    const from = query.from === undefined ? null : bound(query.from, 'from', location.timezone, false);
    const to = query.to === undefined ? null : bound(query.to, 'to', location.timezone, true);
    if (from && to && to.getTime() <= from.getTime()) throw invalid('to', 'must be after from');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const messages = await searchLocationMessages(db, {
      franchiseId,
      locationId,
      status: query.status ?? null,
      kind: query.kind ?? null,
      channel: query.channel ?? null,
      from,
      to,
      limit: limit + 1,
    });
    return { messages: messages.slice(0, limit).map((m) => toMessageView(m, location.timezone)), truncated: messages.length > limit };
  }

  async retry(ctx: RequestContext, franchiseId: string, messageId: string): Promise<MessageView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const now = this.deps.clock.now();
    return this.deps.router.withPrimary(franchiseId, async ({ db }) => {
      const message = await findMessage(db, franchiseId, messageId);
      if (!message) throw notFound('message');
      requireLocation(access, message.locationId);
      const location = await findLocation(db, franchiseId, message.locationId);
      if (!location) throw notFound('location');
      return db.transaction().execute(async (trx) => {
        const retried = await retryMessage(trx, franchiseId, messageId, now);
        if (!retried) {
          throw new DomainError('InvalidStateTransition', `A message that is ${message.status} cannot be retried; only dead and failed ones can.`, {
            extensions: { currentStatus: message.status },
          });
        }
        await recordAudit(trx, ctx, {
          franchiseId,
          action: 'message.retried',
          entity: 'message',
          entityId: messageId,
          before: { status: message.status, attempts: message.attempts, lastError: message.lastError },
          after: { status: retried.status },
        });
        return toMessageView(retried, location.timezone);
      });
    });
  }

  async settings(ctx: RequestContext, franchiseId: string, locationId: string): Promise<MessageSettingsView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    requireLocation(access, locationId);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const location = await findLocation(db, franchiseId, locationId);
    if (!location) throw notFound('location');
    const stored = await findStoredSettings(db, franchiseId, locationId);
    const current = stored ?? DEFAULT_MESSAGE_SETTINGS;
    return {
      locationId,
      timezone: location.timezone,
      reminderOffsetsMinutes: [...current.reminderOffsetsMinutes],
      smsEnabled: current.smsEnabled,
      quietStart: current.quietStart,
      quietEnd: current.quietEnd,
      isDefault: stored === undefined,
    };
  }

  async updateSettings(ctx: RequestContext, franchiseId: string, locationId: string, input: MessageSettingsInput): Promise<MessageSettingsView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    requireLocation(access, locationId);
    for (const field of ['quietStart', 'quietEnd'] as const) if (!isClockTime(input[field])) throw invalid(field, 'must be a time of day HH:MM, 00:00 to 23:59');
    // Distinct and largest first: the order reminders go out in.
    const offsets = [...new Set(input.reminderOffsetsMinutes)].sort((a, b) => b - a);
    const now = this.deps.clock.now();
    const next = { reminderOffsetsMinutes: offsets, smsEnabled: input.smsEnabled, quietStart: input.quietStart, quietEnd: input.quietEnd };
    await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      const location = await trx.selectFrom('locations').select('id').where('franchise_id', '=', franchiseId).where('id', '=', locationId).forUpdate().executeTakeFirst();
      if (!location) throw notFound('location');
      const before = await findStoredSettings(trx, franchiseId, locationId);
      await saveSettings(trx, franchiseId, locationId, next, now);
      await recordAudit(trx, ctx, {
        franchiseId,
        action: 'location.message_settings_changed',
        entity: 'location',
        entityId: locationId,
        before: before ? { reminderOffsetsMinutes: before.reminderOffsetsMinutes, smsEnabled: before.smsEnabled, quietStart: before.quietStart, quietEnd: before.quietEnd } : { ...DEFAULT_MESSAGE_SETTINGS, isDefault: true },
        after: next,
      });
    }));
    return this.settings(ctx, franchiseId, locationId);
  }
}

const isClockTime = (text: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(text);

/** An instant, or a date read in the location zone (a `to` date includes its day). */
function bound(text: string, field: string, timezone: string, isEnd: boolean): Date {
  if (isLocalDate(text)) {
    const clock = zoneClock(timezone);
    const date = isEnd ? new Date(Date.parse(text) + 86_400_000).toISOString().slice(0, 10) : text;
    return new Date(clock.toInstant(date, 0));
  }
  const instant = parseInstant(text);
  if (!instant) throw invalid(field, 'must be a date YYYY-MM-DD or an ISO 8601 instant with an offset');
  return instant;
}
