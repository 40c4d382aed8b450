import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface RedisTestServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Kills the server abruptly (SIGKILL), as a crashed or unplugged Redis. The port stays reserved for `start`. */
  kill(): Promise<void>;
  /** Stops it politely (SIGTERM). */
  stop(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing answers — a hung Redis. */
  pause(): void;
  /** Unfreezes it (SIGCONT). */
  resume(): void;
  /** (Re)starts it on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

export interface RedisServerOptions {
  /** A one-node Redis Cluster owning all 16384 slots (to try redis+cluster:// and CLUSTER KEYSLOT). */
  readonly cluster?: boolean;
  /** A Sentinel watching the master on this port as "mymaster" instead of a data server. */
  readonly sentinelFor?: number;
}

/**
 * A throwaway `redis-server` on a free loopback port, in a temp dir, with
 * persistence off. Cheap enough (a few ms) to start one per test file.
 * `kill` + `start` simulate Redis dying and coming back on the same address.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisTestServer> {
  const binary = findRedisServer();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bookedbarber-redis-'));
  const host = '127.0.0.1';
  const port = await freePort(host);
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child) return;
    const { args, readyLine } = await commandLine(dir, host, port, options);
    child = await launch(binary, args, readyLine);
    child.once('exit', () => {
      child = undefined;
    });
    if (options.cluster) await claimAllSlots(host, port);
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running) return;
    running.kill('SIGCONT');
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    child = undefined;
  };

  await start();
  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    kill: () => halt('SIGKILL'),
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    stop: () => halt('SIGTERM'),
    start,
    close: async () => {
      await halt('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function findRedisServer(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  if (found.status !== 0 || binary === '') {
    throw new Error('redis-server is not installed; the Redis tests need a real server: `npm run system-programs` installs it (npm test does so first)');
  }
  return binary;
}

async function commandLine(dir: string, host: string, port: number, options: RedisServerOptions): Promise<{ args: string[]; readyLine: string }> {
  if (options.sentinelFor !== undefined) {
    // Sentinel rewrites its config file, so it needs one of its own.
    const file = path.join(dir, 'sentinel.conf');
    await writeFile(file, [`port ${port}`, `bind ${host}`, `dir ${dir}`, `sentinel monitor mymaster ${host} ${options.sentinelFor} 1`, ''].join('\n'));
    return { args: [file, '--sentinel'], readyLine: '+monitor master' };
  }
  const args = ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'no', '--loglevel', 'notice'];
  // The cluster bus defaults to port+10000, which may be past 65535 for an ephemeral port: pick one.
  if (options.cluster) args.push('--cluster-enabled', 'yes', '--cluster-announce-ip', host, '--cluster-config-file', path.join(dir, 'nodes.conf'), '--cluster-port', String(await freePort(host)));
  return { args, readyLine: 'Ready to accept connections' };
}

/** A fresh cluster node owns no slots; give it all of them and wait until the cluster says ok. */
async function claimAllSlots(host: string, port: number): Promise<void> {
  const admin = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await admin.connect();
    const info = await admin.cluster('INFO');
    if (!info.includes('cluster_slots_assigned:16384')) await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await admin.cluster('INFO')).includes('cluster_state:ok')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('one-node cluster did not reach cluster_state:ok');
  } finally {
    admin.disconnect();
  }
}

function launch(binary: string, args: readonly string[], readyLine: string): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(readyLine)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining its output so a full pipe never blocks the server.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code ?? 'a signal'} before it was ready:\n${output}`));
    });
  });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
