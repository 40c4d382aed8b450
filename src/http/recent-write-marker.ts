import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKeys } from '../shared/signing-keys.js';

/** How long after a write that browser's reads go to the primary, past the cache. */
export const RECENT_WRITE_SECONDS = 10;
const MAC_BYTES = 16;
const VALUE = /^(\d{1,5})\.(\d{1,15})\.([A-Za-z0-9_-]{22})$/;

const mac = (secret: string, keyId: number, expiresMs: number): Buffer =>
  createHmac('sha256', secret).update(`bb_rw:${keyId}:${expiresMs}`).digest().subarray(0, MAC_BYTES);

/**
 * The read-your-writes cookie's value: `keyId.expiresMs.mac`, signed with the
 * platform's signing keys (issue 11 item 6). A client can send any cookie, so
 * only a value this platform signed, and not yet expired, sends reads to the
 * primary; anything else is ignored and reads use the cache and replicas.
 */
export class RecentWriteMarker {
  constructor(
    private readonly keys: SigningKeys,
    private readonly now: () => number = Date.now,
  ) {}

  /** A signed value; `lifetimeSeconds` longer than the default only for the benchmark's uncached baseline. */
  async issue(lifetimeSeconds = RECENT_WRITE_SECONDS): Promise<string> {
    const key = await this.keys.current();
    const expiresMs = this.now() + lifetimeSeconds * 1000;
    return `${key.id}.${expiresMs}.${mac(key.secret, key.id, expiresMs).toString('base64url')}`;
  }

  async isGenuine(value: string | undefined): Promise<boolean> {
    const match = value === undefined ? null : VALUE.exec(value);
    if (!match) return false;
    const keyId = Number(match[1]);
    const expiresMs = Number(match[2]);
    if (expiresMs < this.now()) return false;
    const key = await this.keys.find(keyId);
    if (!key) return false;
    const given = Buffer.from(match[3] as string, 'base64url');
    return given.length === MAC_BYTES && timingSafeEqual(given, mac(key.secret, keyId, expiresMs));
  }
}
