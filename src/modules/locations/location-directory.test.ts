import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { newId } from '../../db/ids.js';
import { createKysely, createPool } from '../../db/pools.js';
import { ensureRegions } from '../../platform/bootstrap.js';
import { CATALOG_TEMPLATE, createDatabaseFrom } from '../../../test/support/test-databases.js';
import { LocationDirectory } from './location-directory.js';

/**
 * In a secondary region the directory reads the local catalog replica first and
 * the primary on a miss. Two catalog databases play primary and replica: what
 * each holds shows which one answered.
 */
describe('LocationDirectory with a catalog replica', () => {
  let primary: Kysely<CatalogDatabase>;
  let replica: Kysely<CatalogDatabase>;

  const open = async (prefix: string): Promise<Kysely<CatalogDatabase>> => {
    const url = await createDatabaseFrom(inject('postgres'), CATALOG_TEMPLATE, prefix);
    const db = createKysely<CatalogDatabase>(createPool({ connectionString: url, max: 2, statementTimeoutMs: 10_000, applicationName: 'directory-test' }, pino({ level: 'silent' })));
    await ensureRegions(db, ['us-east-1']);
    return db;
  };
  const claim = async (db: Kysely<CatalogDatabase>, slug: string): Promise<{ franchiseId: string; locationId: string }> => {
    const shardId = `shard-${slug}`;
    await db.insertInto('shards').values({ id: shardId, region: 'us-east-1', primary_url: 'postgres://127.0.0.1:1/x' }).execute();
    const franchiseId = newId();
    await db.insertInto('franchises').values({ id: franchiseId, slug, name: slug, region: 'us-east-1', shard_id: shardId }).execute();
    const locationId = newId();
    await db.insertInto('location_directory').values({ id: locationId, franchise_id: franchiseId, slug }).execute();
    return { franchiseId, locationId };
  };

  beforeAll(async () => {
    [primary, replica] = await Promise.all([open('dirprimary'), open('dirreplica')]);
  });
  afterAll(async () => {
    await Promise.all([primary?.destroy(), replica?.destroy()]);
  });

  it('answers from the replica when it has the slug', async () => {
    const onReplica = await claim(replica, 'only-on-replica');
    const directory = new LocationDirectory(primary, { replica });
    expect(await directory.resolve('only-on-replica')).toEqual({ ...onReplica, slug: 'only-on-replica' });
  });

  it('asks the primary for a slug the replica does not have yet (a shop opened a moment ago)', async () => {
    const justClaimed = await claim(primary, 'just-opened');
    const directory = new LocationDirectory(primary, { replica });
    expect(await directory.resolve('just-opened')).toEqual({ ...justClaimed, slug: 'just-opened' });
  });

  it('still answers NotFound for a slug neither has', async () => {
    const directory = new LocationDirectory(primary, { replica });
    await expect(directory.resolve('nowhere')).rejects.toMatchObject({ code: 'NotFound' });
  });

  // What the cache holds shows in what survives the catalog row's removal.
  const unlist = (db: Kysely<CatalogDatabase>, slug: string): Promise<unknown> => db.deleteFrom('location_directory').where('slug', '=', slug).execute();

  it('makes room by the least recently used slug when full, keeping the busy ones', async () => {
    for (const slug of ['lru-a', 'lru-b', 'lru-c']) await claim(primary, slug);
    const directory = new LocationDirectory(primary, { maxEntries: 2 });
    await directory.resolve('lru-a');
    await directory.resolve('lru-b');
    await directory.resolve('lru-a');
    await directory.resolve('lru-c');
    expect(directory.size).toBe(2);
    for (const slug of ['lru-a', 'lru-b', 'lru-c']) await unlist(primary, slug);
    expect((await directory.resolve('lru-a')).slug).toBe('lru-a');
    expect((await directory.resolve('lru-c')).slug).toBe('lru-c');
    await expect(directory.resolve('lru-b')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('asks the catalog again once a resolved slug is older than its ttl', async () => {
    await claim(primary, 'ttl-shop');
    let now = 1_000;
    const directory = new LocationDirectory(primary, { ttlMs: 500, now: () => now });
    await directory.resolve('ttl-shop');
    await unlist(primary, 'ttl-shop');
    now = 1_400;
    expect((await directory.resolve('ttl-shop')).slug).toBe('ttl-shop');
    now = 1_600;
    await expect(directory.resolve('ttl-shop')).rejects.toMatchObject({ code: 'NotFound' });
  });
});

/** Drill 4 (a lost catalog): a slug resolved before keeps resolving while the catalog is unreachable, and only then. */
describe('LocationDirectory without its catalog', () => {
  it('uses an expired entry while the catalog cannot be reached, and asks again once it can', async () => {
    const url = await createDatabaseFrom(inject('postgres'), CATALOG_TEMPLATE, 'dirlost');
    const connect = (): Kysely<CatalogDatabase> => createKysely<CatalogDatabase>(createPool({ connectionString: url, max: 2, statementTimeoutMs: 10_000, applicationName: 'directory-test' }, pino({ level: 'silent' })));
    const catalog = connect();
    await ensureRegions(catalog, ['us-east-1']);
    await catalog.insertInto('shards').values({ id: 'shard-lost', region: 'us-east-1', primary_url: 'postgres://127.0.0.1:1/x' }).execute();
    const franchiseId = newId();
    await catalog.insertInto('franchises').values({ id: franchiseId, slug: 'kept', name: 'kept', region: 'us-east-1', shard_id: 'shard-lost' }).execute();
    const locationId = newId();
    await catalog.insertInto('location_directory').values({ id: locationId, franchise_id: franchiseId, slug: 'kept' }).execute();

    let now = 0;
    const lostPool = createPool({ connectionString: url, max: 1, statementTimeoutMs: 10_000, applicationName: 'directory-test' }, pino({ level: 'silent' }));
    const directory = new LocationDirectory(createKysely<CatalogDatabase>(lostPool), { ttlMs: 1_000, now: () => now });
    expect(await directory.resolve('kept')).toEqual({ franchiseId, locationId, slug: 'kept' });
    await lostPool.end(); // from here on every query fails as an unreachable database does
    now = 60_000;
    expect(await directory.resolve('kept')).toEqual({ franchiseId, locationId, slug: 'kept' });
    // A slug it never resolved cannot be guessed: the caller gets the outage (503), not a NotFound.
    await expect(directory.resolve('never-seen')).rejects.toThrow(/pool/);

    // With the catalog answering, an expired entry is looked up again, and a slug that went away is gone.
    const live = new LocationDirectory(catalog, { ttlMs: 1_000, now: () => now });
    expect(await live.resolve('kept')).toEqual({ franchiseId, locationId, slug: 'kept' });
    await catalog.deleteFrom('location_directory').where('slug', '=', 'kept').execute();
    now = 120_000;
    await expect(live.resolve('kept')).rejects.toMatchObject({ code: 'NotFound' });
    await catalog.destroy();
  });
});
