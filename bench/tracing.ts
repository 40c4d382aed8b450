import { readFileSync } from 'node:fs';
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
  /** The traced API's sampling ratio, for the row names. */
  readonly ratio: number;
  readonly log: (line: string) => void;
}

/** One side's runs added up: requests, time, the API process's CPU time, latencies averaged over the runs. */
interface Side {
  requests: number;
  seconds: number;
  cpuTicks: number;
  non2xx: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  runs: number;
}

const SLICES = 4;
const emptySide = (): Side => ({ requests: 0, seconds: 0, cpuTicks: 0, non2xx: 0, errors: 0, p50: 0, p95: 0, p99: 0, runs: 0 });

/** The process's user + system CPU time in clock ticks (/proc/PID/stat fields 14 and 15). */
function cpuTicks(server: ChildServer): number {
  const stat = readFileSync(`/proc/${server.process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Off and on in short alternating slices (off, on, on, off, off, on, on, off):
 * the machine is shared, and drift (another process waking up, the
 * appointments table growing) then falls on both sides alike. Besides
 * throughput, each side's requests per CPU tick of its own API process are
 * kept: that figure hardly moves with what else runs on the machine.
 */
async function alternate(options: TracingPhaseOptions, load: (server: ChildServer, seconds: number) => Promise<LoadResult>): Promise<{ off: Side; on: Side }> {
  const slice = Math.max(1, Math.round(options.seconds / SLICES));
  const sides = { off: emptySide(), on: emptySide() };
  const order: ('off' | 'on')[] = ['off', 'on', 'on', 'off', 'off', 'on', 'on', 'off'].slice(0, 2 * SLICES) as ('off' | 'on')[];
  for (const name of order) {
    const server = options[name];
    const side = sides[name];
    const before = cpuTicks(server);
    const result = await load(server, slice);
    side.cpuTicks += cpuTicks(server) - before;
    side.requests += result.requests;
    side.seconds += slice;
    side.non2xx += result.non2xx;
    side.errors += result.errors;
    side.p50 += result.p50;
    side.p95 += result.p95;
    side.p99 += result.p99;
    side.runs++;
  }
  return sides;
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
  const sampled = `${+(options.ratio * 100).toFixed(1)} %`;
  const rps = (side: Side): number => side.requests / side.seconds;
  const perCpu = (side: Side): number => side.requests / Math.max(1, side.cpuTicks);
  const rows = (what: string, sides: { off: Side; on: Side }, extra: string): Row[] => {
    const { off, on } = sides;
    const latencies = { p50: on.p50 / on.runs, p95: on.p95 / on.runs, p99: on.p99 / on.runs };
    return [
      {
        measure: `${what} with tracing on, ${sampled} sampled: throughput`,
        value: `${rps(on).toFixed(0)} req/s (${on.requests} requests, ${on.non2xx} non-2xx, ${on.errors} errors${extra})`,
        reference: `tracing off: ${rps(off).toFixed(0)} /s (${off.requests} requests, ${off.non2xx} non-2xx)`,
        ratio: rps(on) / rps(off),
        ...latencies,
      },
      {
        measure: `${what} with tracing on, ${sampled} sampled: requests per API CPU second`,
        value: `${(perCpu(on) * 100).toFixed(0)} req per CPU s`,
        reference: `tracing off: ${(perCpu(off) * 100).toFixed(0)} req per CPU s`,
        ratio: perCpu(on) / perCpu(off),
        p50: null,
        p95: null,
        p99: null,
      },
    ];
  };

  log('tracing: warm-up of both APIs…');
  for (const server of [options.off, options.on]) {
    await runLoad({ url: server.base, connections, durationSeconds: 2, headers: options.availabilityHeaders, next: options.availability });
    await runLoad({ url: `${server.base}${options.bookingPath}`, method: 'POST', connections, durationSeconds: 2, next: options.booking });
  }

  log(`tracing: availability, off and on alternating, ${options.seconds} s per side…`);
  const availability = await alternate(options, (server, seconds) =>
    runLoad({ url: server.base, connections, durationSeconds: seconds, headers: options.availabilityHeaders, next: options.availability }),
  );
  log(`tracing: booking create, off and on alternating, ${options.seconds} s per side…`);
  const booking = await alternate(options, (server, seconds) =>
    runLoad({ url: `${server.base}${options.bookingPath}`, method: 'POST', connections, durationSeconds: seconds, next: options.booking }),
  );
  const counts = await spanCounts(options.on);
  const exports = `; ${counts} in ${options.sink.requests} OTLP requests, ${(options.sink.bytes / 1024 / 1024).toFixed(1)} MiB`;
  return [...rows('availability (uncached)', availability, ''), ...rows('booking create', booking, exports)];
}
