import type { LocationDirectory } from '../modules/locations/location-directory.js';
import { DomainError, isUnavailable } from '../errors/domain-error.js';
import { fixedClock } from '../shared/clock.js';
import { systemContext } from '../shared/request-context.js';
import type { RedisClient } from '../redis/redis-client.js';
import { generationKeysOf, parseCacheEntryKey } from '../cache/cache-entry-key.js';
import type { CacheEntryKey } from '../cache/cache-entry-key.js';
import { asStored, jsonDifference } from '../cache/json-difference.js';
import { toView } from '../modules/availability/availability.service.js';
import type { ComputedAvailability } from '../modules/availability/availability.service.js';

function isComputedAvailability(value: unknown): value is ComputedAvailability {
  return typeof value === 'object' && value !== null && Array.isArray((value as { slots?: unknown }).slots) && typeof (value as { noticeMs?: unknown }).noticeMs === 'number';
}
import type { PublicReads } from '../cache/public-reads.js';
import { readEntry, readTokens, scanKeys } from '../cache/redis-inspect.js';

export interface VerifyDeps {
  readonly redis: RedisClient;
  readonly directory: Pick<LocationDirectory, 'slugOf'>;
  readonly reads: PublicReads;
  readonly now: () => Date;
}

export interface VerifyOptions {
  /** Reachable entries compared with the database. */
  readonly sample: number;
  /** Keys examined by SCAN at most (a huge keyspace is sampled from its first part, in Redis's hash order). */
  readonly scanLimit?: number;
  readonly concurrency?: number;
  /** A mismatch is checked again after this pause: a write commits before it replaces its token. */
  readonly settleMs?: number;
  readonly signal?: AbortSignal | undefined;
}

export interface StaleEntry {
  readonly key: string;
  readonly tier: CacheEntryKey['tier'];
  readonly franchiseId: string;
  readonly locationId: string;
  readonly difference: string;
}

export interface VerifyReport {
  readonly keysScanned: number;
  /** Location-page and availability entries found. */
  readonly entries: number;
  /** Entries whose tokens are still current: what a reader would be served. */
  readonly reachable: number;
  readonly sampled: number;
  readonly fresh: number;
  readonly stale: readonly StaleEntry[];
  /** A write replaced the tokens (or the entry expired) while it was being checked. */
  readonly changed: number;
  readonly errors: readonly { readonly key: string; readonly error: string }[];
  readonly interrupted: boolean;
}

type Outcome = { readonly kind: 'fresh' | 'changed' } | { readonly kind: 'stale'; readonly difference: string };

/**
 * Samples cached entries and compares each with the answer the API would
 * compute from the primary now. With generation tokens an entry under an old
 * token is unreachable — a write already retired it — so it is skipped, not
 * stale; a stale entry is a *reachable* one that differs from the database,
 * i.e. a write that did not replace its token (a missed invalidation, or a
 * write made outside the API).
 */
export async function verifyCache(deps: VerifyDeps, options: VerifyOptions): Promise<VerifyReport> {
  let keysScanned = 0;
  const entries: CacheEntryKey[] = [];
  for await (const key of scanKeys(deps.redis, '*@*', { limit: options.scanLimit ?? 200_000, signal: options.signal })) {
    keysScanned++;
    const entry = parseCacheEntryKey(key);
    if (entry) entries.push(entry);
  }
  const tokens = new Map<string, string | null>();
  const isReachable = async (entry: CacheEntryKey, fresh: boolean): Promise<boolean> => {
    const keys = generationKeysOf(entry);
    const missing = fresh ? keys : keys.filter((key) => !tokens.has(key));
    const read = await readTokens(deps.redis, missing);
    missing.forEach((key, index) => tokens.set(key, read[index] ?? null));
    return keys.every((key, index) => tokens.get(key) === entry.tokens[index]);
  };
  const reachable: CacheEntryKey[] = [];
  for (const entry of entries) if (await isReachable(entry, false)) reachable.push(entry);
  const sample = shuffle(reachable).slice(0, options.sample);

  const slugs = new Map<string, string | undefined>();
  const slugOf = async (locationId: string): Promise<string | undefined> => {
    if (!slugs.has(locationId)) {
      slugs.set(locationId, await deps.directory.slugOf(locationId));
    }
    return slugs.get(locationId);
  };

  const check = async (entry: CacheEntryKey): Promise<Outcome> => {
    const cached = await readEntry(deps.redis, entry.key);
    if (cached === undefined) return { kind: 'changed' };
    const slug = await slugOf(entry.locationId);
    const answers = slug === undefined ? [{ error: 'location not in the catalog directory' }] : await databaseAnswers(deps, entry, slug);
    // A cached availability list is served trimmed to "now + minimum notice": compare what it yields now.
    const served = entry.tier === 'availability' && isComputedAvailability(cached.value) ? asStored(toView(cached.value, deps.now())) : cached.value;
    const differences = answers.map((answer) => jsonDifference(served, answer));
    if (differences.includes(undefined)) return { kind: 'fresh' };
    // A write commits, then replaces its token: give it a moment, then look again.
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 250));
    if (!(await isReachable(entry, true))) return { kind: 'changed' };
    const again = slug === undefined ? answers : await databaseAnswers(deps, entry, slug);
    if (again.some((answer) => jsonDifference(served, answer) === undefined)) return { kind: 'changed' };
    return { kind: 'stale', difference: jsonDifference(served, again[0]) ?? differences[0] ?? 'differs' };
  };

  let fresh = 0;
  let changed = 0;
  let checked = 0;
  const stale: StaleEntry[] = [];
  const errors: { key: string; error: string }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sample.length && !options.signal?.aborted) {
      const entry = sample[next++] as CacheEntryKey;
      try {
        const outcome = await check(entry);
        if (outcome.kind === 'stale') stale.push({ key: entry.key, tier: entry.tier, franchiseId: entry.franchiseId, locationId: entry.locationId, difference: outcome.difference });
        else if (outcome.kind === 'fresh') fresh++;
        else changed++;
      } catch (error) {
        errors.push({ key: entry.key, error: error instanceof Error ? error.message : String(error) });
      }
      checked++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, sample.length)) }, worker));
  return { keysScanned, entries: entries.length, reachable: reachable.length, sampled: checked, fresh, stale, changed, errors, interrupted: options.signal?.aborted === true };
}

/**
 * What the API computes for this entry from the primary (the read-your-writes
 * path: no cache, no replica). Availability is keyed by the minute it was
 * computed in and depends on "now" within it (minimum notice), so it is
 * recomputed as of the start and the end of that minute (but not past now):
 * a correct entry equals one of the two.
 */
async function databaseAnswers(deps: VerifyDeps, entry: CacheEntryKey, slug: string): Promise<unknown[]> {
  const ctx = { ...systemContext('cache-verify'), readYourWrites: true };
  const settle = async (work: () => Promise<unknown>): Promise<unknown> => {
    try {
      return asStored(await work());
    } catch (error) {
      // A location or service that no longer exists is the database's answer too.
      if (error instanceof DomainError && !isUnavailable(error.code)) return { error: error.code, message: error.message };
      throw error;
    }
  };
  if (entry.tier === 'location_page') return [await settle(() => deps.reads.page(ctx, slug))];
  const now = deps.now().getTime();
  const instants =
    entry.asOfMinute === undefined ? [now] : [entry.asOfMinute * 60_000, Math.min(now, entry.asOfMinute * 60_000 + 59_999)].filter((at, i, all) => all.indexOf(at) === i);
  const query = { serviceId: entry.serviceId, date: entry.date, days: entry.days, barberId: entry.barberId ?? undefined };
  return Promise.all(instants.map((at) => settle(() => deps.reads.availability(ctx, slug, query, fixedClock(new Date(at))))));
}

function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
