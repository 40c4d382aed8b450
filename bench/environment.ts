import { RecentWriteMarker } from '../src/http/recent-write-marker.js';
import { RECENT_WRITE_COOKIE } from '../src/http/request-hooks.js';
import { SigningKeys } from '../src/shared/signing-keys.js';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../src/db/catalog-schema.js';
import { findFreePort, startLocalPostgres } from '../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../src/db/local-postgres/local-postgres-server.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createKysely, createPool } from '../src/db/pools.js';
import { ShardRouter } from '../src/db/shard-router.js';
import { ensureRegions, registerShard } from '../src/platform/bootstrap.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin/bookedbarber.js');
const logger = pino({ level: 'warn' });

export interface BenchDatabase {
  readonly server: LocalPostgresServer;
  readonly catalogUrl: string;
  readonly shardUrl: string;
  readonly platform: { readonly core: { readonly catalog: Kysely<CatalogDatabase>; readonly router: ShardRouter } };
  close(): Promise<void>;
}

export const DURABLE_SETTINGS = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', max_connections: '300' };

/** A throwaway PostgreSQL server with durable settings and the named databases. */
export async function startServerWith(databases: readonly string[]): Promise<LocalPostgresServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bookedbarber-bench-'));
  const server = await startLocalPostgres({ dataDir, port: 0, persistent: false, settings: DURABLE_SETTINGS });
  const admin = new pg.Client({ connectionString: server.connectionString('postgres') });
  await admin.connect();
  for (const database of databases) await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return server;
}

/**
 * Throwaway PostgreSQL with durable settings (fsync on): the catalog and shard-1
 * on one server, and each further shard on a server of its own.
 */
export async function startBenchDatabase(shardCount = 1): Promise<BenchDatabase> {
  const server = await startServerWith(['bench_catalog', 'bench_shard']);
  const extraServers = await Promise.all(Array.from({ length: shardCount - 1 }, () => startServerWith(['bench_shard'])));
  const catalogUrl = server.connectionString('bench_catalog');
  const shardUrl = server.connectionString('bench_shard');
  const catalog = createKysely<CatalogDatabase>(createPool({ connectionString: catalogUrl, max: 4, statementTimeoutMs: 0, applicationName: 'bench' }, logger));
  await migrateToLatest(catalog as Kysely<unknown>, 'catalog');
  await ensureRegions(catalog, ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1']);
  await registerShard(catalog, { id: 'shard-1', region: 'us-east-1', primaryUrl: shardUrl, acceptsAnyRegion: true }, logger);
  for (const [index, extra] of extraServers.entries()) {
    await registerShard(catalog, { id: `shard-${index + 2}`, region: 'us-east-1', primaryUrl: extra.connectionString('bench_shard') }, logger);
  }
  const router = new ShardRouter(catalog, { poolMax: 8, statementTimeoutMs: 0, replicaMaxLagMs: 1000, moveRetryBudgetMs: 3000 }, logger);
  return {
    server,
    catalogUrl,
    shardUrl,
    platform: { core: { catalog, router } },
    close: async () => {
      await router.close();
      await catalog.destroy();
      await Promise.all([server, ...extraServers].map((s) => s.stop()));
    },
  };
}

export interface ChildServer {
  readonly base: string;
  readonly process: ChildProcess;
  stop(): Promise<number | null>;
}

/** Starts a Node script as a child process and waits until `readyPath` answers 200. */
export async function startChild(args: readonly string[], env: NodeJS.ProcessEnv, readyPath = '/health', timeoutMs = 120_000): Promise<ChildServer & { readyAfterMs: number }> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} not ready after ${timeoutMs} ms: ${stderr}`);
    try {
      if ((await fetch(base + readyPath)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const readyAfterMs = performance.now() - started;
  return {
    base,
    process: child,
    readyAfterMs,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * A genuine read-your-writes cookie for an hour, signed with the bench catalog's keys: the API's own
 * uncached path (a client-made `bb_rw` is ignored, issue 11 item 6).
 */
export async function uncachedCookie(catalog: Kysely<CatalogDatabase>): Promise<string> {
  return `${RECENT_WRITE_COOKIE}=${await new RecentWriteMarker(new SigningKeys(catalog)).issue(3600)}`;
}
