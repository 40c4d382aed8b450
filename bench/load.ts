import autocannon from 'autocannon';

export interface LoadResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Responses by status code, e.g. { "200": 900, "409": 3 }. */
  readonly statuses: Readonly<Record<string, number>>;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  /** Makes each request's path, method and body (unique bookings, rotating dates, mixed workloads). */
  readonly next?: () => { path?: string; body?: string; method?: 'GET' | 'POST'; headers?: Record<string, string> };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** One autocannon run against a server in another process (the bench never loads the server's own event loop). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.next && {
      requests: [
        {
          setupRequest: (request: autocannon.Request) => {
            const next = (options.next as NonNullable<LoadOptions['next']>)();
            // autocannon hands back the previous request: set the body every time, or a GET inherits a POST's.
            return { ...request, ...(next.path && { path: next.path }), ...(next.method && { method: next.method }), ...(next.headers && { headers: next.headers }), body: next.body ?? '' };
          },
        },
      ],
    }),
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  instance?.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await finished;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    rps: result.requests.total / options.durationSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, (stat as { count: number }).count])),
  };
}
