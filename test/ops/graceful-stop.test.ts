import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/db/local-postgres/local-postgres-server.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/bookedbarber.js');

async function waitForHealthy(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become healthy');
}

describe('graceful stop (a real server process and SIGTERM)', () => {
  let tp: TestPlatform;
  let shop: Shop;
  beforeAll(async () => {
    tp = await createTestPlatform();
    shop = await makeShop(tp, { barbers: 4 });
  });
  afterAll(async () => tp.close());

  it('finishes every in-flight request, reports draining, and exits 0', { timeout: 60_000 }, async () => {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, CATALOG_DATABASE_URL: tp.catalogUrl, PORT: String(port), DEMO_DATA: 'false', LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_MS: '3000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForHealthy(base, child);
      const date = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const url = `${base}/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${date}&days=7`;
      const inFlight = Array.from({ length: 40 }, () => fetch(url).then(async (res) => ({ status: res.status, body: await res.text() })));
      await new Promise((resolve) => setTimeout(resolve, 30));
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const readiness = await fetch(`${base}/ready`);

      const results = await Promise.all(inFlight);
      const [code] = (await once(child, 'exit')) as [number | null];

      expect(readiness.status).toBe(503);
      expect(readiness.headers.get('connection')).toBe('close');
      expect(((await readiness.json()) as { status: string }).status).toBe('draining');
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
      expect(code, output).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
