import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { NotificationsConfig } from '../../config/config.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { newId } from '../../db/ids.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Clock } from '../../shared/clock.js';
import type { SigningKeys } from '../../shared/signing-keys.js';
import type { Channels } from './channels/channel.js';
import { EmailChannel } from './channels/email-channel.js';
import { SmsChannel } from './channels/sms-channel.js';
import { DEFAULT_DISPATCH_OPTIONS, Dispatcher } from './dispatcher.js';
import type { AccountMessageSource, DispatchOptions, SuppressionCheck } from './dispatcher.js';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { OutboxWorker } from './outbox-worker.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

/** Path of Twilio's status callback for one outbox row (signature-checked, twilio-status.routes.ts). */
export function twilioStatusPath(franchiseId: string, outboxId: string): string {
  return `/api/v1/webhooks/twilio/status/${franchiseId}/${outboxId}`;
}

/** The providers the configuration names; a missing one stores messages as they would have been sent. */
export function buildChannels(config: NotificationsConfig, connections = DEFAULT_DISPATCH_OPTIONS.concurrency): Channels {
  return {
    email: config.smtpUrl ? new EmailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom, timeoutMs: config.sendTimeoutMs, maxConnections: connections }) : null,
    sms: config.twilio
      ? new SmsChannel({
          ...config.twilio,
          timeoutMs: config.sendTimeoutMs,
          statusCallbackUrl: (franchiseId, outboxId) => `${config.publicBaseUrl}${twilioStatusPath(franchiseId, outboxId)}`,
        })
      : null,
  };
}

export interface NotificationsDeps {
  readonly config: NotificationsConfig;
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly signingKeys: SigningKeys;
  readonly manageToken: (claims: { franchiseId: string; appointmentId: string }) => Promise<string>;
  /** Filled by the suppression list (STOP, unsubscribe); nobody is suppressed until then. */
  readonly isSuppressed?: SuppressionCheck;
  readonly channels?: Channels;
  readonly options?: Partial<DispatchOptions>;
  /** The catalog, whose account_messages (password resets) the worker sends too. */
  readonly catalog?: Kysely<CatalogDatabase>;
  /** Renders invitations and password resets at send time. */
  readonly accountMessages?: AccountMessageSource;
}

export interface OutboxWorkerHandle {
  readonly worker: OutboxWorker;
  readonly channels: Channels;
  /** Stops the worker (sends in flight finish) and closes the provider connections. */
  close(): Promise<void>;
}

/** A worker with its dispatcher and channels, as `serve` and `worker` run it. */
export function buildOutboxWorker(deps: NotificationsDeps): OutboxWorkerHandle {
  const channels = deps.channels ?? buildChannels(deps.config, deps.options?.concurrency);
  const dispatcher = new Dispatcher({
    clock: deps.clock,
    metrics: deps.metrics,
    logger: deps.logger,
    channels,
    manageToken: deps.manageToken,
    unsubscribeTokens: new UnsubscribeTokens(deps.signingKeys),
    publicBaseUrl: deps.config.publicBaseUrl,
    isSuppressed: deps.isSuppressed ?? (async () => false),
    ...(deps.accountMessages && { accountMessages: deps.accountMessages }),
    owner: `${hostname()}:${process.pid}:${newId().slice(-8)}`,
    options: { ...DEFAULT_DISPATCH_OPTIONS, leaseMs: deps.config.leaseMs, maxAttempts: deps.config.maxAttempts, ...deps.options },
  });
  const worker = new OutboxWorker(deps.router, dispatcher, deps, { pollMs: deps.config.pollMs }, deps.catalog);
  return {
    worker,
    channels,
    close: async () => {
      await worker.stop();
      await Promise.all([channels.email?.close?.(), channels.sms?.close?.()]);
    },
  };
}
