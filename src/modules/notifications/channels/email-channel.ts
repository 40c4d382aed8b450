import nodemailer from 'nodemailer';
import type { Transporter, TransportOptions } from 'nodemailer';
import type { Channel, Delivery, SendResult } from './channel.js';
import { PermanentSendError } from './channel.js';

export interface EmailSettings {
  /** smtp://user:pass@host:port or smtps://…; SendGrid's SMTP relay works the same way. */
  readonly smtpUrl: string;
  /** The address messages come from; the shop's name is shown as the sender's name. */
  readonly from: string;
  readonly timeoutMs: number;
}

/**
 * Email over SMTP. The Message-ID is fixed per outbox row: when a worker died
 * after the server took a message but before the row said so, the resend
 * carries the same id, so it is recognisably the same message (research:
 * SMTP has no idempotency key).
 */
export class EmailChannel implements Channel {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly settings: EmailSettings) {
    this.transport = nodemailer.createTransport(settings.smtpUrl, {
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
    } as TransportOptions);
    this.domain = /@([^>\s]+)/.exec(settings.from)?.[1] ?? 'bookedbarber.local';
  }

  async send(delivery: Delivery): Promise<SendResult> {
    const messageId = `<${delivery.outboxId}@${this.domain}>`;
    const { rendered } = delivery;
    try {
      await this.transport.sendMail({
        from: { name: delivery.fromName, address: addressOf(this.settings.from) },
        to: delivery.recipient,
        subject: rendered.subject,
        text: rendered.text,
        ...(rendered.html !== null && { html: rendered.html }),
        messageId,
        headers: {
          'X-BookedBarber-Outbox-Id': delivery.outboxId,
          // RFC 8058 one-click: mail apps offer "unsubscribe" and POST to the link.
          ...(delivery.unsubscribeUrl !== null && { 'List-Unsubscribe': `<${delivery.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }),
        },
        ...(rendered.ics !== null && {
          icalEvent: { method: rendered.ics.includes('METHOD:CANCEL') ? 'CANCEL' : 'PUBLISH', filename: 'appointment.ics', content: rendered.ics },
        }),
      });
    } catch (error) {
      // 5xx SMTP replies to the recipient are permanent; connection trouble and 4xx are worth retrying.
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && (error as { command?: string }).command === 'RCPT TO') throw new PermanentSendError(`SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
    return { providerMessageId: messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}
