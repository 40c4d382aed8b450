import type { ChildServer } from './environment.js';
import { runLoad } from './load.js';
import type { LoadOptions, LoadResult } from './load.js';
import type { OtlpSink } from './otlp-sink.js';
import type { Row } from './table-row.js';

export interface TracingPhaseOptions {
  readonly seconds: number;
  readonly connections: number;
  /** The API with tracing off, and the same API (same database) with tracing on. */
  readonly off: ChildServer;
  readonly on: ChildServer;
  readonly sink: OtlpSink;
  readonly availability: NonNullable<LoadOptions['next']>;
  readonly availabilityHeaders: Record<string, string>;
  readonly bookingPath: string;
  readonly booking: NonNullable<LoadOptions['next']>;
  readonly log: (line: string) => void;
}

interface Pair {
  readonly off: LoadResult;
  readonly on: LoadResult;
  readonly offRps: number;
  readonly onRps: number;
}

/**
 * Off, on, on, off, half the time each: drift on a shared machine (another
 * process waking up, the appointments table growing) falls on both sides.
 */
async function abba(options: TracingPhaseOptions, load: (server: ChildServer, seconds: number) => Promise<LoadResult>): Promise<Pair> {
  const half = Math.max(1, Math.round(options.seconds / 2));
  const off1 = await load(options.off, half);
  const on1 = await load(options.on, half);
  const on2 = await load(options.on, half);
  const off2 = await load(options.off, half);
  const merged = (a: LoadResult, b: LoadResult): LoadResult => ({
    ...a,
    requests: a.requests + b.requests,
    rps: (a.requests + b.requests) / (2 * half),
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    // The percentiles of the two runs, averaged (the runs are the same length).
    p50: (a.p50 + b.p50) / 2,
    p95: (a.p95 + b.p95) / 2,
    p99: (a.p99 + b.p99) / 2,
  });
  const off = merged(off1, off2);
  const on = merged(on1, on2);
  return { off, on, offRps: off.rps, onRps: on.rps };
}

async function spanCounts(server: ChildServer): Promise<string> {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  const value = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? 0);
  const exported = value(/^tracing_spans_exported_total (\d+)/m);
  const dropped = value(/^tracing_spans_dropped_total\{reason="queue_full"\} (\d+)/m) + value(/^tracing_spans_dropped_total\{reason="export_failed"\} (\d+)/m);
  return `${exported} spans exported, ${dropped} dropped`;
}

/** Booking and availability throughput with tracing on (10 % sampled, exported over OTLP) against off, same run. */
export async function tracingPhase(options: TracingPhaseOptions): Promise<Row[]> {
  const { connections, log } = options;
  const row = (measure: string, pair: Pair, extra: string): Row => ({
    measure,
    value: `${pair.on.rps.toFixed(0)} req/s (${pair.on.requests} requests, ${pair.on.non2xx} non-2xx, ${pair.on.errors} errors${extra})`,
    reference: `tracing off: ${pair.off.rps.toFixed(0)} /s (${pair.off.non2xx} non-2xx)`,
    ratio: pair.onRps / pair.offRps,
    p50: pair.on.p50,
    p95: pair.on.p95,
    p99: pair.on.p99,
  });

  log('tracing: warm-up of both APIs…');
  for (const server of [options.off, options.on]) {
    await runLoad({ url: server.base, connections, durationSeconds: 2, headers: options.availabilityHeaders, next: options.availability });
    await runLoad({ url: `${server.base}${options.bookingPath}`, method: 'POST', connections, durationSeconds: 2, next: options.booking });
  }

  log(`tracing: availability off/on/on/off, ${options.seconds} s per side…`);
  const availability = await abba(options, (server, seconds) =>
    runLoad({ url: server.base, connections, durationSeconds: seconds, headers: options.availabilityHeaders, next: options.availability }),
  );
  log(`tracing: booking create off/on/on/off, ${options.seconds} s per side…`);
  const booking = await abba(options, (server, seconds) =>
    runLoad({ url: `${server.base}${options.bookingPath}`, method: 'POST', connections, durationSeconds: seconds, next: options.booking }),
  );
  const counts = await spanCounts(options.on);
  const exports = `; ${counts} in ${options.sink.requests} OTLP requests, ${(options.sink.bytes / 1024 / 1024).toFixed(1)} MiB`;
  return [
    row('availability (uncached) with tracing on, 10 % sampled', availability, ''),
    row('booking create with tracing on, 10 % sampled', booking, exports),
  ];
}
