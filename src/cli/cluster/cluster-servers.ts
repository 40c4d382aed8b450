import fs from 'node:fs/promises';
import pg from 'pg';
import { startLocalPostgres } from '../../db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../db/local-postgres/local-postgres-server.js';
import type { PrimaryAddress } from '../../db/local-postgres/replica.js';
import { postgresUrl } from './cluster-layout.js';
import type { ClusterPaths, ServerSpec } from './cluster-layout.js';
import type { BinariesState, ServerState } from './cluster-state.js';
import { dataMajorVersion } from './postgres-install.js';
import { isPortFree, livePostmaster } from './processes.js';

export interface StartContext {
  readonly paths: ClusterPaths;
  readonly password: string;
  readonly binaries: BinariesState;
  readonly progress: (line: string) => void;
}

export interface RunningServer {
  readonly spec: ServerSpec;
  readonly server: LocalPostgresServer;
}

const CLUSTER_SETTINGS = {
  // Six servers share one machine: a smaller cache each than the launcher's default.
  shared_buffers: '64MB',
  // WAL the replica may still need after both were stopped (it stops first) is kept.
  wal_keep_size: '256MB',
} as const;

/**
 * Starts one server, on the port it had last time when that port is still free, so
 * that URLs usually stay the same between runs (they are re-registered anyway).
 */
export async function startServer(spec: ServerSpec, context: StartContext, previousPort: number | undefined, replicaOf?: PrimaryAddress): Promise<RunningServer> {
  const start = (port: number): Promise<LocalPostgresServer> =>
    startLocalPostgres({
      dataDir: context.paths.serverDir(spec.name),
      port,
      persistent: true,
      password: context.password,
      settings: { ...CLUSTER_SETTINGS, cluster_name: spec.name },
      onProgress: (message) => context.progress(`${spec.name}: ${message}`),
      ...(context.binaries.binDir ? { binDir: context.binaries.binDir } : {}),
      ...(replicaOf ? { replicaOf } : {}),
    });
  if (previousPort !== undefined && (await isPortFree(previousPort))) {
    try {
      return { spec, server: await start(previousPort) };
    } catch (error) {
      // Taken between our check and postgres binding it: any free port will do.
      if (!/already in use/i.test(error instanceof Error ? error.message : '')) throw error;
    }
  }
  return { spec, server: await start(0) };
}

/** Starts a replica; a fresh one is cloned from the primary, an existing one is pointed at the primary's current port. */
export async function startReplica(spec: ServerSpec, context: StartContext, previousPort: number | undefined, primary: LocalPostgresServer): Promise<RunningServer> {
  const dataDir = context.paths.serverDir(spec.name);
  const isNew = (await dataMajorVersion(dataDir)) === null;
  const address = { host: primary.host, port: primary.port, user: primary.user, password: primary.password };
  try {
    const running = await startServer(spec, context, previousPort, address);
    await pointAtPrimary(running.server, address, spec.name);
    return running;
  } catch (error) {
    // A half-made clone would be taken for a replica next time: start over then.
    if (isNew) await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Ports change between runs, and primary_conninfo (written by pg_basebackup -R) names
 * the old one. ALTER SYSTEM works on a standby and primary_conninfo is reloadable.
 */
async function pointAtPrimary(replica: LocalPostgresServer, primary: PrimaryAddress, name: string): Promise<void> {
  await withClient(replica.connectionString('postgres'), async (client) => {
    const { rows } = await client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    if (!rows[0]?.standby) throw new Error(`${replica.dataDir} is no longer a standby (was it promoted?); delete that folder to make a new replica`);
    const conninfo = `host=${primary.host} port=${primary.port} user=${primary.user} password=${primary.password} application_name=${name}`;
    await client.query(`ALTER SYSTEM SET primary_conninfo = ${client.escapeLiteral(conninfo)}`);
    await client.query('SELECT pg_reload_conf()');
  });
}

export async function ensureDatabase(server: LocalPostgresServer, database: string): Promise<void> {
  await withClient(server.connectionString('postgres'), async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  });
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a server going away mid-session surfaces in the query instead
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function describeServer(running: RunningServer, password: string): Promise<ServerState> {
  const { spec, server } = running;
  return {
    name: spec.name,
    role: spec.role,
    region: spec.region,
    port: server.port,
    pid: (await livePostmaster(server.dataDir)) ?? null,
    dataDir: server.dataDir,
    url: postgresUrl(password, server.port, spec.database),
    ...(spec.replicaOf ? { replicaOf: spec.replicaOf } : {}),
  };
}
