import { randomBytes } from 'node:crypto';
import type { CacheOutcomes } from './cache-outcomes.js';
import type { CacheStore } from './cache-store.js';

/** A fresh, never-reused token: 72 random bits. */
export const newToken = (): string => randomBytes(9).toString('base64url');

export interface GenerationOptions {
  /** Tokens outlive every entry built on them (longest entry TTL is 1 h); an expired token is simply replaced. */
  readonly ttlMs?: number;
  /** How often a bump that failed (Redis unreachable) is retried. */
  readonly retryMs?: number;
}

/**
 * Generation tokens: every cache entry's key embeds the current token of what
 * it depends on; a write replaces the token, so every entry built on the old
 * one becomes unreachable at once (complete invalidation of thousands of
 * availability keys with one SET), and a reader that computed from old data
 * stores it under the old token, where nobody looks any more.
 *
 * Tokens are random, never counters: if Redis loses or evicts a token, the
 * replacement cannot collide with one that old entries still carry.
 */
export class Generations {
  private readonly pending = new Map<string, string>();
  private readonly pendingFranchises = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private retrying = false;
  private readonly ttlMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly store: CacheStore,
    private readonly outcomes: CacheOutcomes,
    options: GenerationOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 25 * 60 * 60 * 1000;
    this.retryMs = options.retryMs ?? 1000;
  }

  /** The current tokens of these keys (one hash tag), creating missing ones. Throws when the store fails. */
  async read(keys: readonly string[]): Promise<string[]> {
    const values = await this.store.mget(keys);
    return Promise.all(
      keys.map(async (key, index) => {
        const value = values[index];
        if (typeof value === 'string') return value;
        const { value: current } = await this.store.setIfAbsent(key, newToken(), this.ttlMs);
        if (typeof current !== 'string') throw new Error(`generation ${key} holds a non-token value`);
        return current;
      }),
    );
  }

  /**
   * Replaces the tokens. Never throws: when the store is unreachable the bump is
   * remembered, retried every `retryMs`, and this node bypasses the franchise's
   * cache until it lands (docs/CACHING.md, "When Redis is lost").
   */
  async bump(franchiseId: string, keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.bumpOne(franchiseId, key)));
  }

  isPending(franchiseId: string): boolean {
    return this.pendingFranchises.has(franchiseId);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async bumpOne(franchiseId: string, key: string): Promise<boolean> {
    try {
      await this.store.set(key, newToken(), this.ttlMs);
      this.settle(key);
      return true;
    } catch (error) {
      this.outcomes.error('invalidation', error, 'invalidation');
      this.remember(franchiseId, key);
      return false;
    }
  }

  private remember(franchiseId: string, key: string): void {
    if (!this.pending.has(key)) {
      this.pending.set(key, franchiseId);
      this.pendingFranchises.set(franchiseId, (this.pendingFranchises.get(franchiseId) ?? 0) + 1);
    }
    this.timer ??= setInterval(() => void this.retry(), this.retryMs).unref();
  }

  private settle(key: string): void {
    const franchiseId = this.pending.get(key);
    if (franchiseId === undefined) return;
    this.pending.delete(key);
    const left = (this.pendingFranchises.get(franchiseId) ?? 1) - 1;
    if (left > 0) this.pendingFranchises.set(franchiseId, left);
    else this.pendingFranchises.delete(franchiseId);
    if (this.pending.size === 0) this.close();
  }

  private async retry(): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    try {
      for (const [key] of [...this.pending]) {
        await this.store.set(key, newToken(), this.ttlMs);
        this.settle(key);
      }
    } catch {
      // Still unreachable; the next tick tries again.
    } finally {
      this.retrying = false;
    }
  }
}
