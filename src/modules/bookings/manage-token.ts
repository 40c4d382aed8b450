import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKeys } from '../../shared/signing-keys.js';
import { annotateRequest } from '../../observability/tracing/request-trace.js';

/**
 * The manage link's token: base64url(version ‖ keyId ‖ franchiseId ‖ appointmentId ‖ MAC),
 * MAC = HMAC-SHA256(key, everything before it) truncated to 16 bytes. It names the
 * franchise (so the router finds the shard), the booking and the signing key, and
 * is checked without touching a shard. 51 bytes → 68 characters.
 *
 * Version 1 (no key id, 66 characters) is what links sent before key rotation
 * carry; they verify with key 1 for as long as key 1 is not retired.
 */
export interface ManageTokenClaims {
  readonly franchiseId: string;
  readonly appointmentId: string;
}

/** How long after its appointment ends a manage link keeps working (docs/OPERATIONS.md). */
export const MANAGE_LINK_DAYS_AFTER_END = 30;

const MAC_BYTES = 16;
const LEGACY_KEY_ID = 1;
const FORMATS = {
  1: { headerBytes: 1, pattern: /^[A-Za-z0-9_-]{66}$/ },
  2: { headerBytes: 3, pattern: /^[A-Za-z0-9_-]{68}$/ },
} as const;

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const mac = (secret: string, body: Buffer): Buffer => createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);

export function signManageToken(key: { id: number; secret: string }, claims: ManageTokenClaims): string {
  const header = Buffer.from([2, key.id >> 8, key.id & 0xff]);
  const body = Buffer.concat([header, uuidBytes(claims.franchiseId), uuidBytes(claims.appointmentId)]);
  return Buffer.concat([body, mac(key.secret, body)]).toString('base64url');
}

/** The version-1 spelling (no key id): only tests make these now, to prove old links still work. */
export function signLegacyManageToken(secret: string, claims: ManageTokenClaims): string {
  const body = Buffer.concat([Buffer.from([1]), uuidBytes(claims.franchiseId), uuidBytes(claims.appointmentId)]);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

interface ParsedToken {
  readonly keyId: number;
  readonly body: Buffer;
  readonly tag: Buffer;
}

/** The token's parts, or null when it is not a well-formed token of a known version. */
export function parseManageToken(token: string): ParsedToken | null {
  const version = token.length === 66 ? 1 : token.length === 68 ? 2 : 0;
  if (version === 0) return null;
  const format = FORMATS[version as 1 | 2];
  if (!format.pattern.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // Reject non-canonical spellings of the same bytes (the last character carries spare bits).
  if (bytes[0] !== version || bytes.toString('base64url') !== token) return null;
  const bodyBytes = format.headerBytes + 32;
  if (bytes.length !== bodyBytes + MAC_BYTES) return null;
  const keyId = version === 1 ? LEGACY_KEY_ID : ((bytes[1] as number) << 8) | (bytes[2] as number);
  return { keyId, body: bytes.subarray(0, bodyBytes), tag: bytes.subarray(bodyBytes) };
}

/** The claims of a genuine token; null for anything tampered, truncated, malformed or signed by another key. */
export function verifyManageToken(key: { secret: string }, parsed: ParsedToken): ManageTokenClaims | null {
  if (!timingSafeEqual(parsed.tag, mac(key.secret, parsed.body))) return null;
  const ids = parsed.body.subarray(parsed.body.length - 32);
  return { franchiseId: uuidText(ids.subarray(0, 16)), appointmentId: uuidText(ids.subarray(16, 32)) };
}

/** Signs with the newest key and checks against every active key of the catalog's keyring. */
export class ManageTokens {
  constructor(private readonly keys: SigningKeys) {}

  async issue(claims: ManageTokenClaims): Promise<string> {
    return signManageToken(await this.keys.current(), claims);
  }

  async verify(token: string): Promise<ManageTokenClaims | null> {
    const parsed = parseManageToken(token);
    if (!parsed) return null;
    const key = await this.keys.find(parsed.keyId);
    const claims = key ? verifyManageToken(key, parsed) : null;
    // The token is a secret and never recorded; the booking it names is, on the request's spans and logs.
    if (claims) annotateRequest({ franchiseId: claims.franchiseId, bookingId: claims.appointmentId });
    return claims;
  }
}

/** Whether a manage link for a booking that ends at `endsAt` has expired. */
export function manageLinkExpired(endsAt: Date, now: Date): boolean {
  return now.getTime() > endsAt.getTime() + MANAGE_LINK_DAYS_AFTER_END * 86_400_000;
}
