import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { resolveBinaries } from './binaries.js';
import type { PostgresBinaries } from './binaries.js';
import { assertNotRunning, CHILD_ENV, ensureReachable, initCluster, prepareDataDir } from './data-dir.js';
import { OutputTail } from './exec.js';
import { cloneFromPrimary } from './replica.js';
import type { PrimaryAddress } from './replica.js';
import { ensureServiceUser, isRoot, spawnIdentity } from './run-as.js';
import type { RunAs } from './run-as.js';

export interface LocalPostgresOptions {
  /** Created if missing; initdb runs when it has no PG_VERSION. */
  readonly dataDir: string;
  /** 0 picks a free loopback port. */
  readonly port: number;
  /** Superuser name, default 'postgres'. */
  readonly user?: string;
  /** Default 'postgres'. */
  readonly password?: string;
  /**
   * false: a throwaway server; durability is traded for speed and the data dir is deleted
   * on stop. Defaults to true so that forgetting the flag never deletes data.
   */
  readonly persistent?: boolean;
  /** Extra postgresql.conf settings passed as `-c key=value`; they override our defaults. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Human-readable progress lines. */
  readonly onProgress?: (message: string) => void;
  /**
   * Run an installed PostgreSQL (e.g. /usr/lib/postgresql/15/bin) instead of the
   * binaries from npm: needed for streaming replicas, as only a real installation
   * ships pg_basebackup.
   */
  readonly binDir?: string;
  /** Make this server a streaming replica of `replicaOf` (needs `binDir`, same major version as the primary). */
  readonly replicaOf?: PrimaryAddress;
}

export interface LocalPostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly dataDir: string;
  connectionString(database: string): string;
  /** Fast shutdown (SIGINT to the postmaster), waits for exit; idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

const BASE_SETTINGS: Readonly<Record<string, string>> = {
  max_connections: '200',
  shared_buffers: '128MB',
  wal_level: 'logical',
  max_wal_senders: '20',
  max_replication_slots: '20',
  max_logical_replication_workers: '8',
  // Replication workers come out of this pool; the default 8 would leave none for anything else.
  max_worker_processes: '16',
};

const THROWAWAY_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

// Not overridable: the returned host/port must be right, and a unix socket would need /var/run/postgresql.
const FIXED_SETTINGS: Readonly<Record<string, string>> = { listen_addresses: HOST, unix_socket_directories: '' };

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgresServer> {
  const progress = options.onProgress ?? ((): void => {});
  const dataDir = path.resolve(options.dataDir);
  const persistent = options.persistent ?? true;
  const runAs = isRoot() ? await ensureServiceUser(progress) : undefined;
  if (options.replicaOf && !options.binDir) throw new Error('a replica needs binDir: pg_basebackup ships only with an installed PostgreSQL');
  const binaries = options.binDir
    ? { initdb: path.join(options.binDir, 'initdb'), postgres: path.join(options.binDir, 'postgres') }
    : await resolveBinaries(runAs, progress);
  const needsInit = await prepareDataDir(dataDir, runAs);
  const launchOptions: LaunchOptions = {
    binaries,
    runAs,
    dataDir,
    persistent,
    user: options.user ?? 'postgres',
    password: options.password ?? 'postgres',
    settings: {
      ...BASE_SETTINGS,
      ...(persistent ? {} : THROWAWAY_SETTINGS),
      ...options.settings,
      ...FIXED_SETTINGS,
    },
    progress,
  };
  try {
    if (runAs) await ensureReachable(runAs, dataDir, progress);
    if (needsInit && options.replicaOf && options.binDir) {
      progress(`copying ${options.replicaOf.host}:${options.replicaOf.port} into ${dataDir} (pg_basebackup)…`);
      await cloneFromPrimary(options.binDir, dataDir, options.replicaOf, runAs);
    } else if (needsInit) {
      progress(`initialising data folder ${dataDir}…`);
      await initCluster(launchOptions);
    } else {
      await assertNotRunning(dataDir, progress);
    }
    for (let attempt = 1; ; attempt++) {
      const port = options.port === 0 ? await findFreePort() : options.port;
      try {
        return await launch(launchOptions, port);
      } catch (error) {
        // Another process can grab a port between findFreePort and postgres binding it.
        if (!(error instanceof PortInUseError && options.port === 0 && attempt < PORT_ATTEMPTS)) throw error;
        progress(`port ${port} was taken meanwhile; retrying on another port`);
      }
    }
  } catch (error) {
    if (needsInit && !persistent) await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

interface LaunchOptions {
  readonly binaries: PostgresBinaries;
  readonly runAs: RunAs | undefined;
  readonly dataDir: string;
  readonly persistent: boolean;
  readonly user: string;
  readonly password: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly progress: (message: string) => void;
}

class PortInUseError extends Error {}

async function launch(options: LaunchOptions, port: number): Promise<LocalPostgresServer> {
  const { dataDir, user, password, progress } = options;
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [key, value] of Object.entries(options.settings)) args.push('-c', `${key}=${value}`);

  progress(`starting PostgreSQL on ${HOST}:${port}`);
  const startedAt = Date.now();
  const child = spawn(options.binaries.postgres, args, {
    cwd: '/',
    env: CHILD_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...spawnIdentity(options.runAs),
  });
  const tail = new OutputTail();
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${String(code)}`));
    child.once('error', (error) => resolve(error.message));
  });
  track(child, exited);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => tail.push(chunk));
  }

  try {
    await waitUntilReady({ host: HOST, port, user, password, dataDir }, exited, tail);
  } catch (error) {
    await terminate(child, exited);
    throw error;
  }
  progress(`PostgreSQL ready on ${HOST}:${port} after ${Date.now() - startedAt} ms`);

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    progress(`stopping PostgreSQL on ${HOST}:${port}`);
    await terminate(child, exited);
    if (!options.persistent) await fs.rm(dataDir, { recursive: true, force: true });
  };
  return Object.freeze({
    host: HOST,
    port,
    user,
    password,
    dataDir,
    connectionString: (database: string): string =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}:${port}/${encodeURIComponent(database)}`,
    stop: (): Promise<void> => (stopping ??= stop()),
  });
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

// Unref'd so a forgotten server does not keep Node alive; the 'exit' hook then shuts it
// down (fast shutdown carries on after we are gone). Callers are still expected to stop().
function track(child: ChildProcess, exited: Promise<string>): void {
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    if (stream instanceof net.Socket) stream.unref();
  }
  liveChildren.add(child);
  void exited.then(() => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const live of liveChildren) live.kill('SIGINT');
    });
  }
}

async function terminate(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.ref(); // keep the event loop alive until the exit is observed
  child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
  });
  if (await Promise.race([exited.then(() => false), timedOut])) child.kill('SIGKILL');
  clearTimeout(timer);
  await exited;
}

interface Probe {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly dataDir: string;
}

// Auth failures will not fix themselves: the existing cluster was made with other credentials.
const FATAL_CODES = new Set(['28P01', '28000']);

async function probe(target: Probe): Promise<{ ready: boolean; fatal: boolean; message: string }> {
  const { dataDir, ...credentials } = target;
  // template1 exists in every cluster, unlike 'postgres', which users may drop.
  const client = new pg.Client({ ...credentials, database: 'template1', connectionTimeoutMillis: 2_000 });
  client.on('error', () => {}); // a dying server surfaces here after connect; the query reports it
  try {
    await client.connect();
    // Another server already on a fixed port would answer too; ours is the one on our data dir.
    const { rows } = await client.query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`);
    const dir = rows[0]?.dir;
    return { ready: dir === dataDir, fatal: false, message: `port is answered by a server for ${dir}` };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    return { ready: false, fatal: typeof code === 'string' && FATAL_CODES.has(code), message };
  } finally {
    await client.end().catch(() => {});
  }
}

async function waitUntilReady(target: Probe, exited: Promise<string>, tail: OutputTail): Promise<void> {
  let exitReason: string | undefined;
  void exited.then((reason) => (exitReason = reason));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastMessage = '';
  const failure = (summary: string): Error => {
    const output = tail.text();
    const ErrorType = /Address already in use/.test(output) ? PortInUseError : Error;
    return new ErrorType(`${summary}${output ? `\nlast server output:\n${output}` : ''}`);
  };
  while (Date.now() < deadline) {
    if (exitReason !== undefined) {
      throw failure(`PostgreSQL on ${target.host}:${target.port} exited during startup (${exitReason})`);
    }
    const result = await probe(target);
    if (result.ready) return;
    if (result.fatal) {
      // The rejection may come from another server on a fixed port, while ours fails to bind.
      await Promise.race([sleep(500), exited]);
      if (exitReason === undefined) throw failure(`PostgreSQL rejected user ${target.user}: ${result.message}`);
      continue;
    }
    lastMessage = result.message;
    await Promise.race([sleep(100), exited]);
  }
  throw failure(
    `PostgreSQL on ${target.host}:${target.port} not ready after ${READY_TIMEOUT_MS / 1000} s (${lastMessage})`,
  );
}
export type { PrimaryAddress } from './replica.js';
