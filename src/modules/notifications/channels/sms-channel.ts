import twilio from 'twilio';
import type { Channel, Delivery, SendResult } from './channel.js';
import { PermanentSendError } from './channel.js';

export interface SmsSettings {
  readonly accountSid: string;
  readonly authToken: string;
  readonly from: string;
  /** Default Twilio's own; tests and staging point it at another server. */
  readonly apiUrl: string | undefined;
  /** Where Twilio posts status callbacks; the outbox row is named in the path. */
  readonly statusCallbackUrl: (franchiseId: string, outboxId: string) => string;
  readonly timeoutMs: number;
}

/** The SDK has no base-URL option: its request client, with every URL's origin rewritten (research file). */
function redirectingClient(origin: string, timeoutMs: number): twilio.RequestClient {
  const client = new twilio.RequestClient({ timeout: timeoutMs });
  const request = client.request.bind(client);
  const target = new URL(origin);
  client.request = ((opts) => {
    const uri = new URL(opts.uri);
    uri.protocol = target.protocol;
    uri.host = target.host;
    return request({ ...opts, uri: uri.toString() });
  }) as typeof client.request;
  return client;
}

/**
 * SMS through the twilio SDK. Twilio takes no idempotency key: the status
 * callback, whose URL names the outbox row, is how a doubtful send is settled.
 */
export class SmsChannel implements Channel {
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: SmsSettings) {
    const httpClient = settings.apiUrl ? redirectingClient(settings.apiUrl, settings.timeoutMs) : new twilio.RequestClient({ timeout: settings.timeoutMs });
    this.client = twilio(settings.accountSid, settings.authToken, { httpClient });
  }

  async send(delivery: Delivery): Promise<SendResult> {
    try {
      const message = await this.client.messages.create({
        to: delivery.recipient,
        from: this.settings.from,
        body: delivery.rendered.text,
        statusCallback: this.settings.statusCallbackUrl(delivery.franchiseId, delivery.outboxId),
      });
      return { providerMessageId: message.sid };
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 400: Twilio refused this number or body (invalid, unsubscribed); trying again changes nothing.
      if (status === 400) throw new PermanentSendError(`Twilio ${status}: ${(error as Error).message}`);
      throw error;
    }
  }
}
