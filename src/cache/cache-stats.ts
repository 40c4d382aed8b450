import type { Metrics } from '../observability/metrics.js';

/**
 * Hit rates per tier, from `cache_requests_total{tier,result}` — the counter
 * every API node already exports on /metrics. `cache stats` scrapes the nodes
 * and sums; there is no second set of counters in Redis to keep in step
 * (docs/CACHING.md, "Operator commands").
 */
export interface TierCounts {
  readonly hit: number;
  readonly miss: number;
  readonly error: number;
}

export type CacheCounts = Readonly<Record<string, TierCounts>>;

export interface TierStats extends TierCounts {
  readonly tier: string;
  /** hit / (hit + miss); null when there were no lookups. Errors are not lookups the cache could answer. */
  readonly hitRate: number | null;
  /** error / (hit + miss + error). */
  readonly errorRate: number | null;
}

export interface NodeScrape {
  readonly node: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly counts: CacheCounts;
}

const SAMPLE = /^cache_requests_total\{([^}]*)\}\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** The cache_requests_total samples of a Prometheus text exposition. */
export function parseCacheCounts(exposition: string): CacheCounts {
  const counts: Record<string, { hit: number; miss: number; error: number }> = {};
  for (const line of exposition.split('\n')) {
    const sample = SAMPLE.exec(line);
    if (!sample) continue;
    const labels: Readonly<Record<string, string | undefined>> = Object.fromEntries([...(sample[1] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]));
    const { tier, result } = labels;
    if (tier === undefined || (result !== 'hit' && result !== 'miss' && result !== 'error')) continue;
    const value = Number(sample[2]);
    if (!Number.isFinite(value)) continue;
    counts[tier] ??= { hit: 0, miss: 0, error: 0 };
    counts[tier][result] += value;
  }
  return counts;
}

/** The same figures from this process's own registry (the CLI's own lookups, e.g. during warm). */
export async function localCacheCounts(metrics: Metrics): Promise<CacheCounts> {
  const counts: Record<string, { hit: number; miss: number; error: number }> = {};
  for (const { labels, value } of (await metrics.cacheRequests.get()).values) {
    const tier = String(labels.tier);
    const result = labels.result;
    if (result !== 'hit' && result !== 'miss' && result !== 'error') continue;
    counts[tier] ??= { hit: 0, miss: 0, error: 0 };
    counts[tier][result] += value;
  }
  return counts;
}

/** GET <node>/metrics on every node at once; an unreachable node is reported, not fatal. */
export async function scrapeNodes(nodes: readonly string[], timeoutMs = 3000): Promise<NodeScrape[]> {
  return Promise.all(
    nodes.map(async (node): Promise<NodeScrape> => {
      const url = `${node.replace(/\/+$/, '')}/metrics`;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) return { node, ok: false, error: `HTTP ${response.status}`, counts: {} };
        return { node, ok: true, counts: parseCacheCounts(await response.text()) };
      } catch (error) {
        return { node, ok: false, error: error instanceof Error ? error.message : String(error), counts: {} };
      }
    }),
  );
}

export function sumCounts(all: readonly CacheCounts[]): CacheCounts {
  const total: Record<string, { hit: number; miss: number; error: number }> = {};
  for (const counts of all) {
    for (const [tier, c] of Object.entries(counts)) {
      total[tier] ??= { hit: 0, miss: 0, error: 0 };
      total[tier].hit += c.hit;
      total[tier].miss += c.miss;
      total[tier].error += c.error;
    }
  }
  return total;
}

/** Every tier together. */
export function totalCounts(counts: CacheCounts): TierCounts {
  return Object.values(counts).reduce((sum, c) => ({ hit: sum.hit + c.hit, miss: sum.miss + c.miss, error: sum.error + c.error }), { hit: 0, miss: 0, error: 0 });
}

/** after − before, per tier (a counter that went down means the node restarted: its `after` is the whole figure). */
export function diffCounts(before: CacheCounts, after: CacheCounts): CacheCounts {
  const out: Record<string, TierCounts> = {};
  for (const [tier, a] of Object.entries(after)) {
    const b = before[tier] ?? { hit: 0, miss: 0, error: 0 };
    const restarted = a.hit < b.hit || a.miss < b.miss || a.error < b.error;
    out[tier] = restarted ? a : { hit: a.hit - b.hit, miss: a.miss - b.miss, error: a.error - b.error };
  }
  return out;
}

/** Rows per tier, in a stable order, plus an "all" row over the cache-aside tiers (location page and availability). */
export function tierStats(counts: CacheCounts): TierStats[] {
  const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
  const row = (tier: string, c: TierCounts): TierStats => ({ tier, ...c, hitRate: rate(c.hit, c.hit + c.miss), errorRate: rate(c.error, c.hit + c.miss + c.error) });
  const order = ['location_page', 'availability', 'sessions', 'invalidation'];
  const tiers = Object.keys(counts).sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const rows = tiers.map((tier) => row(tier, counts[tier] as TierCounts));
  const aside = Object.fromEntries(Object.entries(counts).filter(([tier]) => tier === 'location_page' || tier === 'availability'));
  if (Object.keys(aside).length > 0) rows.push(row('page + availability', totalCounts(aside)));
  return rows;
}

const rank = (order: readonly string[], tier: string): number => (order.includes(tier) ? order.indexOf(tier) : order.length);
