import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { registerShard } from '../../src/platform/bootstrap.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { startRedisServer } from '../support/redis-server.js';
import type { RedisTestServer } from '../support/redis-server.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { dashboardQueries, loadDashboards } from '../support/observability/dashboards.js';
import { startDaemon } from '../support/observability/daemon.js';
import type { Daemon } from '../support/observability/daemon.js';
import { declaredNames } from '../support/observability/exposition.js';
import { freePort, waitFor } from '../support/observability/free-port.js';
import { loadRules, ruleFiles } from '../support/observability/observability-files.js';
import { prometheus } from '../support/observability/programs.js';
import { familyOf, seriesNames } from '../support/observability/promql-names.js';

interface ApiAnswer<T> {
  readonly status: string;
  readonly data: T;
}

/**
 * The real thing: the API on loopback with Redis and two shards, a real
 * Prometheus scraping it every second with the project's own rule files.
 * Every name a rule or dashboard reads must be exported; a stopped shard must
 * raise its alert.
 */
describe('the project rules in a real Prometheus scraping the API', () => {
  let tp: TestPlatform;
  let redis: RedisTestServer;
  let lostShard: LocalPostgresServer;
  let daemon: Daemon;
  let workDir: string;
  let api: string;
  let prom: string;
  let shops: Shop[];

  const query = async <T>(pathAndQuery: string): Promise<T> => {
    const answer = (await (await fetch(`${prom}${pathAndQuery}`)).json()) as ApiAnswer<T>;
    if (answer.status !== 'success') throw new Error(`${pathAndQuery}: ${JSON.stringify(answer)}`);
    return answer.data;
  };

  beforeAll(async () => {
    const binary = prometheus();
    redis = await startRedisServer();
    tp = await createTestPlatform({ env: { REDIS_URL: redis.url } });
    lostShard = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'bb-prom-shard-')), port: 0, persistent: false });
    const admin = new pg.Client({ connectionString: lostShard.connectionString('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE shard_euw1');
    await admin.end();
    await registerShard(tp.platform.core.catalog, { id: 'shard-euw1', region: 'eu-west-1', primaryUrl: lostShard.connectionString('shard_euw1') }, pino({ level: 'silent' }));
    shops = [await makeShop(tp), await makeShop(tp, { shardId: 'shard-euw1', region: 'eu-west-1', timezone: 'Europe/Dublin', currency: 'EUR' })];
    api = await tp.app.listen({ port: 0, host: '127.0.0.1' });

    workDir = await mkdtemp(path.join(os.tmpdir(), 'bb-prometheus-'));
    const port = await freePort();
    prom = `http://127.0.0.1:${port}`;
    const config = path.join(workDir, 'prometheus.yml');
    await writeFile(
      config,
      JSON.stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: ruleFiles(),
        scrape_configs: [{ job_name: 'bookedbarber', static_configs: [{ targets: [new URL(api).host] }] }],
      }),
    );
    daemon = startDaemon(binary, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(workDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`]);
    await waitFor('Prometheus ready', async () => ((await fetch(`${prom}/-/ready`)).ok ? true : undefined), 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${daemon.output()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await daemon?.stop();
    await tp?.close();
    await lostShard?.stop();
    await redis?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('scrapes the API, and every metric a rule or dashboard reads is exported by it', async () => {
    // Some traffic, so that the labelled series exist: pages, availability, a booking and its cancellation.
    const date = new Date(Date.now() + 9 * 86_400_000);
    if (date.getUTCDay() === 0) date.setUTCDate(date.getUTCDate() + 1);
    const day = date.toISOString().slice(0, 10);
    for (const shop of shops) {
      for (let i = 0; i < 2; i++) expect((await fetch(`${api}/api/v1/locations/${shop.slug}`)).status).toBe(200);
      const slots = (await (await fetch(`${api}/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${day}`)).json()) as { slots: { start: string }[] };
      const booked = await fetch(`${api}/api/v1/locations/${shop.slug}/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `prom-${shop.slug}` },
        body: JSON.stringify({ serviceId: shop.serviceIds[0], start: slots.slots[0]?.start, client: { name: 'Ana', email: 'ana@example.test' } }),
      });
      expect(booked.status).toBe(201);
      const { manageToken } = (await booked.json()) as { manageToken: string };
      expect((await fetch(`${api}/api/v1/bookings/${manageToken}/cancel`, { method: 'POST' })).status).toBe(200);
    }

    const exposition = await (await fetch(`${api}/metrics`)).text();
    const { names, histograms, withSamples } = declaredNames(exposition);
    const { alerts, records } = loadRules();
    const used = new Map<string, string>();
    for (const rule of [...alerts, ...records]) for (const name of seriesNames(rule.expr)) used.set(name, 'alert' in rule ? `alert ${rule.alert}` : `record ${rule.record}`);
    for (const q of dashboardQueries(loadDashboards())) for (const name of seriesNames(q.expr)) used.set(name, `dashboard ${q.dashboard} / ${q.panel}`);
    const metrics = [...used.keys()].filter((name) => !name.includes(':'));
    expect(metrics.length).toBeGreaterThan(20);
    const missing = metrics.filter((name) => !names.has(name)).map((name) => `${name} (${used.get(name)})`);
    expect(missing, 'names read by rules or dashboards that the running API does not export').toEqual([]);

    // Prometheus really has them: every used family that has samples in the exposition is in its index.
    const expected = [...new Set(metrics.map((name) => familyOf(name, histograms)))].filter((family) =>
      [family, `${family}_bucket`, `${family}_count`].some((series) => withSamples.has(series)),
    );
    expect(expected).toEqual(expect.arrayContaining(['http_requests_total', 'bookings_created_total', 'bookings_cancelled_total', 'shard_up', 'redis_up', 'cache_requests_total']));
    await waitFor(
      'Prometheus to scrape every used metric',
      async () => {
        const known = new Set(await query<string[]>('/api/v1/label/__name__/values'));
        const absent = expected.filter((family) => ![family, `${family}_bucket`].some((series) => known.has(series)));
        return absent.length === 0 ? true : undefined;
      },
      30_000,
    );
  });

  it('evaluates every rule group without errors', async () => {
    type Groups = { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] };
    const groups = await waitFor(
      'every rule evaluated',
      async () => {
        const data = await query<Groups>('/api/v1/rules');
        return data.groups.every((g) => g.rules.every((r) => r.health !== 'unknown')) ? data : undefined;
      },
      30_000,
    );
    const rules = groups.groups.flatMap((g) => g.rules);
    expect(rules.length).toBe(loadRules().alerts.length + loadRules().records.length);
    expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });

  it('raises ShardUnreachable for the shard whose server stops, and for no other', async () => {
    type Alerts = { alerts: { labels: Record<string, string>; state: string }[] };
    const shardAlerts = async (): Promise<Alerts['alerts']> => (await query<Alerts>('/api/v1/alerts')).alerts.filter((a) => a.labels.alertname === 'ShardUnreachable');
    // Both shards answer first.
    await waitFor('both shards seen up', async () => {
      const up = await query<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent('shard_up')}`);
      return up.result.length === 2 && up.result.every((r) => r.value[1] === '1') ? true : undefined;
    }, 30_000);
    expect(await shardAlerts()).toEqual([]);

    await lostShard.stop();
    const raised = await waitFor('ShardUnreachable pending or firing', async () => {
      const found = await shardAlerts();
      return found.length > 0 ? found : undefined;
    }, 60_000);
    expect(raised).toHaveLength(1);
    expect(raised[0]?.labels).toMatchObject({ shard: 'shard-euw1', region: 'eu-west-1', severity: 'P1' });
    expect(['pending', 'firing']).toContain(raised[0]?.state);
  });
});
