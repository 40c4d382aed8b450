import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { CacheOutcomes } from '../cache/cache-outcomes.js';
import { DomainError } from '../errors/domain-error.js';
import type { Metrics } from '../observability/metrics.js';
import type { RedisClient } from '../redis/redis-client.js';
import type { Session, SessionStore } from './session-store.js';
import { SESSION_ABSOLUTE_SECONDS, SESSION_TTL_SECONDS, remainingMs } from './session-store.js';

export interface RedisSessionStoreOptions {
  readonly ttlSeconds?: number;
  readonly absoluteSeconds?: number;
  readonly keyPrefix?: string;
}

interface StoredSession {
  readonly u: string;
  readonly c: number;
}

/** Past this many ids in a user's index, create() drops the ids of expired sessions. */
const PRUNE_AT = 32;
const TIER = 'sessions';

/**
 * Sessions in Redis: every API node sees them and they survive a restart.
 *
 * The session id is `<userId>.<43 random chars>`; keys are
 * `session:{<userId>}:<secret>` plus an index set `session:{<userId>}:index`
 * for signing out everywhere. The user id is the hash tag, so a user's session
 * keys and index share a Redis Cluster slot and one MULTI covers them. (The
 * user id is not a secret; the 256 random bits are.)
 *
 * Redis down: `touch` answers null (the user signs in again) and is counted in
 * cache_requests_total{tier="sessions",result="error"}; `create`, `delete` and
 * `deleteAllForUser` throw a 503 SessionStoreUnavailable with Retry-After: a sign-in
 * that no other node could see, or a sign-out that did not happen, must not
 * look like a success.
 */
export class RedisSessionStore implements SessionStore {
  readonly ttlSeconds: number;
  readonly absoluteSeconds: number;
  private readonly prefix: string;
  private readonly outcomes: CacheOutcomes;

  constructor(
    private readonly client: RedisClient,
    deps: { readonly metrics: Metrics; readonly logger: Logger },
    options: RedisSessionStoreOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? SESSION_TTL_SECONDS;
    this.absoluteSeconds = options.absoluteSeconds ?? SESSION_ABSOLUTE_SECONDS;
    this.prefix = options.keyPrefix ?? 'session';
    this.outcomes = new CacheOutcomes(deps.metrics, deps.logger);
  }

  async create(userId: string): Promise<Session> {
    if (!/^[^{}.\s]{1,128}$/.test(userId)) throw new Error('user id cannot be used in a session key');
    const secret = randomBytes(32).toString('base64url');
    const session: Session = { id: `${userId}.${secret}`, userId, createdAt: Date.now() };
    const stored: StoredSession = { u: userId, c: session.createdAt };
    const index = this.indexKey(userId);
    const results = await this.exec('sign in', () =>
      this.client
        .multi()
        .set(this.sessionKey(userId, secret), JSON.stringify(stored), 'EX', this.ttlSeconds)
        .sadd(index, secret)
        // The index lives as long as its newest session (touch extends both).
        .expire(index, this.ttlSeconds)
        .scard(index)
        .exec(),
    );
    const size = Number(results[3]?.[1] ?? 0);
    if (size > PRUNE_AT) await this.prune(userId);
    return session;
  }

  async touch(sessionId: string): Promise<Session | null> {
    const parsed = parseSessionId(sessionId);
    if (!parsed) {
      this.outcomes.miss(TIER);
      return null;
    }
    try {
      const results = await this.client
        .multi()
        .getex(this.sessionKey(parsed.userId, parsed.secret), 'EX', this.ttlSeconds)
        .expire(this.indexKey(parsed.userId), this.ttlSeconds)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('session transaction aborted');
      const stored = decode(results[0]?.[1]);
      if (!stored || stored.u !== parsed.userId) {
        this.outcomes.miss(TIER);
        return null;
      }
      // The sliding TTL was extended above; past the absolute end the session is deleted instead.
      if (remainingMs(stored.c, Date.now(), this.ttlSeconds, this.absoluteSeconds) <= 0) {
        await this.client.multi().del(this.sessionKey(parsed.userId, parsed.secret)).srem(this.indexKey(parsed.userId), parsed.secret).exec();
        this.outcomes.miss(TIER);
        return null;
      }
      this.outcomes.hit(TIER);
      return { id: sessionId, userId: stored.u, createdAt: stored.c };
    } catch (error) {
      // Signed out for now rather than a failed request; public pages keep working.
      this.outcomes.error(TIER, error, 'session lookup');
      return null;
    }
  }

  async delete(sessionId: string): Promise<void> {
    const parsed = parseSessionId(sessionId);
    if (!parsed) return;
    await this.exec('sign out', () =>
      this.client.multi().del(this.sessionKey(parsed.userId, parsed.secret)).srem(this.indexKey(parsed.userId), parsed.secret).exec(),
    );
  }

  async deleteAllForUser(userId: string): Promise<void> {
    if (!/^[^{}.\s]{1,128}$/.test(userId)) return;
    const index = this.indexKey(userId);
    const secrets = await this.exec('sign out everywhere', async () => [[null, await this.client.smembers(index)]]);
    const members = (secrets[0]?.[1] ?? []) as string[];
    if (members.length === 0) return;
    await this.exec('sign out everywhere', () =>
      this.client
        .multi()
        .del(...members.map((secret) => this.sessionKey(userId, secret)))
        .srem(index, ...members)
        .exec(),
    );
  }

  private async prune(userId: string): Promise<void> {
    try {
      const index = this.indexKey(userId);
      const members = await this.client.smembers(index);
      const alive = await Promise.all(members.map((secret) => this.client.exists(this.sessionKey(userId, secret))));
      const dead = members.filter((_, i) => alive[i] === 0);
      if (dead.length > 0) await this.client.srem(index, ...dead);
    } catch (error) {
      this.outcomes.warn(TIER, error, 'session index cleanup');
    }
  }

  private async exec(what: string, run: () => Promise<[Error | null, unknown][] | null>): Promise<[Error | null, unknown][]> {
    try {
      const results = await run();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('session transaction aborted');
      return results;
    } catch (error) {
      this.outcomes.warn(TIER, error, what);
      throw new DomainError('SessionStoreUnavailable', `Sessions are briefly unavailable (${what}); please retry.`, { retryAfterSeconds: 5, cause: error });
    }
  }

  private sessionKey(userId: string, secret: string): string {
    return `${this.prefix}:{${userId}}:${secret}`;
  }

  private indexKey(userId: string): string {
    return `${this.prefix}:{${userId}}:index`;
  }
}

function parseSessionId(sessionId: string): { userId: string; secret: string } | undefined {
  const match = /^([^{}.\s]{1,128})\.([A-Za-z0-9_-]{43})$/.exec(sessionId);
  return match?.[1] && match[2] ? { userId: match[1], secret: match[2] } : undefined;
}

function decode(value: unknown): StoredSession | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<StoredSession>;
    return typeof parsed.u === 'string' && typeof parsed.c === 'number' ? { u: parsed.u, c: parsed.c } : undefined;
  } catch {
    return undefined;
  }
}
