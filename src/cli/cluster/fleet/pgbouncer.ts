import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { ensureReachable } from '../../../db/local-postgres/data-dir.js';
import { ensureServiceUser, isRoot } from '../../../db/local-postgres/run-as.js';
import { startDaemon } from './daemon.js';
import type { Daemon } from './daemon.js';

export interface PgBouncerTarget {
  readonly database: string;
  readonly host: string;
  readonly port: number;
}

export interface PgBouncerOptions {
  /** Folder for its config, user list and log. */
  readonly dir: string;
  readonly listenPort: number;
  readonly user: string;
  readonly password: string;
  readonly target: PgBouncerTarget;
}

/** PgBouncer in transaction pooling mode in front of one shard: the stable `-rw` address of that shard. */
export interface PgBouncer {
  readonly port: number;
  readonly daemon: Daemon;
  /** The application's URL for the shard database, through PgBouncer. */
  url(): string;
  /** Points PgBouncer at another server (after a failover): rewrites its config and RELOADs it. */
  repoint(target: PgBouncerTarget): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The settings that keep the application working through transaction pooling and
 * failing fast while no server is reachable. `statement_timeout` arrives as a startup
 * parameter from node-postgres, which PgBouncer 1.18 refuses unless ignored: the fleet
 * sets it on the database instead (ALTER DATABASE … SET statement_timeout).
 */
function config(options: PgBouncerOptions, target: PgBouncerTarget): string {
  return [
    '[databases]',
    `${target.database} = host=${target.host} port=${target.port} dbname=${target.database}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${options.listenPort}`,
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${path.join(options.dir, 'userlist.txt')}`,
    `admin_users = ${options.user}`,
    'pool_mode = transaction',
    'max_client_conn = 1000',
    'default_pool_size = 40',
    'ignore_startup_parameters = extra_float_digits,statement_timeout,options',
    // While the primary is gone, a query waits at most this long for a server, then fails (a 503 upstream).
    'query_wait_timeout = 5',
    'server_connect_timeout = 2',
    'server_login_retry = 1',
    'server_check_delay = 1',
    '',
  ].join('\n');
}

/** Rewrites the config to point at `target` and RELOADs the running PgBouncer (from its admin console). */
export async function repointPgBouncer(options: PgBouncerOptions, target: PgBouncerTarget): Promise<void> {
  const runAs = isRoot() ? await ensureServiceUser(() => {}) : undefined;
  const ini = path.join(options.dir, 'pgbouncer.ini');
  await fs.writeFile(ini, config(options, target), { mode: 0o600 });
  if (runAs) await fs.chown(ini, runAs.uid, runAs.gid);
  const client = new pg.Client({ host: '127.0.0.1', port: options.listenPort, user: options.user, password: options.password, database: 'pgbouncer', connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    // The admin console speaks the simple query protocol only: no parameters.
    await client.query('RELOAD');
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  await fs.mkdir(options.dir, { recursive: true });
  const ini = path.join(options.dir, 'pgbouncer.ini');
  // PgBouncer refuses to run as root: it runs as PostgreSQL's service user, which must read its files on RELOAD too.
  const runAs = isRoot() ? await ensureServiceUser(() => {}) : undefined;
  const write = async (file: string, text: string): Promise<void> => {
    await fs.writeFile(file, text, { mode: 0o600 });
    if (runAs) await fs.chown(file, runAs.uid, runAs.gid);
  };
  if (runAs) {
    await fs.chown(options.dir, runAs.uid, runAs.gid);
    await ensureReachable(runAs, options.dir, () => {});
  }
  await write(path.join(options.dir, 'userlist.txt'), `"${options.user}" "${options.password}"\n`);
  await write(ini, config(options, options.target));
  const args = [...(runAs ? ['-u', runAs.name] : []), ini];
  const daemon = await startDaemon('pgbouncer', '/usr/sbin/pgbouncer', args, { log: path.join(options.dir, 'pgbouncer.log'), waitForPort: options.listenPort });
  return {
    port: options.listenPort,
    daemon,
    url: () => `postgres://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${options.listenPort}/${options.target.database}`,
    repoint: (target) => repointPgBouncer(options, target),
    stop: () => daemon.stop('SIGINT'),
  };
}
