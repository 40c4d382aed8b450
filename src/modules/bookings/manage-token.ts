import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { readManageTokenSecret } from './manage-token.repository.js';
import { annotateRequest } from '../../observability/tracing/request-trace.js';

/**
 * The manage link's token: base64url(version ‖ franchiseId ‖ appointmentId ‖ MAC),
 * MAC = HMAC-SHA256(secret, version ‖ ids) truncated to 16 bytes. It names the
 * franchise (so the router finds the shard) and the booking, and is checked
 * without touching a database. 49 bytes → 66 characters.
 */
export interface ManageTokenClaims {
  readonly franchiseId: string;
  readonly appointmentId: string;
}

const VERSION = 1;
const MAC_BYTES = 16;
const TOKEN_BYTES = 1 + 16 + 16 + MAC_BYTES;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{66}$/;

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const mac = (secret: string, body: Buffer): Buffer => createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);

export function signManageToken(secret: string, claims: ManageTokenClaims): string {
  const body = Buffer.concat([Buffer.from([VERSION]), uuidBytes(claims.franchiseId), uuidBytes(claims.appointmentId)]);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/** The claims of a genuine token; null for anything tampered, truncated or malformed. */
export function verifyManageToken(secret: string, token: string): ManageTokenClaims | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // Reject non-canonical spellings of the same bytes (the last character carries spare bits).
  if (bytes.length !== TOKEN_BYTES || bytes[0] !== VERSION || bytes.toString('base64url') !== token) return null;
  const body = bytes.subarray(0, 33);
  if (!timingSafeEqual(bytes.subarray(33), mac(secret, body))) return null;
  return { franchiseId: uuidText(body.subarray(1, 17)), appointmentId: uuidText(body.subarray(17, 33)) };
}

/** Signs and checks tokens with platform_settings.manage_token_secret, read once from the catalog. */
export class ManageTokens {
  private secret: Promise<string> | undefined;

  constructor(private readonly catalog: Kysely<CatalogDatabase>) {}

  async issue(claims: ManageTokenClaims): Promise<string> {
    return signManageToken(await this.loadSecret(), claims);
  }

  async verify(token: string): Promise<ManageTokenClaims | null> {
    const claims = verifyManageToken(await this.loadSecret(), token);
    // The token is a secret and never recorded; the booking it names is, on the request's spans and logs.
    if (claims) annotateRequest({ franchiseId: claims.franchiseId, bookingId: claims.appointmentId });
    return claims;
  }

  private loadSecret(): Promise<string> {
    this.secret ??= readManageTokenSecret(this.catalog).catch((error: unknown) => {
        // Do not cache a failure (catalog briefly down): the next request tries again.
        this.secret = undefined;
        throw error;
      });
    return this.secret;
  }
}
