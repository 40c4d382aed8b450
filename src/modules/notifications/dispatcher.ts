import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { OutboxChannel, ShardDatabase } from '../../db/shard-schema.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Clock } from '../../shared/clock.js';
import { PermanentSendError } from './channels/channel.js';
import type { Channels } from './channels/channel.js';
import { readMessageFacts } from './message-facts.repository.js';
import type { MessageFacts } from './message-facts.repository.js';
import { renderMessage } from './message-render.js';
import type { RenderedMessage } from './message-render.js';
import { claimDue, finishAttempt, holdFranchiseActive } from './outbox-claims.repository.js';
import type { Claimed, Outcome } from './outbox-claims.repository.js';
import { retryDelayMs } from './retry-backoff.js';
import { unsubscribePath } from './unsubscribe-token.js';
import type { UnsubscribeTokens } from './unsubscribe-token.js';
import { claimDueAccountMessages, finishAccountMessage } from './account-messages.repository.js';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { AccountMessage } from '../../shared/account-message-render.js';
import type { OutboxKind } from '../../db/shard-schema.js';

/** Account emails rendered at send time from the row they name; null: no longer pending, skip it. */
export interface AccountMessageSource {
  invitation(invitationId: string, publicBaseUrl: string): Promise<AccountMessage | null>;
  passwordReset(resetId: string, publicBaseUrl: string): Promise<AccountMessage | null>;
}

/** What a send needs to know of the row it sends (an outbox row or a catalog account message). */
interface Sendable {
  readonly franchiseId: string;
  readonly id: string;
  readonly kind: OutboxKind;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  readonly attempts: number;
}

const ACCOUNT_SENDER = 'BookedBarber';

/** Whether a recipient asked not to hear from this franchise on this channel (STOP, unsubscribe). */
export type SuppressionCheck = (franchiseId: string, channel: OutboxChannel, recipient: string) => Promise<boolean>;

export interface DispatchOptions {
  /** How long a claim is this worker's; past it another worker may take the message (a doubtful send). */
  readonly leaseMs: number;
  readonly batchSize: number;
  /** Messages sent at once per shard. */
  readonly concurrency: number;
  /** After this many attempts a message is dead. */
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
}

export const DEFAULT_DISPATCH_OPTIONS: DispatchOptions = {
  leaseMs: 60_000,
  batchSize: 50,
  concurrency: 8,
  maxAttempts: 6,
  backoffBaseMs: 30_000,
  backoffCapMs: 3_600_000,
};

export interface DispatcherDeps {
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly channels: Channels;
  /** A manage-link token for a booking (the bookings module signs them). */
  readonly manageToken: (claims: { franchiseId: string; appointmentId: string }) => Promise<string>;
  readonly unsubscribeTokens: UnsubscribeTokens;
  readonly publicBaseUrl: string;
  readonly isSuppressed: SuppressionCheck;
  /** Invitations (shard outbox) and password resets (catalog): rendered by their own modules. */
  readonly accountMessages?: AccountMessageSource;
  /** This worker's name on its leases. */
  readonly owner: string;
  readonly options: DispatchOptions;
  readonly random?: () => number;
}

const CLIENT_KINDS = new Set(['confirmation', 'reschedule', 'cancellation', 'reminder']);

/**
 * Sends due outbox messages of one shard. Each message is claimed (status
 * `sending`, attempts + 1, a lease), then sent inside a transaction that holds
 * the franchise's fence lock in shared mode and re-reads the booking, so a
 * move's fence waits for the send and a message is rendered as the booking is now.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** One batch; returns how many messages it claimed (a full batch: call again at once). */
  async runOnce(db: Kysely<ShardDatabase>, shardId: string): Promise<number> {
    const claimed = await claimDue(db, this.deps.owner, this.deps.clock.now(), this.deps.options.leaseMs, this.deps.options.batchSize);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < claimed.length) {
        const message = claimed[next++] as Claimed;
        await this.process(db, shardId, message);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.options.concurrency, claimed.length) }, lane));
    return claimed.length;
  }

  private async process(db: Kysely<ShardDatabase>, shardId: string, message: Claimed): Promise<void> {
    const log = this.deps.logger.child({ outboxId: message.id, franchiseId: message.franchiseId, shard: shardId, kind: message.kind, channel: message.channel });
    if (message.doubtful) {
      // The previous holder died mid-send: the provider may have the message. Resent with the
      // same Message-ID (email) or settled by Twilio's status callback naming this row (SMS).
      log.warn({ attempts: message.attempts }, 'lease expired while sending: resending a doubtful message');
      this.count(message, 'doubtful');
    }
    try {
      await db.transaction().execute(async (trx) => {
        if (!(await holdFranchiseActive(trx, message.franchiseId))) {
          // Fenced by a move: leave the claim; its lease expires on whichever shard holds the franchise next.
          log.info('franchise is being moved: not dispatched here');
          return;
        }
        const outcome = await this.attempt(trx, message, log);
        const now = this.deps.clock.now();
        if (!(await finishAttempt(trx, message, this.deps.owner, outcome, now))) {
          log.warn({ outcome: outcome.status }, 'lease lost before the attempt was recorded');
          return;
        }
        this.count(message, outcome.status);
        if (outcome.status === 'sent' || outcome.status === 'logged') {
          this.deps.metrics.notificationLateness.observe({ channel: message.channel, kind: message.kind }, Math.max(0, (now.getTime() - message.sendAfter.getTime()) / 1000));
        }
        log.info({ outcome: outcome.status, attempts: message.attempts, ...(outcome.error && { error: outcome.error }) }, 'outbox message attempt');
      });
    } catch (error) {
      // The row stays `sending`; its lease expires and it is tried again (nothing is dropped).
      log.error({ err: error }, 'could not record an outbox attempt');
    }
  }

  /**
   * One batch of the catalog's account messages (password resets). Claimed and
   * finished like outbox rows; a send whose worker died is retried when the lease expires.
   */
  async runAccountMessages(catalog: Kysely<CatalogDatabase>): Promise<number> {
    const { leaseMs, batchSize } = this.deps.options;
    const claimed = await claimDueAccountMessages(catalog, this.deps.owner, this.deps.clock.now(), leaseMs, batchSize);
    for (const row of claimed) {
      const log = this.deps.logger.child({ accountMessageId: row.id, kind: row.kind });
      const message: Sendable = { franchiseId: 'account', id: row.id, kind: row.kind, channel: 'email', recipient: row.recipient, attempts: row.attempts };
      try {
        const content = await this.deps.accountMessages?.passwordReset(row.subjectId, this.deps.publicBaseUrl);
        const outcome: Outcome = content
          ? await this.deliver(message, { ...content, ics: null }, ACCOUNT_SENDER, null, log)
          : { status: 'skipped', error: 'the reset link is no longer usable' };
        if (await finishAccountMessage(catalog, row.id, this.deps.owner, outcome, this.deps.clock.now())) this.count(message, outcome.status);
        log.info({ outcome: outcome.status, attempts: row.attempts }, 'account message attempt');
      } catch (error) {
        // The row stays `sending`; its lease expires and it is tried again.
        log.error({ err: error }, 'could not record an account message attempt');
      }
    }
    return claimed.length;
  }

  private async attempt(trx: Transaction<ShardDatabase>, message: Claimed, log: Logger): Promise<Outcome> {
    if (message.kind === 'invitation') {
      // Rendered from the invitation as it is now: a revoked, accepted or expired one is not sent.
      const content = await this.deps.accountMessages?.invitation(message.dedupeKey.slice('invitation:'.length), this.deps.publicBaseUrl);
      if (!content) return { status: 'skipped', error: 'the invitation is no longer pending' };
      return this.deliver(message, { ...content, ics: null }, ACCOUNT_SENDER, null, log);
    }
    const facts = message.appointmentId ? await readMessageFacts(trx, message.franchiseId, message.appointmentId) : undefined;
    if (!facts) return { status: 'skipped', error: 'the booking no longer exists' };
    const skip = skipReason(message, facts);
    if (skip) return { status: 'skipped', error: skip };
    const isClient = CLIENT_KINDS.has(message.kind);
    // Texts stop entirely after STOP; an email unsubscribe stops reminders, not confirmations.
    const suppressible = message.channel === 'sms' || message.kind === 'reminder';
    if (isClient && suppressible && (await this.deps.isSuppressed(message.franchiseId, message.channel, message.recipient))) {
      return { status: 'skipped', error: 'the recipient unsubscribed' };
    }

    const manageUrl = `${this.deps.publicBaseUrl}/manage/${await this.deps.manageToken({ franchiseId: message.franchiseId, appointmentId: facts.appointment.id })}`;
    const unsubscribeUrl =
      isClient && message.channel === 'email'
        ? `${this.deps.publicBaseUrl}${unsubscribePath(await this.deps.unsubscribeTokens.issue({ franchiseId: message.franchiseId, channel: 'email', recipient: message.recipient }))}`
        : null;
    const rendered = renderMessage({ kind: message.kind, channel: message.channel, change: changeOf(message.dedupeKey), facts, links: { manageUrl, unsubscribeUrl }, now: this.deps.clock.now() });
    return this.deliver(message, rendered, facts.appointment.locationName, unsubscribeUrl, log);
  }

  /** Hands a rendered message to its channel (or stores it as would-be-sent when none is configured). */
  private async deliver(message: Sendable, rendered: RenderedMessage, fromName: string, unsubscribeUrl: string | null, log: Logger): Promise<Outcome> {
    const stored = { subject: rendered.subject, bodyText: rendered.text, bodyHtml: rendered.html };
    const channel = this.deps.channels[message.channel];
    if (!channel) return { status: 'logged', ...stored };
    try {
      const result = await channel.send({
        franchiseId: message.franchiseId,
        outboxId: message.id,
        kind: message.kind,
        channel: message.channel,
        recipient: message.recipient,
        fromName,
        rendered,
        unsubscribeUrl,
      });
      return { status: 'sent', ...stored, providerMessageId: result.providerMessageId, error: null };
    } catch (error) {
      return this.failure(message, error, rendered, log);
    }
  }

  private failure(message: Sendable, error: unknown, rendered: RenderedMessage, log: Logger): Outcome {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const stored = { subject: rendered.subject, bodyText: rendered.text, bodyHtml: rendered.html, error: text.slice(0, 1000) };
    const { maxAttempts, backoffBaseMs, backoffCapMs } = this.deps.options;
    if (error instanceof PermanentSendError || message.attempts >= maxAttempts) {
      log.warn({ err: error, attempts: message.attempts }, 'outbox message is dead');
      return { status: 'dead', ...stored };
    }
    const delay = retryDelayMs(message.attempts, backoffBaseMs, backoffCapMs, this.deps.random);
    return { status: 'failed', ...stored, retryAt: new Date(this.deps.clock.now().getTime() + delay) };
  }

  private count(message: Pick<Sendable, 'channel' | 'kind'>, outcome: string): void {
    this.deps.metrics.notifications.inc({ channel: message.channel, kind: message.kind, outcome });
  }
}

/** Why a message about this booking should no longer go, or null. */
function skipReason(message: Claimed, facts: MessageFacts): string | null {
  const a = facts.appointment;
  const moved = message.appointmentStartsAt !== null && message.appointmentStartsAt.getTime() !== a.startsAt.getTime();
  switch (message.kind) {
    case 'reminder':
      if (a.status !== 'booked') return `the booking is ${a.status.replace('_', ' ')}`;
      if (moved) return 'the booking has moved';
      return null;
    case 'confirmation':
    case 'reschedule':
      if (a.status === 'cancelled') return 'the booking was cancelled before this went';
      return null;
    default:
      return null;
  }
}

/** The change a barber notice reports: `{appointment}:barber_notice:{change}:…`. */
function changeOf(dedupeKey: string): string {
  const [, kind, change] = dedupeKey.split(':');
  return kind === 'barber_notice' && change ? change : 'booked';
}
