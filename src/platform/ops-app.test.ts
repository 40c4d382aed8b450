import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';
import type { App } from '../http/app-types.js';
import { buildOpsApp } from './ops-app.js';

/** OPS_PORT set: /ready and /metrics move to the internal listener; /health stays on both. */
describe('the ops port', () => {
  let tp: TestPlatform;
  let ops: App;
  let base: string;
  beforeAll(async () => {
    tp = await createTestPlatform({ env: { OPS_PORT: '0' } });
    ops = await buildOpsApp({ readiness: tp.platform.readiness, metrics: tp.platform.core.metrics });
    base = await ops.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await ops.close();
    await tp.close();
  });

  it('keeps /ready and /metrics off the public app, /health on it', async () => {
    expect((await tp.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(404);
    expect((await tp.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await tp.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('serves /health, /ready and /metrics on the ops listener', async () => {
    await tp.app.inject({ method: 'GET', url: '/health' });
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { catalog: { ok: true }, 'shard:shard-1': { ok: true }, redis: { ok: true, detail: 'in-process stores' } } });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    // The public app's request counters, scraped from the ops port.
    expect(await metrics.text()).toContain('http_requests_total{method="GET",route="/health"');
    expect((await fetch(`${base}/api/v1/locations/x`)).status).toBe(404);
  });

  it('answers 503 while draining', async () => {
    const other = await createTestPlatform({ env: { OPS_PORT: '0' }, catalogUrl: tp.catalogUrl, shardUrl: tp.shardUrl });
    const otherOps = await buildOpsApp({ readiness: other.platform.readiness, metrics: other.platform.core.metrics });
    try {
      other.platform.readiness.startDraining();
      const res = await otherOps.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().status).toBe('draining');
    } finally {
      await otherOps.close();
      await other.close();
    }
  });
});
