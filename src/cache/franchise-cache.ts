import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { CacheOutcomes } from './cache-outcomes.js';
import type { CacheTier } from './cache-outcomes.js';
import { cacheKeys, franchiseKey } from './cache-keys.js';
import type { CacheStore } from './cache-store.js';
import { Generations, newToken } from './generations.js';
import type { GenerationOptions } from './generations.js';
import type { InvalidationBus } from './invalidation-bus.js';
import { SingleFlight } from './single-flight.js';
import { TtlLru } from './ttl-lru.js';

/** What one cached value is, and what makes it stale. */
export interface CacheEntry {
  /** The `tier` label of cache_requests_total. */
  readonly tier: CacheTier;
  /** Key under the franchise, from `cacheKeys` (e.g. `cacheKeys.locationPage(locationId)`). */
  readonly key: string;
  readonly ttlSeconds: number;
  /**
   * Set for values that change with bookings (availability): the entry is then
   * versioned by this location's booking generation as well as the franchise's.
   */
  readonly bookingsAt?: string | undefined;
}

export interface LockOptions {
  /** A crashed lock holder blocks nobody longer than this. */
  readonly ttlMs: number;
  /** How long another node waits for the holder's value before computing itself. */
  readonly waitMs: number;
  readonly pollMs: number;
}

export interface FranchiseCacheOptions {
  readonly store: CacheStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** The franchise's region (its placement): the first part of every key. */
  readonly regionOf: (franchiseId: string) => Promise<string>;
  /** In-process copies in front of a shared store (0 = none). Default 2000 for Redis, 0 for memory. */
  readonly localEntries?: number;
  /** Drops other nodes' in-process copies after a write (Redis only). */
  readonly bus?: InvalidationBus;
  readonly lock?: Partial<LockOptions>;
  readonly generations?: GenerationOptions;
}

interface Envelope {
  readonly v: unknown;
  /** Absolute expiry (ms), so an in-process copy never outlives the shared entry. */
  readonly e: number;
}

type LockResult = { readonly kind: 'held'; readonly key: string; readonly token: string } | { readonly kind: 'filled'; readonly value: unknown } | { readonly kind: 'none' };

const DEFAULT_LOCK: LockOptions = { ttlMs: 3000, waitMs: 400, pollMs: 15 };

/**
 * Cache-aside for franchise data (docs/CACHING.md). Reads go
 * in-process copy → store → compute, with one computation per key per node
 * (single-flight) and, on a shared store, a short cross-node lock. Writes
 * replace generation tokens before they answer, so after a write returns no
 * node serves the old value. Cache failures never reach the caller: they are
 * counted and the value is computed from the database.
 */
export class FranchiseCache {
  private readonly store: CacheStore;
  private readonly outcomes: CacheOutcomes;
  private readonly regionOf: (franchiseId: string) => Promise<string>;
  private readonly generations: Generations;
  private readonly local: TtlLru<unknown> | undefined;
  private readonly flights = new SingleFlight();
  private readonly lock: LockOptions;
  private readonly bus: InvalidationBus | undefined;

  constructor(options: FranchiseCacheOptions) {
    this.store = options.store;
    this.outcomes = new CacheOutcomes(options.metrics, options.logger);
    this.regionOf = options.regionOf;
    this.generations = new Generations(options.store, this.outcomes, options.generations);
    const localEntries = options.localEntries ?? (options.store.shared ? 2000 : 0);
    this.local = localEntries > 0 ? new TtlLru<unknown>(localEntries) : undefined;
    this.lock = { ...DEFAULT_LOCK, ...options.lock };
    this.bus = options.bus;
  }

  /** Subscribes to other nodes' invalidations (no-op without a bus). */
  async start(): Promise<void> {
    await this.bus?.start((franchiseId) => this.local?.deleteTag(franchiseId));
  }

  /** Entries held in this process (tests and stats). */
  get localSize(): number {
    return this.local?.size ?? 0;
  }

  /**
   * The cached value, or `compute()`'s (then stored). Errors thrown by `compute`
   * reach the caller and are not cached; cache errors never do. The value is
   * shared between callers: do not mutate it.
   */
  async cached<T>(franchiseId: string, entry: CacheEntry, compute: () => Promise<T>): Promise<T> {
    const region = await this.regionOf(franchiseId);
    if (this.generations.isPending(franchiseId)) {
      this.outcomes.error(entry.tier, new Error('an invalidation of this franchise has not reached Redis yet'), 'lookup');
      return compute();
    }
    let key: string;
    try {
      key = await this.versionedKey(region, franchiseId, entry);
    } catch (error) {
      this.outcomes.error(entry.tier, error, 'lookup');
      return compute();
    }
    const { result, joined } = this.flights.run(key, () => this.load(key, entry, compute));
    // A caller that joined a computation in flight is served without one: a hit.
    if (joined) this.outcomes.hit(entry.tier);
    return result as Promise<T>;
  }

  /**
   * After a write to the franchise's menu, staff, hours, schedules, time off,
   * location settings, or its placement: every entry of the franchise is stale.
   * Pass `regions` on a placement flip between regions (old and new).
   */
  async invalidateFranchise(franchiseId: string, regions?: readonly string[]): Promise<void> {
    const targets = regions ?? [await this.regionOf(franchiseId)];
    await this.generations.bump(
      franchiseId,
      targets.map((region) => franchiseKey(region, franchiseId, cacheKeys.franchiseGeneration)),
    );
    this.dropLocal(franchiseId);
  }

  /** After a booking is created, cancelled, rescheduled or changes status at this location. */
  async invalidateBookings(franchiseId: string, locationId: string): Promise<void> {
    const region = await this.regionOf(franchiseId);
    await this.generations.bump(franchiseId, [franchiseKey(region, franchiseId, cacheKeys.bookingGeneration(locationId))]);
    this.dropLocal(franchiseId);
  }

  async close(): Promise<void> {
    this.generations.close();
    this.local?.clear();
    await this.bus?.close();
  }

  private dropLocal(franchiseId: string): void {
    this.local?.deleteTag(franchiseId);
    this.bus?.publish(franchiseId);
  }

  private async versionedKey(region: string, franchiseId: string, entry: CacheEntry): Promise<string> {
    const generationKeys = [franchiseKey(region, franchiseId, cacheKeys.franchiseGeneration)];
    if (entry.bookingsAt !== undefined) generationKeys.push(franchiseKey(region, franchiseId, cacheKeys.bookingGeneration(entry.bookingsAt)));
    const tokens = await this.generations.read(generationKeys);
    return `${franchiseKey(region, franchiseId, entry.key)}@${tokens.join('.')}`;
  }

  private async load<T>(key: string, entry: CacheEntry, compute: () => Promise<T>): Promise<T> {
    const local = this.local?.get(key);
    if (local !== undefined) {
      this.outcomes.hit(entry.tier);
      return local as T;
    }
    let stored: unknown;
    try {
      stored = await this.store.get(key);
    } catch (error) {
      this.outcomes.error(entry.tier, error, 'lookup');
      return compute();
    }
    if (isEnvelope(stored)) {
      this.outcomes.hit(entry.tier);
      return this.keepLocal(key, stored) as T;
    }
    this.outcomes.miss(entry.tier);
    const lock = await this.acquire(key, entry.tier);
    if (lock.kind === 'filled') return lock.value as T;
    try {
      const value = await compute();
      await this.save(key, value, entry);
      return value;
    } finally {
      if (lock.kind === 'held') await this.release(lock.key, lock.token, entry.tier);
    }
  }

  private async save(key: string, value: unknown, entry: CacheEntry): Promise<void> {
    const envelope: Envelope = { v: value, e: Date.now() + entry.ttlSeconds * 1000 };
    this.keepLocal(key, envelope);
    try {
      await this.store.set(key, envelope, entry.ttlSeconds * 1000);
    } catch (error) {
      this.outcomes.warn(entry.tier, error, 'store');
    }
  }

  private keepLocal(key: string, envelope: Envelope): unknown {
    this.local?.set(key, envelope.v, envelope.e);
    return envelope.v;
  }

  /** Across nodes: one computes under SET NX PX; the others poll briefly for its value, then compute anyway. */
  private async acquire(key: string, tier: CacheTier): Promise<LockResult> {
    if (!this.store.shared) return { kind: 'none' };
    const lockKey = `${key}:lock`;
    const token = newToken();
    try {
      const { stored } = await this.store.setIfAbsent(lockKey, token, this.lock.ttlMs);
      if (stored) return { kind: 'held', key: lockKey, token };
      const deadline = Date.now() + this.lock.waitMs;
      while (Date.now() < deadline) {
        await sleep(this.lock.pollMs);
        const value = await this.store.get(key);
        if (isEnvelope(value)) return { kind: 'filled', value: this.keepLocal(key, value) };
      }
    } catch (error) {
      this.outcomes.warn(tier, error, 'lock');
    }
    return { kind: 'none' };
  }

  private async release(lockKey: string, token: string, tier: CacheTier): Promise<void> {
    try {
      await this.store.deleteIfEquals(lockKey, token);
    } catch (error) {
      // It expires on its own within lock.ttlMs.
      this.outcomes.warn(tier, error, 'lock release');
    }
  }
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && 'e' in value && 'v' in value && typeof value.e === 'number' && value.e > Date.now();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
