import fs from 'node:fs/promises';
import path from 'node:path';

/** The regions of the local cluster, one shard primary each (the configured defaults). */
export const CLUSTER_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;

export const CATALOG_DB = 'bookedbarber_catalog';
export const SHARD_DB = 'bookedbarber_shard';
export const DEFAULT_DATA_DIR = '.bookedbarber-cluster';
export const DEFAULT_API_PORT = 3000;

export type ServerRole = 'catalog' | 'primary' | 'replica';

/** One PostgreSQL server of the cluster; its data folder is `<data dir>/<name>`. */
export interface ServerSpec {
  readonly name: string;
  readonly role: ServerRole;
  /** null for the catalog, which belongs to no region. */
  readonly region: string | null;
  readonly database: string;
  /** For a replica: the name of the shard primary it streams from. */
  readonly replicaOf?: string;
}

export const CATALOG_SERVER: ServerSpec = { name: 'catalog', role: 'catalog', region: null, database: CATALOG_DB };

export const SHARD_SERVERS: readonly ServerSpec[] = [
  { name: 'shard-use1', role: 'primary', region: 'us-east-1', database: SHARD_DB },
  { name: 'shard-usw2', role: 'primary', region: 'us-west-2', database: SHARD_DB },
  { name: 'shard-euw1', role: 'primary', region: 'eu-west-1', database: SHARD_DB },
  { name: 'shard-apse1', role: 'primary', region: 'ap-southeast-1', database: SHARD_DB },
];

/** The streaming replica: the us-east-1 shard's, as the issue asks for at least one. */
export const REPLICA_SERVER: ServerSpec = {
  name: 'shard-use1-replica',
  role: 'replica',
  region: 'us-east-1',
  database: SHARD_DB,
  replicaOf: 'shard-use1',
};

/** Every server in start order; stopping goes in reverse (replica before its primary, catalog last). */
export const ALL_SERVERS: readonly ServerSpec[] = [CATALOG_SERVER, ...SHARD_SERVERS, REPLICA_SERVER];

/** Where everything of one cluster lives, all under its data folder. */
export interface ClusterPaths {
  readonly root: string;
  readonly stateFile: string;
  readonly lockFile: string;
  readonly apiPidFile: string;
  readonly credentialsFile: string;
  readonly logDir: string;
  readonly supervisorLog: string;
  readonly apiLog: string;
  /** Prometheus and Alertmanager data of `up --observability`. */
  readonly observabilityDir: string;
  serverDir(name: string): string;
}

export function clusterPaths(dataDir: string): ClusterPaths {
  const root = path.resolve(dataDir);
  return {
    root,
    stateFile: path.join(root, 'cluster.json'),
    lockFile: path.join(root, 'supervisor.pid'),
    apiPidFile: path.join(root, 'api.pid'),
    credentialsFile: path.join(root, 'credentials.json'),
    logDir: path.join(root, 'logs'),
    supervisorLog: path.join(root, 'logs', 'supervisor.log'),
    apiLog: path.join(root, 'logs', 'api.log'),
    observabilityDir: path.join(root, 'observability'),
    serverDir: (name) => path.join(root, name),
  };
}

export function postgresUrl(password: string, port: number, database: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * True when every entry of the folder is one a cluster makes (an empty folder too): the
 * only kind `up` fills and `down --purge` deletes, so a mistyped --data-dir never
 * touches a home folder or a checkout.
 */
export async function isClusterFolder(paths: ClusterPaths): Promise<boolean> {
  const entries = await fs.readdir(paths.root).catch(() => undefined);
  if (entries === undefined) return false;
  const known = new Set([paths.stateFile, paths.lockFile, paths.apiPidFile, paths.credentialsFile, paths.logDir, paths.observabilityDir].map((file) => path.basename(file)));
  for (const server of ALL_SERVERS) known.add(server.name);
  known.add('fleet');
  const stateFile = path.basename(paths.stateFile);
  return entries.every((entry) => known.has(entry) || entry.startsWith(`${stateFile}.`));
}

/** How `cluster up` starts its supervisor process. */
export interface SupervisorOptions {
  /** Absolute. */
  readonly dataDir: string;
  readonly apiPort: number;
  readonly replica: boolean;
  readonly demo: boolean;
  /** Prometheus and Alertmanager beside the cluster, with the project's rules. */
  readonly observability?: boolean;
  /** The production-shaped fleet instead (src/cli/cluster/fleet/): standbys, PgBouncer, HAProxy, several API nodes. */
  readonly fleet?: boolean;
}
