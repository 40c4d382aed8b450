import { Writable } from 'node:stream';
import pino, { symbols } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../app.js';
import type { App } from '../http/app-types.js';
import { makeShop } from '../../test/support/factories.js';
import type { Shop } from '../../test/support/factories.js';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';
import { bookOk, slots } from '../../test/support/bookings.js';
import { createLogger } from './logger.js';
import { REDACTED, logSerializers, redactUrl } from './log-redaction.js';

let tp: TestPlatform;
let shop: Shop;
let app: App;
const lines: string[] = [];

beforeAll(async () => {
  tp = await createTestPlatform();
  shop = await makeShop(tp);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  // The serializers the process logger uses, on a logger whose lines this test can read.
  const logger = pino({ level: 'info', serializers: logSerializers }, sink);
  const { platform } = tp;
  app = await buildApp({
    ...platform.http,
    config: tp.config,
    logger,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await tp.close();
});

describe('manage tokens never reach the log', () => {
  test('the access log of every manage request shows the path without the token', async () => {
    const [slot] = await slots(tp, shop, { date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), days: 7 });
    const booked = await bookOk(tp, shop, { start: slot?.start as string });
    const token = booked.manageToken;
    lines.length = 0;
    expect((await app.inject({ method: 'GET', url: `/api/v1/bookings/${token}` })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: `/api/v1/bookings/${token}/reschedule?x=1`, payload: {} });
    expect((await app.inject({ method: 'POST', url: `/api/v1/bookings/${token}/cancel` })).statusCode).toBe(200);
    const logged = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6); // incoming + completed for each
    expect(logged).not.toContain(token);
    const urls = lines.map((line) => (JSON.parse(line) as { req?: { url?: string } }).req?.url).filter(Boolean);
    expect(urls).toEqual(expect.arrayContaining([`/api/v1/bookings/${REDACTED}`, `/api/v1/bookings/${REDACTED}/reschedule?x=1`, `/api/v1/bookings/${REDACTED}/cancel`]));
  });

  test("the web app's pages that carry a token, and nothing else", () => {
    expect(redactUrl('/manage/abc_DEF-123')).toBe(`/manage/${REDACTED}`);
    expect(redactUrl('/confirmed/abc?from=book')).toBe(`/confirmed/${REDACTED}?from=book`);
    expect(redactUrl('/api/v1/bookings/abc/cancel')).toBe(`/api/v1/bookings/${REDACTED}/cancel`);
    expect(redactUrl('/api/v1/locations/fade-and-co/bookings')).toBe('/api/v1/locations/fade-and-co/bookings');
    expect(redactUrl('/book/fade-and-co')).toBe('/book/fade-and-co');
  });

  test('the process logger uses these serializers', () => {
    const logger = createLogger({ level: 'silent', pretty: false });
    const serializers = (logger as unknown as Record<symbol, Record<string, unknown>>)[symbols.serializersSym];
    expect(serializers?.req).toBe(logSerializers.req);
  });
});
