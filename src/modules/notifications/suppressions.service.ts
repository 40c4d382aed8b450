import twilio from 'twilio';
import type { Logger } from 'pino';
import type { ShardRouter } from '../../db/shard-router.js';
import type { OutboxChannel } from '../../db/shard-schema.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Clock } from '../../shared/clock.js';
import { addSuppression, findSuppression, franchisesTexting, removeSuppression } from './suppressions.repository.js';
import type { UnsubscribeTokens } from './unsubscribe-token.js';

export interface SuppressionsDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly tokens: UnsubscribeTokens;
  /** Unset: Twilio is not configured, and no inbound post can be genuine. */
  readonly twilioAuthToken: string | undefined;
}

export interface UnsubscribeState {
  readonly channel: OutboxChannel;
  /** The address, partly hidden: the link may be forwarded. */
  readonly recipient: string;
  readonly unsubscribed: boolean;
}

export interface InboundText {
  /** The URL Twilio posted to (PUBLIC_BASE_URL + path): the signature covers it. */
  readonly url: string;
  readonly signature: string | undefined;
  readonly params: Readonly<Record<string, string>>;
}

// Twilio's own opt-out and opt-in keywords (it blocks the number pair itself too; we stop queuing texts).
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP', 'OPTIN']);

/**
 * Who asked not to hear from a franchise: the one-click unsubscribe of client
 * emails (reminders stop), and STOP/START replies to texts (all texts stop).
 * The dispatcher asks `isSuppressed` before every send to a client.
 */
export class SuppressionsService {
  constructor(private readonly deps: SuppressionsDeps) {}

  readonly isSuppressed = async (franchiseId: string, channel: OutboxChannel, recipient: string): Promise<boolean> => {
    const found = await this.deps.router.withPrimary(franchiseId, ({ db }) => findSuppression(db, franchiseId, channel, recipient));
    return found !== undefined;
  };

  /** What the link would do, without doing it (a GET: mail scanners follow links). */
  async state(token: string): Promise<UnsubscribeState> {
    const claims = await this.verified(token);
    const found = await this.deps.router.withPrimary(claims.franchiseId, ({ db }) => findSuppression(db, claims.franchiseId, claims.channel, claims.recipient));
    return { channel: claims.channel, recipient: mask(claims.recipient), unsubscribed: found !== undefined };
  }

  /** RFC 8058 one-click: records the suppression; a second click changes nothing and answers the same. */
  async unsubscribe(token: string): Promise<UnsubscribeState> {
    const claims = await this.verified(token);
    const now = this.deps.clock.now();
    const added = await this.deps.router.withPrimary(claims.franchiseId, ({ db }) =>
      addSuppression(db, { franchiseId: claims.franchiseId, channel: claims.channel, recipient: claims.recipient, reason: 'unsubscribe' }, now),
    );
    if (added) this.deps.logger.info({ franchiseId: claims.franchiseId, channel: claims.channel }, 'a client unsubscribed from reminders');
    return { channel: claims.channel, recipient: mask(claims.recipient), unsubscribed: true };
  }

  /**
   * A text a client sent to our number. STOP suppresses texts to that number for
   * every franchise that has texted it (the sender number is shared, so the reply
   * names no franchise); START lifts it. Anything else is ignored.
   * Returns the number of franchises changed.
   */
  async inboundText(text: InboundText): Promise<number> {
    const authToken = this.deps.twilioAuthToken;
    if (!authToken || !text.signature || !twilio.validateRequest(authToken, text.signature, text.url, { ...text.params })) {
      this.deps.metrics.webhookEvents.inc({ provider: 'twilio', outcome: 'bad_signature' });
      throw new DomainError('Forbidden', 'The request signature is not valid.');
    }
    const word = (text.params.Body ?? '').trim().toUpperCase();
    const from = (text.params.From ?? '').trim();
    const action = STOP_WORDS.has(word) ? 'stop' : START_WORDS.has(word) ? 'start' : undefined;
    if (!action || !/^\+[1-9]\d{6,14}$/.test(from)) {
      this.deps.metrics.webhookEvents.inc({ provider: 'twilio', outcome: 'ignored' });
      return 0;
    }
    const franchises = new Set<string>();
    for (const shard of await this.deps.router.shards()) {
      const { db } = await this.deps.router.shard(shard.id);
      for (const franchiseId of await franchisesTexting(db, from)) franchises.add(franchiseId);
    }
    const now = this.deps.clock.now();
    let changed = 0;
    for (const franchiseId of franchises) {
      // Routed per franchise: a franchise moved since its rows were read is written on its new shard.
      const did = await this.deps.router.withPrimary(franchiseId, ({ db }) =>
        action === 'stop' ? addSuppression(db, { franchiseId, channel: 'sms', recipient: from, reason: 'stop' }, now) : removeSuppression(db, franchiseId, 'sms', from),
      );
      if (did) changed += 1;
    }
    this.deps.metrics.webhookEvents.inc({ provider: 'twilio', outcome: 'applied' });
    this.deps.logger.info({ action, franchises: franchises.size, changed }, 'an inbound text changed the SMS suppression list');
    return changed;
  }

  private async verified(token: string): Promise<{ franchiseId: string; channel: OutboxChannel; recipient: string }> {
    const claims = await this.deps.tokens.verify(token);
    // Forged, tampered and unknown tokens look alike: nothing to find here.
    if (!claims) throw notFound('unsubscribe link');
    return claims;
  }
}

/** d***@example.com, +1******0147: enough to recognise, not enough to harvest. */
function mask(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient.slice(0, 1)}***${recipient.slice(at)}`;
  return recipient.length > 6 ? `${recipient.slice(0, 2)}${'*'.repeat(recipient.length - 6)}${recipient.slice(-4)}` : recipient;
}
