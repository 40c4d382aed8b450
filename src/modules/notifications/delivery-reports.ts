import twilio from 'twilio';
import type { NotificationsConfig } from '../../config/config.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError } from '../../errors/domain-error.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Clock } from '../../shared/clock.js';
import { recordDelivery } from './outbox-claims.repository.js';

export interface StatusCallback {
  readonly franchiseId: string;
  readonly outboxId: string;
  /** The URL Twilio posted to, as Twilio saw it (PUBLIC_BASE_URL + path and query): the signature covers it. */
  readonly url: string;
  readonly signature: string | undefined;
  readonly params: Readonly<Record<string, string>>;
}

const DELIVERED = new Set(['delivered']);
const FAILED = new Set(['failed', 'undelivered']);

/**
 * Twilio's status callbacks: a signed form post naming the outbox row in its
 * URL. Delivered marks the message delivered; failed or undelivered marks it
 * dead with Twilio's error code, for staff to see and retry. Intermediate
 * states (queued, sent) change nothing. A bad signature changes nothing either.
 */
export class DeliveryReports {
  constructor(private readonly deps: { readonly router: ShardRouter; readonly clock: Clock; readonly metrics: Metrics; readonly config: NotificationsConfig }) {}

  async twilioStatus(callback: StatusCallback): Promise<void> {
    const authToken = this.deps.config.twilio?.authToken;
    if (!authToken || !callback.signature || !twilio.validateRequest(authToken, callback.signature, callback.url, { ...callback.params })) {
      this.deps.metrics.webhookEvents.inc({ provider: 'twilio', outcome: 'bad_signature' });
      throw new DomainError('Forbidden', 'The request signature is not valid.');
    }
    const status = callback.params.MessageStatus ?? callback.params.SmsStatus ?? '';
    const sid = callback.params.MessageSid ?? callback.params.SmsSid ?? '';
    const outcome = DELIVERED.has(status) ? 'delivered' : FAILED.has(status) ? 'failed' : undefined;
    if (!outcome || sid === '') {
      this.deps.metrics.webhookEvents.inc({ provider: 'twilio', outcome: 'ignored' });
      return;
    }
    const error = outcome === 'failed' ? `Twilio: ${status}${callback.params.ErrorCode ? ` (error ${callback.params.ErrorCode})` : ''}` : null;
    const kind = await this.deps.router.withPrimary(callback.franchiseId, ({ db }) =>
      recordDelivery(db, callback.franchiseId, callback.outboxId, outcome, sid, error, this.deps.clock.now()),
    );
    this.deps.metrics.webhookEvents.inc({ provider: 'twilio', outcome: kind ? 'applied' : 'unknown_message' });
    if (kind) this.deps.metrics.notifications.inc({ channel: 'sms', kind, outcome: outcome === 'delivered' ? 'delivered' : 'undelivered' });
  }
}
