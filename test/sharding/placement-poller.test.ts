import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDatabase } from '../../src/db/catalog-schema.js';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { PlacementPoller } from '../../src/db/placement-poller.js';
import { createKysely, createPool } from '../../src/db/pools.js';
import { ShardRouter } from '../../src/db/shard-router.js';
import { newId } from '../../src/db/ids.js';
import { ensureRegions } from '../../src/platform/bootstrap.js';
import { installedPostgresBinDir } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';

const silent = pino({ level: 'silent' });
const ROUTER_OPTIONS = { poolMax: 1, statementTimeoutMs: 0, replicaMaxLagMs: 1000, moveRetryBudgetMs: 100 };

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (await check()) return true;
  }
  return false;
}

/**
 * The catalog as a secondary region sees it: a primary (us-east-1) and a
 * streaming replica that API nodes read placements from. NOTIFY is not
 * replicated, so a flip on the primary reaches a reader of the replica only
 * through a LISTEN on the primary or through the placement poller.
 */
describe('placement changes seen from a catalog replica', () => {
  let primary: LocalPostgresServer;
  let replica: LocalPostgresServer;
  let onPrimary: Kysely<CatalogDatabase>;
  let onReplica: Kysely<CatalogDatabase>;

  const placeFranchise = async (slug: string): Promise<string> => {
    const id = newId();
    await onPrimary.insertInto('franchises').values({ id, slug, name: slug, region: 'eu-west-1', shard_id: 'shard-a' }).execute();
    await eventually(async () => (await onReplica.selectFrom('franchises').select('id').where('id', '=', id).executeTakeFirst()) !== undefined);
    return id;
  };
  const flip = async (franchiseId: string): Promise<void> => {
    await onPrimary
      .updateTable('franchises')
      .set({ shard_id: 'shard-b', placement_version: sql<string>`placement_version + 1` })
      .where('id', '=', franchiseId)
      .execute();
  };

  beforeAll(async () => {
    const binDir = await installedPostgresBinDir();
    if (!binDir) throw new Error('no installed PostgreSQL with pg_basebackup: apt-get install -y postgresql (.ci/run does)');
    primary = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'bb-catalog-')), port: 0, persistent: false, binDir });
    onPrimary = createKysely<CatalogDatabase>(createPool({ connectionString: primary.connectionString('postgres'), max: 2, statementTimeoutMs: 0, applicationName: 'test' }, silent));
    await migrateToLatest(onPrimary as Kysely<unknown>, 'catalog');
    await ensureRegions(onPrimary, ['us-east-1', 'eu-west-1']);
    await onPrimary
      .insertInto('shards')
      .values([
        { id: 'shard-a', region: 'eu-west-1', primary_url: 'postgres://127.0.0.1:1/a' },
        { id: 'shard-b', region: 'eu-west-1', primary_url: 'postgres://127.0.0.1:1/b' },
      ])
      .execute();
    replica = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'bb-catalog-replica-')), port: 0, persistent: false, binDir, replicaOf: primary });
    onReplica = createKysely<CatalogDatabase>(createPool({ connectionString: replica.connectionString('postgres'), max: 2, statementTimeoutMs: 0, applicationName: 'test' }, silent));
  }, 120_000);

  afterAll(async () => {
    await onReplica?.destroy();
    await onPrimary?.destroy();
    await replica?.stop();
    await primary?.stop();
  });

  it('a router reading the replica stays on the old shard until the poller compares versions, then follows the flip', async () => {
    const moved = await placeFranchise('poll-moved');
    const untouched = await placeFranchise('poll-untouched');
    const router = new ShardRouter(onReplica, ROUTER_OPTIONS, silent);
    const poller = new PlacementPoller(onReplica, router, (id) => router.forget(id), 0, silent);
    try {
      expect((await router.placementOf(moved)).shardId).toBe('shard-a');
      expect((await router.placementOf(untouched)).shardId).toBe('shard-a');
      await flip(moved);
      // Wait until the replica has replayed the flip: only the cached copy is stale now.
      expect(await eventually(async () => (await onReplica.selectFrom('franchises').select('shard_id').where('id', '=', moved).executeTakeFirstOrThrow()).shard_id === 'shard-b')).toBe(true);
      expect((await router.placementOf(moved)).shardId).toBe('shard-a');

      expect(await poller.poll()).toEqual([moved]);
      expect((await router.placementOf(moved)).shardId).toBe('shard-b');
      expect((await router.placementOf(untouched)).shardId).toBe('shard-a');
      expect(await poller.poll()).toEqual([]);
    } finally {
      await poller.stop();
      await router.close();
    }
  });

  it('an API node configured with CATALOG_REPLICA_URL follows a flip on the primary on its own (LISTEN on the primary, polling as the fallback)', async () => {
    const franchiseId = await placeFranchise('node-moved');
    const tp = await createTestPlatform({
      catalogUrl: primary.connectionString('postgres'),
      env: { REGIONS: 'us-east-1,eu-west-1', CATALOG_REPLICA_URL: replica.connectionString('postgres'), PLACEMENT_POLL_MS: '200' },
    });
    try {
      const { router } = tp.platform.core;
      expect((await router.placementOf(franchiseId)).shardId).toBe('shard-a');
      await flip(franchiseId);
      expect(await eventually(async () => (await router.placementOf(franchiseId)).shardId === 'shard-b')).toBe(true);
    } finally {
      await tp.close();
    }
  });
});
