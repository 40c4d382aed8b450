import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';

describe('operations routes', () => {
  let tp: TestPlatform;
  beforeAll(async () => {
    tp = await createTestPlatform();
  });
  afterAll(async () => tp.close());

  it('answers /health while the process is alive', async () => {
    const res = await tp.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports the catalog and every shard in /ready', async () => {
    const res = await tp.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { catalog: { ok: true }, 'shard:shard-1': { ok: true }, redis: { ok: true, detail: 'in-process stores' } } });
  });

  it('exposes Prometheus metrics with route templates, never raw ids', async () => {
    await tp.app.inject({ method: 'GET', url: '/api/v1/locations/some-unknown-shop' });
    const res = await tp.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
    expect(res.body).toContain('http_requests_total{method="GET",route="/health"');
    expect(res.body).not.toContain('some-unknown-shop');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const ui = await tp.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const doc = await tp.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
  });

  it('makes its own request id when the caller is not a trusted proxy (src/http/trusted-proxy.test.ts has the trusted case)', async () => {
    const given = await tp.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'edge-123' } });
    expect(given.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await tp.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers', async () => {
    const res = await tp.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await tp.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'RouteNotFound', requestId: res.headers['x-request-id'] });
  });

  it('answers an over-long path parameter and an undecodable URL with problems, not plain JSON', async () => {
    const long = await tp.app.inject({ method: 'GET', url: `/api/v1/bookings/${'x'.repeat(300)}` });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json()).toMatchObject({ status: 414, code: 'UriTooLong' });
    const broken = await tp.app.inject({ method: 'GET', url: '/api/v1/locations/%E0%A4%A' });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an oversized body with 413 and a malformed one with 400, both as problems', async () => {
    const big = await tp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(tp.config.bodyLimitBytes) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    const broken = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'ValidationFailed', status: 400 });
  });
});
