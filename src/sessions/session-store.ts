export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: number;
}

/**
 * Where sign-in sessions live. In-process by default; Redis when REDIS_URL is
 * set, so that a session works on every API node and survives a restart.
 * Sessions slide: every `touch` extends them to `ttlSeconds` from now, but
 * never past `absoluteSeconds` after sign-in (a stolen cookie kept busy dies too).
 */
export interface SessionStore {
  readonly ttlSeconds: number;
  readonly absoluteSeconds: number;
  create(userId: string): Promise<Session>;
  /** The live session, extended; null when unknown or expired. */
  touch(sessionId: string): Promise<Session | null>;
  delete(sessionId: string): Promise<void>;
  /** Signs the user out everywhere. */
  deleteAllForUser(userId: string): Promise<void>;
}

export const SESSION_TTL_SECONDS = 24 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 60 * 60;

/** Milliseconds a session may still live: the sliding TTL, cut at its absolute end (≤ 0: over). */
export function remainingMs(createdAt: number, now: number, ttlSeconds: number, absoluteSeconds: number): number {
  return Math.min(ttlSeconds * 1000, createdAt + absoluteSeconds * 1000 - now);
}
