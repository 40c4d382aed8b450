import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutboxChannel } from '../../db/shard-schema.js';
import type { SigningKeys } from '../../shared/signing-keys.js';

/**
 * The one-click unsubscribe link of a client email: `/api/v1/unsubscribe/{token}`.
 * token = base64url(JSON {v, k, f, c, r}) "." base64url(HMAC-SHA256 truncated to 16 bytes),
 * signed with the catalog's signing keys (rotation keeps old links working).
 * It names the franchise, the channel and the recipient to suppress.
 */
export interface UnsubscribeClaims {
  readonly franchiseId: string;
  readonly channel: OutboxChannel;
  readonly recipient: string;
}

interface Payload {
  readonly v: 1;
  readonly k: number;
  readonly f: string;
  readonly c: OutboxChannel;
  readonly r: string;
}

const mac = (secret: string, body: string): Buffer => createHmac('sha256', secret).update(`unsubscribe.${body}`).digest().subarray(0, 16);

export function unsubscribePath(token: string): string {
  return `/api/v1/unsubscribe/${token}`;
}

export class UnsubscribeTokens {
  constructor(private readonly keys: SigningKeys) {}

  async issue(claims: UnsubscribeClaims): Promise<string> {
    const key = await this.keys.current();
    const payload: Payload = { v: 1, k: key.id, f: claims.franchiseId, c: claims.channel, r: claims.recipient };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${mac(key.secret, body).toString('base64url')}`;
  }

  /** The claims of a genuine token; null for anything forged, tampered or signed by a retired key. */
  async verify(token: string): Promise<UnsubscribeClaims | null> {
    const [body, tag, ...rest] = token.split('.');
    if (!body || !tag || rest.length > 0 || token.length > 1024) return null;
    let payload: Partial<Payload>;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Payload>;
    } catch {
      return null;
    }
    if (payload.v !== 1 || typeof payload.k !== 'number' || typeof payload.f !== 'string' || typeof payload.r !== 'string') return null;
    if (payload.c !== 'email' && payload.c !== 'sms') return null;
    const key = await this.keys.find(payload.k);
    if (!key) return null;
    const given = Buffer.from(tag, 'base64url');
    const expected = mac(key.secret, body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { franchiseId: payload.f, channel: payload.c, recipient: payload.r };
  }
}
