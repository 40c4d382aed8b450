export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: number;
}

/**
 * Where sign-in sessions live. In-process by default; Redis when REDIS_URL is
 * set, so that a session works on every API node and survives a restart.
 * Sessions slide: every `touch` extends them to `ttlSeconds` from now.
 */
export interface SessionStore {
  readonly ttlSeconds: number;
  create(userId: string): Promise<Session>;
  /** The live session, extended; null when unknown or expired. */
  touch(sessionId: string): Promise<Session | null>;
  delete(sessionId: string): Promise<void>;
  /** Signs the user out everywhere. */
  deleteAllForUser(userId: string): Promise<void>;
}

export const SESSION_TTL_SECONDS = 24 * 60 * 60;
