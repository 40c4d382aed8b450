import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { fixedClock } from '../../src/shared/clock.js';
import { startTracing } from '../../src/observability/tracing/tracing.js';
import type { Tracing } from '../../src/observability/tracing/tracing.js';
import { makeShop } from '../support/factories.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import type { OtlpReceiver } from '../support/otlp-receiver.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

// A collector that hangs, then one that refuses: requests keep succeeding without
// waiting for it, and the spans that could not be sent are counted on /metrics.
const clock = fixedClock('2027-03-10T12:00:00Z');
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
const REQUESTS = 40;

let tracing: Tracing | undefined;
let tp: TestPlatform | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await tp?.close();
  await tracing?.shutdown(500);
  await receiver?.close();
  tp = tracing = receiver = undefined;
});

async function tracedApi(endpoint: string): Promise<{ base: string; availabilityUrl: string }> {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_BSP_MAX_QUEUE_SIZE: '50',
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
    OTEL_BSP_SCHEDULE_DELAY: '10',
    OTEL_EXPORTER_OTLP_TIMEOUT: '1500',
  };
  tracing = startTracing(loadConfig(env).tracing, 'test');
  tp = await createTestPlatform({ clock, env });
  const shop = await makeShop(tp, { barbers: 2, hours: ALL_WEEK });
  const base = await tp.app.listen({ port: 0, host: '127.0.0.1' });
  return { base, availabilityUrl: `${base}/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=2027-03-11` };
}

async function dropped(base: string): Promise<{ queueFull: number; exportFailed: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (reason: string): number => Number(new RegExp(`^tracing_spans_dropped_total\\{reason="${reason}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { queueFull: value('queue_full'), exportFailed: value('export_failed') };
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sequential requests; `whileHeld` counts those that completed while the collector held an export unanswered. */
async function load(url: string): Promise<{ statuses: number[]; whileHeld: number }> {
  const statuses: number[] = [];
  let whileHeld = 0;
  for (let i = 0; i < REQUESTS; i++) {
    statuses.push((await fetch(url)).status);
    if ((receiver?.open ?? 0) > 0) whileHeld++;
  }
  return { statuses, whileHeld };
}

describe('an OTLP endpoint that misbehaves never fails or holds up a request', () => {
  test('a collector that hangs: requests complete while it holds the export open; the overflow is dropped and counted, then the timed-out batch', async () => {
    receiver = await startOtlpReceiver('hang');
    const { base, availabilityUrl } = await tracedApi(receiver.endpoint);
    const before = await dropped(base);

    const { statuses, whileHeld } = await load(availabilityUrl);
    expect(statuses).toEqual(Array.from({ length: REQUESTS }, () => 200));
    // Most requests completed while the collector sat on an export: none of them waited for it.
    expect(receiver.requests).toBeGreaterThan(0);
    expect(whileHeld).toBeGreaterThan(REQUESTS / 2);
    const during = await dropped(base);
    expect(during.queueFull).toBeGreaterThan(before.queueFull);
    // The batch held by the collector is given up after the export timeout and counted too.
    await eventually(async () => (await dropped(base)).exportFailed > before.exportFailed, 15_000);
  });

  test('a collector that refuses connections: every request succeeds and the failed exports are counted', async () => {
    const port = await closedPort();
    const { base, availabilityUrl } = await tracedApi(`http://127.0.0.1:${port}`);
    const before = await dropped(base);

    const { statuses } = await load(availabilityUrl);
    expect(statuses).toEqual(Array.from({ length: REQUESTS }, () => 200));
    await eventually(async () => (await dropped(base)).exportFailed > before.exportFailed, 15_000);
  });
});

/** A loopback port nobody listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
