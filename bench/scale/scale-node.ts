import { BIN, startChild } from '../environment.js';
import type { ChildServer } from '../environment.js';
import type { Row } from '../table-row.js';
import { timeEach } from './scale-lookups.js';
import type { Timings } from './scale-lookups.js';
import { locationSlug } from './scale-seed.js';
import type { Progress } from './scale-seed.js';

// Every request comes from 127.0.0.1: the per-IP limits would measure themselves.
const NO_LIMITS = 'bookingPerIp=100000000,bookingPerDevice=100000000,bookingPerEmail=100000000,bookingPerLocation=100000000,apiPerIp=100000000';

interface Memory {
  readonly rssMiB: number;
  readonly heapMiB: number;
}

/** The node's own figures from its /metrics (prom-client's process and heap gauges); no GC is forced first. */
async function memoryOf(server: ChildServer): Promise<Memory> {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  const gauge = (name: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`/metrics has no ${name}`);
    return Number(line.split(' ')[1]) / 2 ** 20;
  };
  return { rssMiB: gauge('process_resident_memory_bytes'), heapMiB: gauge('nodejs_heap_size_used_bytes') };
}

const serve = (catalogUrl: string): Promise<ChildServer & { readyAfterMs: number }> =>
  startChild([BIN, 'serve'], { CATALOG_DATABASE_URL: catalogUrl, DEMO_DATA: 'false', RATE_LIMITS: NO_LIMITS, OTEL_EXPORTER_OTLP_ENDPOINT: '', OPS_PORT: '' });

/** GETs each location page once, `parallel` at a time; returns how many answered 200. */
async function sweep(server: ChildServer, numbers: readonly number[], parallel: number): Promise<number> {
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < numbers.length) {
        const n = numbers[next++] as number;
        const response = await fetch(`${server.base}/api/v1/locations/${locationSlug(n)}`);
        await response.arrayBuffer();
        if (response.status === 200) ok++;
      }
    }),
  );
  return ok;
}

const pageTime = (server: ChildServer, numbers: readonly number[]): Promise<Timings> =>
  timeEach(numbers, async (n) => {
    const response = await fetch(`${server.base}/api/v1/locations/${locationSlug(n)}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`location page ${locationSlug(n)} answered ${response.status}`);
  });

/**
 * An API node (`bookedbarber serve`, its own process) on the full catalog,
 * against the same node on a catalog with the same shards and no franchise:
 * start → first healthy answer, memory idle, and memory after it has served
 * `sweepCount` distinct location pages (its directory, placement and page
 * caches filled as far as their bounds allow). Then location pages by slug
 * one at a time, cold (never asked) and warm (asked just before).
 */
export async function nodeRows(catalogUrl: string, emptyCatalogUrl: string, sweepNumbers: readonly number[], timedNumbers: readonly number[], progress: Progress): Promise<Row[]> {
  // Two starts each, alternating, the faster one counted: the first start of all also warms the file cache.
  const starts: Record<'empty' | 'full', number[]> = { empty: [], full: [] };
  let emptyMemory: Memory | undefined;
  for (const round of [1, 2]) {
    progress(`node: start ${round} of 2 on the empty catalog (reference), then on the full one…`);
    const empty = await serve(emptyCatalogUrl);
    starts.empty.push(empty.readyAfterMs);
    emptyMemory = await memoryOf(empty).finally(() => empty.stop());
    if (round === 2) break;
    const first = await serve(catalogUrl);
    starts.full.push(first.readyAfterMs);
    await first.stop();
  }
  const full = await serve(catalogUrl);
  starts.full.push(full.readyAfterMs);
  const emptyReady = Math.min(...starts.empty);
  const fullReady = Math.min(...starts.full);
  const reference = emptyMemory as Memory;
  try {
    const idle = await memoryOf(full);
    progress(`node: ready after ${fullReady.toFixed(0)} ms (empty catalog: ${emptyReady.toFixed(0)} ms), RSS ${idle.rssMiB.toFixed(0)} MiB; ${timedNumbers.length} pages cold, then warm…`);
    const cold = await pageTime(full, timedNumbers);
    const warm = await pageTime(full, timedNumbers);
    progress(`node: serving ${sweepNumbers.length.toLocaleString('en')} distinct location pages…`);
    const served = await sweep(full, sweepNumbers, 8);
    const swept = await memoryOf(full);
    const mib = (m: Memory): string => `RSS ${m.rssMiB.toFixed(0)} MiB, heap ${m.heapMiB.toFixed(0)} MiB`;
    const plain = (measure: string, value: string, reference: string, ratio: number): Row => ({ measure, value, reference, ratio, p50: null, p95: null, p99: null });
    return [
      plain('API node start → first healthy, full catalog (faster of 2)', `${fullReady.toFixed(0)} ms`, `same node, catalog without franchises: ${emptyReady.toFixed(0)} ms`, fullReady / emptyReady),
      plain('API node memory after start, full catalog', mib(idle), `catalog without franchises: ${mib(reference)}`, idle.rssMiB / reference.rssMiB),
      plain(`API node memory after ${served.toLocaleString('en')} distinct location pages`, mib(swept), `idle on the full catalog: ${mib(idle)}`, swept.rssMiB / idle.rssMiB),
      { measure: 'location page by slug, cold (directory, placement and page misses)', value: `${cold.count} pages`, reference: `warm: p99 ${warm.p99.toFixed(2)} ms`, ratio: cold.p99 / warm.p99, p50: cold.p50, p95: null, p99: cold.p99 },
      { measure: 'location page by slug, warm', value: `${warm.count} pages`, reference: '', ratio: null, p50: warm.p50, p95: null, p99: warm.p99 },
    ];
  } finally {
    await full.stop();
  }
}
