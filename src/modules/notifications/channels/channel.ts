import type { OutboxChannel, OutboxKind } from '../../../db/shard-schema.js';
import type { RenderedMessage } from '../message-render.js';

/** One message handed to a provider. */
export interface Delivery {
  readonly franchiseId: string;
  readonly outboxId: string;
  readonly kind: OutboxKind;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  readonly fromName: string;
  readonly rendered: RenderedMessage;
  /** Client emails: the List-Unsubscribe target. */
  readonly unsubscribeUrl: string | null;
}

export interface SendResult {
  readonly providerMessageId: string;
}

/**
 * A provider behind one interface. `null` from `configured` channels means:
 * nothing configured, store the message as it would have been sent.
 */
export interface Channel {
  send(delivery: Delivery): Promise<SendResult>;
  close?(): Promise<void>;
}

/** An error the provider answered with that no retry can fix (bad address, rejected number). */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}

export interface Channels {
  readonly email: Channel | null;
  readonly sms: Channel | null;
}
