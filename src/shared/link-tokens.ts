import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKeys } from './signing-keys.js';

/**
 * Links sent by email that name one catalog row (an invitation, a password
 * reset): base64url(keyId:2 ‖ purpose:1 ‖ rowId:16 ‖ MAC:16), MAC = HMAC-SHA256
 * of the rest, truncated. The row holds expiry and single use; the MAC makes
 * row ids unguessable as links. Deterministic from the row id, so the message
 * can be rendered at send time (DESIGN.md section 11) without storing a secret.
 */
export type LinkPurpose = 'invitation' | 'password_reset';

const PURPOSE_BYTE: Readonly<Record<LinkPurpose, number>> = { invitation: 1, password_reset: 2 };
const MAC_BYTES = 16;
const BODY_BYTES = 2 + 1 + 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{47}$/;

const mac = (secret: string, body: Buffer): Buffer => createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);
const uuidText = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export class LinkTokens {
  constructor(private readonly keys: SigningKeys) {}

  async issue(purpose: LinkPurpose, rowId: string): Promise<string> {
    const key = await this.keys.current();
    const body = Buffer.concat([Buffer.from([key.id >> 8, key.id & 0xff, PURPOSE_BYTE[purpose]]), Buffer.from(rowId.replace(/-/g, ''), 'hex')]);
    return Buffer.concat([body, mac(key.secret, body)]).toString('base64url');
  }

  /** The row id of a genuine token for this purpose; null for anything else. */
  async verify(purpose: LinkPurpose, token: string): Promise<string | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== BODY_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return null;
    if (bytes[2] !== PURPOSE_BYTE[purpose]) return null;
    const key = await this.keys.find(((bytes[0] as number) << 8) | (bytes[1] as number));
    if (!key) return null;
    const body = bytes.subarray(0, BODY_BYTES);
    if (!timingSafeEqual(bytes.subarray(BODY_BYTES), mac(key.secret, body))) return null;
    return uuidText(body.subarray(3).toString('hex'));
  }
}

/** Where each link opens in the web app (the sender prefixes the public origin). */
export const LINK_PATHS: Readonly<Record<LinkPurpose, string>> = {
  invitation: '/app/invitation/',
  password_reset: '/app/reset-password/',
};

export function linkPath(purpose: LinkPurpose, token: string): string {
  return `${LINK_PATHS[purpose]}${token}`;
}
