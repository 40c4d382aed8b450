import type { OutboxStatus } from '../../db/shard-schema.js';
import { zoneClock } from '../../time/zone-clocks.js';
import type { OutboxMessage } from './outbox.repository.js';
import { RETRYABLE_STATUSES } from './outbox.repository.js';
import type { MessageView } from './messages.schemas.js';

const STATUS_TEXT: Readonly<Record<OutboxStatus, string>> = {
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed, will retry',
  dead: 'dead: gave up',
  skipped: 'skipped',
  logged: 'not sent: no provider configured',
};

/** A message as the staff API shows it, times in its location's zone. Only the plain-text part leaves the server. */
export function toMessageView(message: OutboxMessage, timezone: string): MessageView {
  const clock = zoneClock(timezone);
  const at = (date: Date): string => clock.format(date.getTime());
  return {
    id: message.id,
    locationId: message.locationId,
    appointmentId: message.appointmentId,
    kind: message.kind,
    channel: message.channel,
    recipient: message.recipient,
    status: message.status,
    statusText: STATUS_TEXT[message.status],
    attempts: message.attempts,
    lastError: message.lastError,
    subject: message.subject,
    bodyText: message.bodyText,
    sendAfter: at(message.sendAfter),
    sentAt: message.sentAt ? at(message.sentAt) : null,
    createdAt: at(message.createdAt),
    updatedAt: at(message.updatedAt),
    canRetry: RETRYABLE_STATUSES.includes(message.status),
  };
}
