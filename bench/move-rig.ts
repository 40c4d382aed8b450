import type { Kysely } from 'kysely';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { buildPlatform } from '../src/composition-root.js';
import type { Platform } from '../src/composition-root.js';
import { loadConfig } from '../src/config/config.js';
import type { CatalogDatabase } from '../src/db/catalog-schema.js';
import type { LocalPostgresServer } from '../src/db/local-postgres/local-postgres-server.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createKysely, createPool } from '../src/db/pools.js';
import type { MovesService } from '../src/modules/moves/moves.service.js';
import { ensureRegions, registerShard } from '../src/platform/bootstrap.js';
import { startServerWith } from './environment.js';

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;

export interface ShardSpec {
  readonly id: string;
  readonly region: string;
  readonly acceptsAnyRegion?: boolean;
}

/** Throwaway servers (durable settings), the catalog on the first, one shard database on each, and the API in-process. */
export interface MoveRig {
  readonly catalog: Kysely<CatalogDatabase>;
  readonly catalogUrl: string;
  readonly platform: Platform;
  readonly app: Awaited<ReturnType<typeof buildApp>>;
  readonly mover: MovesService;
  /** Server `index`'s shard database, registered or not. */
  shardUrl(index: number): string;
  /** Registers server `index`'s shard database in the catalog (index 0 is registered by startMoveRig). */
  register(index: number, spec: ShardSpec): Promise<void>;
  close(): Promise<void>;
}

const logger = pino({ level: 'warn' });
const unlimited = { points: 1e9, windowSeconds: 60 };

/** Starts a server with the named databases; the backup drill passes one that archives WAL. */
export type ServerStarter = (databases: readonly string[], index: number) => Promise<LocalPostgresServer>;

export async function startMoveRig(serverCount: number, first: ShardSpec, startServer: ServerStarter = startServerWith): Promise<MoveRig> {
  const servers: LocalPostgresServer[] = await Promise.all(Array.from({ length: serverCount }, (_, i) => startServer(i === 0 ? ['catalog', 'shard'] : ['shard'], i)));
  const catalogUrl = (servers[0] as LocalPostgresServer).connectionString('catalog');
  const catalog = createKysely<CatalogDatabase>(createPool({ connectionString: catalogUrl, max: 4, statementTimeoutMs: 0, applicationName: 'move-rig' }, logger));
  await migrateToLatest(catalog as Kysely<unknown>, 'catalog');
  await ensureRegions(catalog, REGIONS);
  const shardUrl = (index: number): string => {
    const server = servers[index];
    if (!server) throw new Error(`no server ${index}`);
    return server.connectionString('shard');
  };
  const register = async (index: number, spec: ShardSpec): Promise<void> => {
    await registerShard(catalog, { id: spec.id, region: spec.region, primaryUrl: shardUrl(index), acceptsAnyRegion: spec.acceptsAnyRegion ?? false }, logger);
  };
  await register(0, first);
  const config = loadConfig({ DEMO_DATA: 'false', LOG_LEVEL: 'silent', CATALOG_DATABASE_URL: catalogUrl });
  // Every request comes from one address: the per-IP limits would measure themselves.
  const rateLimits = {
    signupPerIp: unlimited,
    bookingPerIp: unlimited,
    bookingPerDevice: unlimited,
    bookingPerEmail: unlimited,
    bookingPerLocation: unlimited,
    apiPerIp: unlimited,
    loginPerIp: unlimited,
  };
  const platform = buildPlatform(config, logger, { catalogUrl, rateLimits });
  await platform.start();
  const app = await buildApp(platform.http);
  await app.ready();
  const mover = platform.moves;
  return {
    catalog,
    catalogUrl,
    platform,
    app,
    mover,
    shardUrl,
    register,
    close: async () => {
      await mover.close();
      await app.close();
      await platform.close();
      await catalog.destroy();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
