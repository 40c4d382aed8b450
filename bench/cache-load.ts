import autocannon from 'autocannon';
import { diffCounts, parseCacheCounts } from '../src/cache/cache-stats.js';
import type { CacheCounts } from '../src/cache/cache-stats.js';
import type { LoadResult } from './load.js';
import { percentile } from './load.js';

export interface VisitorRequest {
  readonly path: string;
  readonly method?: 'GET' | 'POST';
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * runLoad (bench/load.ts) with per-request headers: every request carries its
 * visitor's address in X-Forwarded-For (the server runs with TRUST_PROXY), as
 * behind a load balancer. From one address the API's own per-IP limit (600 a
 * minute) would answer 429 after the first second.
 */
export async function runVisitors(base: string, connections: number, seconds: number, next: () => VisitorRequest): Promise<LoadResult & { statuses: Record<string, number> }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (request: autocannon.Request) => {
              const r = next();
              return {
                ...request,
                method: r.method ?? 'GET',
                path: r.path,
                body: r.body ?? '',
                headers: { ...(r.body !== undefined && { 'content-type': 'application/json' }), ...r.headers },
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance?.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await finished;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    rps: result.requests.total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

/** The server's cache_requests_total, read from its /metrics like Prometheus would. */
export async function serverCacheCounts(base: string): Promise<CacheCounts> {
  return parseCacheCounts(await (await fetch(`${base}/metrics`)).text());
}

/** What `work` did to the server's cache counters. */
export async function countedBy<T>(base: string, work: () => Promise<T>): Promise<{ result: T; counts: CacheCounts }> {
  const before = await serverCacheCounts(base);
  const result = await work();
  return { result, counts: diffCounts(before, await serverCacheCounts(base)) };
}

let address = 0;
/** A new visitor address from 10.0.0.0/8 (each gets the per-IP limits a real visitor has). */
export function nextVisitorIp(): string {
  const n = address++ % 16_777_214 + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
