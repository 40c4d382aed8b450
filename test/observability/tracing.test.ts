import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { fixedClock } from '../../src/shared/clock.js';
import { tracingLogOptions } from '../../src/observability/tracing/log-fields.js';
import { startTracing } from '../../src/observability/tracing/tracing.js';
import type { Tracing } from '../../src/observability/tracing/tracing.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import type { OtlpReceiver, ReceivedSpan } from '../support/otlp-receiver.js';
import { startRedisServer } from '../support/redis-server.js';
import type { RedisTestServer } from '../support/redis-server.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

// The real exporter, a real HTTP server, PostgreSQL and Redis; the collector is a
// loopback receiver that decodes what the exporter sends.
const clock = fixedClock('2027-03-10T12:00:00Z');
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
const SERVER = 2; // SpanKind.SERVER in OTLP (1-based: internal, server, client…)
const CLIENT = 3;

type LogLine = Record<string, unknown>;
const lines: LogLine[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
    done();
  },
});

let receiver: OtlpReceiver;
let redis: RedisTestServer;
let tracing: Tracing;
let tp: TestPlatform;
let shop: Shop;
let base: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  redis = await startRedisServer();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '20', REDIS_URL: redis.url };
  tracing = startTracing(loadConfig(env).tracing, 'test');
  const logger = pino({ level: 'info', ...tracingLogOptions() }, sink);
  tp = await createTestPlatform({ clock, env, logger });
  shop = await makeShop(tp, { barbers: 2, hours: ALL_WEEK });
  base = await tp.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await tp?.close();
  await tracing?.shutdown();
  await redis?.close();
  await receiver?.close();
});

const availabilityUrl = (): string => `${base}/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=2027-03-11`;
const hex = (length: number): string => Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join('');
const inTrace = (traceId: string) => (spans: readonly ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
const serverSpanOf = (traceId: string) => (spans: readonly ReceivedSpan[]) => spans.find((s) => s.traceId === traceId && s.kind === SERVER);

describe('traces', () => {
  test('a caller’s traceparent is continued and returned; spans for the route template, the service, SQL with shard and role, Redis', async () => {
    const traceId = hex(32);
    const callerSpan = hex(16);
    const response = await fetch(availabilityUrl(), { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } });
    expect(response.status).toBe(200);
    const returned = response.headers.get('traceparent');
    expect(returned).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    await receiver.waitFor((spans) => serverSpanOf(traceId)(spans) !== undefined);
    const server = serverSpanOf(traceId)(receiver.spans) as ReceivedSpan;
    expect(server.name).toBe('GET /api/v1/locations/:slug/availability');
    expect(server.parentSpanId).toBe(callerSpan);
    expect(returned?.split('-')[2]).toBe(server.spanId);
    expect(server.attributes['http.route']).toBe('/api/v1/locations/:slug/availability');
    expect(server.attributes['http.response.status_code']).toBe(200);
    expect(server.attributes['bookedbarber.franchise.id']).toBe(shop.franchiseId);
    expect(server.resource['service.name']).toBe('bookedbarber');
    // The raw URL is never recorded (manage links carry a secret in the path).
    expect(JSON.stringify(server.attributes)).not.toContain(shop.slug);

    const spans = inTrace(traceId)(receiver.spans);
    const service = spans.find((s) => s.name.startsWith('AvailabilityService.'));
    expect(service?.parentSpanId).toBe(server.spanId);
    const shardSql = spans.filter((s) => s.kind === CLIENT && s.attributes['db.system.name'] === 'postgresql' && s.attributes['bookedbarber.shard'] === 'shard-1');
    expect(shardSql.length).toBeGreaterThan(0);
    for (const sql of shardSql) {
      expect(sql.attributes['bookedbarber.db.role']).toBe('primary');
      expect(typeof sql.attributes['db.query.text']).toBe('string');
    }
    expect(shardSql.some((s) => s.attributes['db.operation.name'] === 'SELECT')).toBe(true);
    expect(spans.some((s) => s.attributes['bookedbarber.shard'] === 'catalog')).toBe(true);
    // The cache lookup went to the real Redis.
    expect(spans.some((s) => s.kind === CLIENT && s.attributes['db.system.name'] === 'redis')).toBe(true);
    // Every SQL and Redis span hangs under the request's server span.
    const ids = new Set(spans.map((s) => s.spanId));
    for (const span of spans.filter((s) => s !== server)) expect(ids.has(span.parentSpanId)).toBe(true);
  });

  test('a booking: booking and franchise ids on the server span and in the log lines, the trace id in every line of the request', async () => {
    const response = await fetch(`${base}/api/v1/locations/${shop.slug}/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-test-booking-1' },
      body: JSON.stringify({ serviceId: shop.serviceIds[0], start: '2027-03-11T10:00:00-05:00', client: { name: 'Casey', email: 'casey-trace@example.test' } }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const booking = (await response.json()) as { id: string };
    const traceId = (response.headers.get('traceparent') ?? '').split('-')[1] as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    await receiver.waitFor((spans) => serverSpanOf(traceId)(spans) !== undefined);
    const server = serverSpanOf(traceId)(receiver.spans) as ReceivedSpan;
    expect(server.name).toBe('POST /api/v1/locations/:slug/bookings');
    expect(server.attributes['bookedbarber.booking.id']).toBe(booking.id);
    expect(server.attributes['bookedbarber.franchise.id']).toBe(shop.franchiseId);
    const spans = inTrace(traceId)(receiver.spans);
    expect(spans.find((s) => s.name === 'BookingsService.create')?.parentSpanId).toBe(server.spanId);
    expect(spans.some((s) => s.attributes['db.operation.name'] === 'INSERT' && s.attributes['bookedbarber.shard'] === 'shard-1')).toBe(true);

    const requestLines = lines.filter((line) => line.requestId === 'trace-test-booking-1');
    expect(requestLines.map((line) => line.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    for (const line of requestLines) expect(line.traceId).toBe(traceId);
    const completed = requestLines.find((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({ franchiseId: shop.franchiseId, bookingId: booking.id });
  });

  test('an unsampled caller: the trace id is kept and returned with the flag off, and nothing is exported', async () => {
    const traceId = hex(32);
    const response = await fetch(availabilityUrl(), { headers: { traceparent: `00-${traceId}-${hex(16)}-00`, 'x-request-id': 'trace-test-unsampled' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    // A sampled request made after it is exported; by then the unsampled one would have been too.
    const later = await fetch(`${base}/health`);
    const laterTrace = (later.headers.get('traceparent') ?? '').split('-')[1] as string;
    await receiver.waitFor((spans) => serverSpanOf(laterTrace)(spans) !== undefined);
    expect(inTrace(traceId)(receiver.spans)).toEqual([]);
    expect(lines.filter((line) => line.requestId === 'trace-test-unsampled').every((line) => line.traceId === traceId)).toBe(true);
  });

  test('a malformed traceparent starts a new trace instead of failing the request', async () => {
    const response = await fetch(availabilityUrl(), { headers: { traceparent: 'not-a-trace' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  test('/metrics exports the span export counters, with no franchise id anywhere', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^tracing_spans_exported_total \d+/m);
    expect(text).toMatch(/^tracing_spans_dropped_total\{reason="queue_full"\} 0$/m);
    expect(text).toMatch(/^tracing_spans_dropped_total\{reason="export_failed"\} 0$/m);
    expect(text).not.toContain(shop.franchiseId);
  });
});
