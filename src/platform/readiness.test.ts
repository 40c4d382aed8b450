import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createReadiness } from './readiness.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A real connection attempt to a host that does not resolve: its error names the host. */
async function connectTo(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('readiness', () => {
  it('runs the probes once per second, however many callers ask at once', async () => {
    let runs = 0;
    const readiness = createReadiness({
      catalog: async () => {
        runs++;
        await sleep(20);
      },
      shards: async () => [],
      redis: async () => ({ ok: true }),
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => readiness.check()));
    expect(answers.every((a) => a.ready)).toBe(true);
    expect(runs).toBe(1);
    await readiness.check();
    expect(runs).toBe(1);
    await sleep(1_050);
    await readiness.check();
    expect(runs).toBe(2);
  });

  it('shows draining at once, not after the cached second', async () => {
    const readiness = createReadiness({ catalog: async () => undefined, shards: async () => [], redis: async () => ({ ok: true }) });
    expect((await readiness.check()).ready).toBe(true);
    readiness.startDraining();
    expect(await readiness.check()).toMatchObject({ ready: false, draining: true });
  });

  it('answers a failure by its kind, never the raw error, and logs the error', async () => {
    const logged: string[] = [];
    const readiness = createReadiness(
      {
        catalog: async () => undefined,
        shards: async () => [
          { id: 'a', probe: () => connectTo('postgres://bookedbarber@secret-shard-host.invalid:5432/shard') },
          { id: 'b', probe: () => connectTo('postgres://bookedbarber@127.0.0.1:1/shard') },
          { id: 'c', probe: () => sleep(5_000) },
          { id: 'd', probe: async () => undefined },
        ],
        redis: async () => ({ ok: false, detail: 'redis: connect ECONNREFUSED secret-redis-host:6379' }),
      },
      { probeTimeoutMs: 300, onProbeError: (check, error) => logged.push(`${check}: ${error instanceof Error ? error.message : String(error)}`) },
    );
    const report = await readiness.check();
    expect(report.ready).toBe(true);
    expect(report.checks).toEqual({
      catalog: { ok: true },
      'shard:a': { ok: false, detail: 'unreachable' },
      'shard:b': { ok: false, detail: 'unreachable' },
      'shard:c': { ok: false, detail: 'timeout' },
      'shard:d': { ok: true },
      redis: { ok: false, detail: 'unreachable (degraded)' },
    });
    expect(JSON.stringify(report)).not.toMatch(/secret|127\.0\.0\.1|ECONN|ENOTFOUND/);
    expect(logged.join('\n')).toContain('secret-shard-host.invalid');
    expect(logged.join('\n')).toContain('secret-redis-host');
  });

  it('is not ready when the catalog fails, and says why in one word', async () => {
    const readiness = createReadiness({
      catalog: () => connectTo('postgres://bookedbarber@127.0.0.1:1/catalog'),
      shards: async () => [],
      redis: async () => ({ ok: true }),
    });
    expect(await readiness.check()).toEqual({ ready: false, draining: false, checks: { catalog: { ok: false, detail: 'unreachable' }, redis: { ok: true } } });
  });
});
