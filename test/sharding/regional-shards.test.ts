import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../support/factories.js';
import type { TestUser } from '../support/factories.js';
import { startShardServers } from '../support/shard-servers.js';
import type { ShardServer } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;
const ZONES: Record<(typeof REGIONS)[number], string> = {
  'us-east-1': 'America/New_York',
  'us-west-2': 'America/Los_Angeles',
  'eu-west-1': 'Europe/Dublin',
  'ap-southeast-1': 'Asia/Singapore',
};

interface Created {
  readonly region: string;
  readonly franchiseId: string;
  readonly locationSlug: string;
}

/**
 * Four shards, one per region, each its own PostgreSQL server, plus the catalog
 * (issue 3): placement by region, data residency, routing after a placement
 * change, and a stopped shard.
 */
describe('franchises across four regional shards', () => {
  let tp: TestPlatform;
  let shards: ShardServer[];
  let owner: TestUser;
  const created: Created[] = [];
  let counter = 0;

  const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
    tp.app.inject({ method, url, headers: { cookie: owner.cookie }, ...(payload && { payload }) });

  async function createFranchise(region: (typeof REGIONS)[number]): Promise<Created> {
    const suffix = `${Date.now().toString(36)}${counter++}`;
    const franchise = await inject('POST', '/api/v1/franchises', { name: `Cuts ${region}`, slug: `cuts-${region}-${suffix}`, region });
    expect(franchise.statusCode, franchise.body).toBe(201);
    const franchiseId = franchise.json<{ id: string }>().id;
    const locationSlug = `shop-${region}-${suffix}`;
    const location = await inject('POST', `/api/v1/franchises/${franchiseId}/locations`, { name: `Shop ${region}`, slug: locationSlug, timezone: ZONES[region], currency: region.startsWith('eu') ? 'EUR' : 'USD' });
    expect(location.statusCode, location.body).toBe(201);
    const locationId = location.json<{ id: string }>().id;
    const service = await inject('POST', `/api/v1/franchises/${franchiseId}/services`, { locationId, name: 'Haircut', durationMinutes: 30, priceCents: 3000 });
    expect(service.statusCode, service.body).toBe(201);
    const barber = await inject('POST', `/api/v1/franchises/${franchiseId}/barbers`, { locationId, name: 'Sam' });
    expect(barber.statusCode, barber.body).toBe(201);
    return { region, franchiseId, locationSlug };
  }

  beforeAll(async () => {
    tp = await createTestPlatform({ withDefaultShard: false });
    shards = await startShardServers(tp, REGIONS.map((region) => ({ shardId: `shard-${region}`, region })));
    owner = await makeUser(tp);
    for (const region of REGIONS) created.push(await createFranchise(region));
  }, 120_000);

  afterAll(async () => {
    await tp.close();
    await Promise.all(shards.map((shard) => shard.stop()));
  });

  it('places each franchise on the shard of its own region', async () => {
    const placements = await tp.platform.core.catalog.selectFrom('franchises').select(['id', 'region', 'shard_id']).execute();
    for (const franchise of created) {
      expect(placements.find((p) => p.id === franchise.franchiseId)).toMatchObject({ region: franchise.region, shard_id: `shard-${franchise.region}` });
    }
  });

  it("keeps every franchise's rows on its shard only (data residency)", async () => {
    const tables = ['locations', 'services', 'barbers', 'barber_services', 'audit_log'];
    for (const franchise of created) {
      for (const shard of shards) {
        for (const table of tables) {
          const [row] = await shard.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE franchise_id = $1`, [franchise.franchiseId]);
          const count = Number(row?.n);
          if (shard.region === franchise.region) {
            if (table !== 'barber_services') expect(count, `${table} on ${shard.shardId}`).toBeGreaterThan(0);
          } else {
            expect(count, `${franchise.region} franchise's ${table} leaked to ${shard.shardId}`).toBe(0);
          }
        }
      }
    }
    const eu = created.find((c) => c.region === 'eu-west-1') as Created;
    const euShard = shards.find((s) => s.region === 'eu-west-1') as ShardServer;
    const [euRows] = await euShard.query<{ n: string }>('SELECT count(*) AS n FROM locations WHERE franchise_id = $1', [eu.franchiseId]);
    expect(Number(euRows?.n)).toBe(1);
  });

  it('follows a placement changed directly in the catalog on the next request', async () => {
    const franchise = created.find((c) => c.region === 'us-west-2') as Created;
    const from = shards.find((s) => s.region === 'us-west-2') as ShardServer;
    const to = shards.find((s) => s.region === 'us-east-1') as ShardServer;
    const before = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${franchise.locationSlug}` });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json<{ name: string }>().name).toBe('Shop us-west-2');

    // Copy the franchise's rows as a move would, with a visible difference on the target.
    for (const table of ['locations', 'services', 'barbers', 'barber_services']) {
      const rows = await from.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE franchise_id = $1`, [franchise.franchiseId]);
      for (const row of rows) {
        const columns = Object.keys(row);
        const values = columns.map((c) => (c === 'name' && table === 'locations' ? 'Shop us-west-2 (moved)' : row[c] !== null && typeof row[c] === 'object' && !(row[c] instanceof Date) ? JSON.stringify(row[c]) : row[c]));
        await to.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, values);
      }
    }
    await tp.platform.core.catalog
      .updateTable('franchises')
      .set({ shard_id: to.shardId, placement_version: sql<string>`placement_version + 1` })
      .where('id', '=', franchise.franchiseId)
      .execute();

    // The catalog's NOTIFY reaches the router's listener; no restart, no manual cache flush.
    const deadline = Date.now() + 5_000;
    let name = '';
    while (Date.now() < deadline) {
      name = (await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${franchise.locationSlug}` })).json<{ name: string }>().name;
      if (name.endsWith('(moved)')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(name).toBe('Shop us-west-2 (moved)');
  });

  it('answers 503 for the franchises of a stopped shard only; readiness and the report stay up and say which shard is missing', async () => {
    const downShard = shards.find((s) => s.region === 'ap-southeast-1') as ShardServer;
    const down = created.find((c) => c.region === 'ap-southeast-1') as Created;
    const up = created.find((c) => c.region === 'eu-west-1') as Created;
    await downShard.stop();

    const failing = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${down.locationSlug}` });
    expect(failing.statusCode).toBe(503);
    expect(failing.headers['retry-after']).toBeDefined();
    expect(failing.headers['content-type']).toContain('application/problem+json');

    const serving = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${up.locationSlug}` });
    expect(serving.statusCode).toBe(200);

    const ready = await tp.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks[`shard:${downShard.shardId}`].ok).toBe(false);

    const admin = await makeUser(tp);
    await tp.platform.core.catalog.updateTable('users').set({ is_platform_admin: true }).where('id', '=', admin.userId).execute();
    const report = await tp.app.inject({ method: 'GET', url: '/api/v1/platform/reports', headers: { cookie: admin.cookie } });
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json<{ partial: boolean; missingShards: { shardId: string }[]; byShard: { shardId: string; answered: boolean }[] }>();
    expect(body.partial).toBe(true);
    expect(body.missingShards.map((m) => m.shardId)).toEqual([downShard.shardId]);
    expect(body.byShard.filter((s) => s.answered).map((s) => s.shardId).sort()).toEqual(shards.filter((s) => s !== downShard).map((s) => s.shardId).sort());

    const metrics = await tp.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(new RegExp(`shard_pool_errors_total\\{shard="${downShard.shardId}"\\} [1-9]`));
  });

  it('keeps the cross-shard report to platform admins', async () => {
    const report = await tp.app.inject({ method: 'GET', url: '/api/v1/platform/reports', headers: { cookie: owner.cookie } });
    expect(report.statusCode).toBe(403);
    const anonymous = await tp.app.inject({ method: 'GET', url: '/api/v1/platform/reports' });
    expect(anonymous.statusCode).toBe(401);
  });
});
