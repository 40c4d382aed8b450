import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalPostgres } from '../../../db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../../db/local-postgres/local-postgres-server.js';
import { withClient } from '../cluster-servers.js';

export interface ServerOptions {
  readonly name: string;
  readonly dataDir: string;
  readonly binDir: string;
  readonly password: string;
  readonly progress: (line: string) => void;
  /** Extra server settings (a shard's WAL archiving into pgBackRest). */
  readonly settings?: Readonly<Record<string, string>>;
}

const SETTINGS = {
  shared_buffers: '32MB',
  max_connections: '150',
  wal_keep_size: '256MB',
  // A standby that lost its primary asks again quickly once it is repointed.
  wal_retrieve_retry_interval: '500ms',
} as const;

export function startPrimary(options: ServerOptions): Promise<LocalPostgresServer> {
  return startLocalPostgres({
    dataDir: options.dataDir,
    port: 0,
    persistent: true, // durable settings: an acknowledged commit must survive a SIGKILL
    password: options.password,
    binDir: options.binDir,
    settings: { ...SETTINGS, ...options.settings, cluster_name: options.name },
    onProgress: (line) => options.progress(`${options.name}: ${line}`),
  });
}

/** A streaming standby of `primary` (pg_basebackup), announcing itself by its name so the primary can wait for it. */
export async function startStandby(options: ServerOptions, primary: LocalPostgresServer): Promise<LocalPostgresServer> {
  const standby = await startLocalPostgres({
    dataDir: options.dataDir,
    port: 0,
    persistent: true,
    password: options.password,
    binDir: options.binDir,
    settings: { ...SETTINGS, ...options.settings, cluster_name: options.name },
    replicaOf: { host: primary.host, port: primary.port, user: primary.user, password: primary.password },
    onProgress: (line) => options.progress(`${options.name}: ${line}`),
  });
  await followPrimary(standby.connectionString('postgres'), primary, options.name);
  return standby;
}

/** Points a standby at a (new) primary; primary_conninfo is reloadable, and application_name is what synchronous_standby_names matches. */
export async function followPrimary(standbyAdminUrl: string, primary: { host: string; port: number; user: string; password: string }, name: string): Promise<void> {
  await withClient(standbyAdminUrl, async (client) => {
    const conninfo = `host=${primary.host} port=${primary.port} user=${primary.user} password=${primary.password} application_name=${name}`;
    await client.query(`ALTER SYSTEM SET primary_conninfo = ${client.escapeLiteral(conninfo)}`);
    await client.query('SELECT pg_reload_conf()');
  });
}

/**
 * Makes commits on `primary` wait until `standbyName` has flushed them
 * (synchronous_commit = on, the default): an acknowledged booking exists on two
 * servers. Waits until the standby is reported as `sync`.
 */
export async function requireSyncStandby(primaryAdminUrl: string, standbyNames: readonly string[]): Promise<void> {
  await withClient(primaryAdminUrl, async (client) => {
    const value = standbyNames.length === 0 ? '' : `FIRST 1 (${standbyNames.map((n) => `"${n}"`).join(', ')})`;
    await client.query(`ALTER SYSTEM SET synchronous_standby_names = ${client.escapeLiteral(value)}`);
    await client.query('SELECT pg_reload_conf()');
    if (standbyNames.length === 0) return;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_replication WHERE sync_state = 'sync'`);
      if ((rows[0]?.n ?? 0) > 0) return;
      if (Date.now() > deadline) throw new Error(`no synchronous standby after 30 s (expected ${standbyNames.join(', ')})`);
      await sleep(100);
    }
  });
}

/** Promotes a standby with PostgreSQL's own pg_promote() and waits until it accepts writes. */
export async function promote(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ promoted: boolean }>('SELECT pg_promote(true, 30) AS promoted');
    if (!rows[0]?.promoted) throw new Error('the standby was not promoted within 30 s');
  });
}

/** Replication figures of a server: who streams from it, in which mode, how far behind (bytes). */
export async function replicationState(adminUrl: string): Promise<{ name: string; state: string; sync: string; lagBytes: number }[]> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string; state: string; sync: string; lag: string | null }>(
      `SELECT application_name AS name, state, sync_state AS sync, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS lag FROM pg_stat_replication ORDER BY 1`,
    );
    return rows.map((r) => ({ name: r.name, state: r.state, sync: r.sync, lagBytes: Number(r.lag ?? 0) }));
  });
}
