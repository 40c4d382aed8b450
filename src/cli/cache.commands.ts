import type { CoreDependencies, Platform } from '../composition-root.js';
import { diffCounts, localCacheCounts, scrapeNodes, sumCounts, tierStats, totalCounts } from '../cache/cache-stats.js';
import type { TierStats } from '../cache/cache-stats.js';
import { verifyCache } from './cache-verify.js';
import { warmCache } from '../cache/cache-warm.js';
import type { PublicReads } from '../cache/public-reads.js';
import { redisInfo, waitForRedis } from '../cache/redis-inspect.js';
import type { RedisClient } from '../redis/redis-client.js';
import { AvailabilityService } from '../modules/availability/availability.service.js';
import { LocationDirectory } from '../modules/locations/location-directory.js';
import { LocationPageService } from '../modules/location-page/location-page.service.js';
import type { CliIo } from './fleet.commands.js';
import { printTable } from './table.js';

export const CACHE_USAGE = `  cache warm [--region R] [--franchise F]… [--days N] [--barbers] [--concurrency N]
                                 fill location pages and availability (N days, default 14) through the API's services
  cache verify [--sample N]      compare N cached entries (default 200) with the database; exit 1 if any is stale
  cache stats [--node URL]… [--window S]
                                 hit rate per tier summed over the nodes' /metrics (default: this config's HOST:PORT), Redis memory`;

/** `bookedbarber cache warm|verify|stats` (docs/CACHING.md, "Operator commands"). */
export async function cacheCommand(platform: Platform, args: readonly string[], io: CliIo): Promise<number> {
  const [action] = args;
  switch (action) {
    case 'warm':
      return withRedis(platform, io, () => warm(platform, io));
    case 'verify':
      return withRedis(platform, io, (redis) => verify(platform, redis, io));
    case 'stats':
      return stats(platform, io);
    default:
      throw new Error(`unknown cache action "${action ?? ''}" (warm, verify, stats)`);
  }
}

/** The API's own services for the two cached reads, so warm and verify fill and compare what a visitor gets. */
export function publicReadsOf(core: Pick<CoreDependencies, 'catalog' | 'router' | 'clock' | 'cache'>): PublicReads {
  const { catalog, router, cache } = core;
  const directory = new LocationDirectory(catalog);
  const pages = new LocationPageService({ router, directory, cache });
  const availability = new AvailabilityService({ router, clock: core.clock, directory, cache });
  return {
    page: (ctx, slug) => pages.get(ctx, slug),
    availability: (ctx, slug, query, clock) => (clock ? new AvailabilityService({ router, clock, directory, cache }) : availability).find(ctx, slug, query),
  };
}

async function warm(platform: Platform, io: CliIo): Promise<number> {
  const franchises = list(io.flags.franchise);
  const targets = await new LocationDirectory(platform.core.catalog).list({ region: text(io.flags.region), franchises });
  const before = await localCacheCounts(platform.core.metrics);
  let printedAt = 0;
  const report = await interruptible(io, (signal) =>
    warmCache(publicReadsOf(platform.core), targets, {
      days: int(io.flags, 'days', 14, 1, 730),
      barbers: io.flags.barbers === true,
      concurrency: int(io.flags, 'concurrency', 4, 1, 64),
      now: () => platform.core.clock.now(),
      signal,
      onProgress: (p) => {
        if (io.json || (p.done < p.total && p.elapsedMs - printedAt < 1000)) return;
        printedAt = p.elapsedMs;
        const seconds = Math.max(p.elapsedMs / 1000, 0.001);
        io.out(`warm: ${p.done}/${p.total} locations (${percent(p.done / Math.max(p.total, 1))}), ${p.lookups} lookups, ${(p.done / seconds).toFixed(1)} locations/s, ${(p.lookups / seconds).toFixed(0)} lookups/s`);
      },
    }),
  );
  // This process's own lookups: a miss is an entry warm computed and stored, a hit one already there.
  const counts = totalCounts(diffCounts(before, await localCacheCounts(platform.core.metrics)));
  if (io.json) {
    io.out(JSON.stringify({ ...report, filled: counts.miss, alreadyCached: counts.hit, cacheErrors: counts.error }, null, 2));
  } else {
    if (targets.length === 0) io.out('warm: no locations match');
    io.out(`warm: ${counts.miss} entries filled, ${counts.hit} already cached, ${counts.error} not stored (Redis errors), ${report.skipped} locations skipped (not served), ${report.failures.length} failed`);
    io.out('  location pages stay 1 h; availability entries are per clock minute, so they serve only this minute\'s visitors');
    if (report.failures.length > 0) printTable(io.out, ['location', 'error'], report.failures.map((f) => [f.slug, f.error]));
    if (report.interrupted) io.out(`interrupted after ${report.done}/${report.total} locations; running it again is safe (present entries are left alone)`);
  }
  if (report.interrupted) return 130;
  return report.failures.length > 0 || counts.error > 0 ? 1 : 0;
}

async function verify(platform: Platform, redis: RedisClient, io: CliIo): Promise<number> {
  const deps = { redis, directory: new LocationDirectory(platform.core.catalog), reads: publicReadsOf(platform.core), now: () => platform.core.clock.now() };
  const sample = int(io.flags, 'sample', 200, 1, 100_000);
  const report = await interruptible(io, (signal) => verifyCache(deps, { sample, signal }));
  if (io.json) {
    io.out(JSON.stringify(report, null, 2));
  } else {
    io.out(`verify: scanned ${report.keysScanned} keys: ${report.entries} entries, ${report.reachable} reachable (${report.entries - report.reachable} retired by writes, left to expire)`);
    io.out(`verify: checked ${report.sampled}: ${report.fresh} fresh, ${report.stale.length} STALE, ${report.changed} changed during the check, ${report.errors.length} errors`);
    if (report.stale.length > 0) printTable(io.out, ['tier', 'location', 'difference (cached ≠ database)', 'key'], report.stale.map((s) => [s.tier, s.locationId, s.difference, s.key]));
    if (report.errors.length > 0) printTable(io.out, ['key', 'error'], report.errors.map((e) => [e.key, e.error]));
  }
  if (report.interrupted) return 130;
  return report.stale.length > 0 || report.errors.length > 0 ? 1 : 0;
}

async function stats(platform: Platform, io: CliIo): Promise<number> {
  const { config } = platform.core;
  const nodes = list(io.flags.node) ?? [`http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`];
  const windowSeconds = io.flags.window === undefined ? undefined : int(io.flags, 'window', 10, 1, 3600);
  const first = await scrapeNodes(nodes);
  let scrapes = first;
  if (windowSeconds !== undefined) {
    if (!io.json) io.out(`stats: sampling for ${windowSeconds} s…`);
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const second = await scrapeNodes(nodes);
    scrapes = second.map((s, i) => ({ ...s, ok: s.ok && first[i]?.ok === true, counts: diffCounts(first[i]?.counts ?? {}, s.counts) }));
  }
  const tiers = tierStats(sumCounts(scrapes.filter((s) => s.ok).map((s) => s.counts)));
  const redis = platform.shared.redis ? await redisInfo(platform.shared.redis).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })) : null;
  const failed = scrapes.filter((s) => !s.ok);
  if (io.json) {
    io.out(JSON.stringify({ window: windowSeconds ?? 'since each node started', nodes: scrapes.map(({ node, ok, error }) => ({ node, ok, ...(error && { error }) })), tiers, redis }, null, 2));
    return failed.length > 0 ? 1 : 0;
  }
  io.out(`cache lookups ${windowSeconds ? `in the last ${windowSeconds} s` : 'since each node started'}, ${scrapes.length - failed.length}/${scrapes.length} nodes answered`);
  printTable(io.out, ['tier', 'hits', 'misses', 'errors', 'hit rate', 'error rate'], tiers.map(tierRow));
  for (const f of failed) io.out(`  ${f.node}: NOT SCRAPED (${f.error ?? 'no answer'})`);
  io.out('');
  if (redis === null) io.out('redis: not configured (REDIS_URL unset): each node caches in process');
  else if ('error' in redis) io.out(`redis: ${redis.error}`);
  else {
    printTable(
      io.out,
      ['redis node', 'version', 'memory', 'peak', 'maxmemory', 'policy', 'evicted', 'expired', 'keyspace'],
      redis.map((n) => [n.node, f(n.fields.redis_version), f(n.fields.used_memory_human), f(n.fields.used_memory_peak_human), f(n.fields.maxmemory_human), f(n.fields.maxmemory_policy), f(n.fields.evicted_keys), f(n.fields.expired_keys), Object.entries(n.keyspace).map(([db, v]) => `${db} ${v}`).join('; ') || 'empty']),
    );
  }
  return failed.length > 0 ? 1 : 0;
}

async function withRedis(platform: Platform, io: CliIo, work: (redis: RedisClient) => Promise<number>): Promise<number> {
  const { redis } = platform.shared;
  if (!redis) {
    io.out('REDIS_URL is not set: each API process keeps its own in-process cache, which a separate command cannot reach. Set REDIS_URL to the API\'s Redis.');
    return 1;
  }
  await waitForRedis(redis);
  return work(redis);
}

/** Ctrl-C stops taking new work and lets what is in flight finish; a second Ctrl-C quits at once. */
async function interruptible<T>(io: CliIo, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    if (!io.json) io.out('stopping after the work in progress… (Ctrl-C again to quit now)');
  };
  process.on('SIGINT', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

const tierRow = (t: TierStats): string[] => [t.tier, String(t.hit), String(t.miss), String(t.error), t.hitRate === null ? '-' : percent(t.hitRate), t.errorRate === null ? '-' : percent(t.errorRate)];
const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;
const f = (value: string | undefined): string => value ?? '-';
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function list(value: unknown): string[] | undefined {
  const items = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [])).map((v) => v.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function int(flags: CliIo['flags'], name: string, fallback: number, min: number, max: number): number {
  const value = flags[name];
  if (value === undefined || value === true) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${String(value)}"`);
  return n;
}
