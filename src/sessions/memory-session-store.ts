import { randomBytes } from 'node:crypto';
import type { Session, SessionStore } from './session-store.js';
import { SESSION_ABSOLUTE_SECONDS, SESSION_TTL_SECONDS, remainingMs } from './session-store.js';

interface Entry {
  session: Session;
  expiresAt: number;
}

/** The embedded default's session store: one process, lost on restart. */
export class MemorySessionStore implements SessionStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly ttlSeconds = SESSION_TTL_SECONDS,
    private readonly now: () => number = Date.now,
    readonly absoluteSeconds = SESSION_ABSOLUTE_SECONDS,
  ) {}

  async create(userId: string): Promise<Session> {
    this.sweep();
    const session: Session = { id: randomBytes(32).toString('base64url'), userId, createdAt: this.now() };
    this.entries.set(session.id, { session, expiresAt: this.now() + this.ttlSeconds * 1000 });
    return session;
  }

  async touch(sessionId: string): Promise<Session | null> {
    const entry = this.entries.get(sessionId);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(sessionId);
      return null;
    }
    const left = remainingMs(entry.session.createdAt, this.now(), this.ttlSeconds, this.absoluteSeconds);
    if (left <= 0) {
      this.entries.delete(sessionId);
      return null;
    }
    entry.expiresAt = this.now() + left;
    return entry.session;
  }

  async delete(sessionId: string): Promise<void> {
    this.entries.delete(sessionId);
  }

  async deleteAllForUser(userId: string): Promise<void> {
    for (const [id, entry] of this.entries) if (entry.session.userId === userId) this.entries.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
