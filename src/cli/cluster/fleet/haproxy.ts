import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { startDaemon } from './daemon.js';
import type { Daemon } from './daemon.js';

export interface ApiBackend {
  readonly name: string;
  readonly port: number;
}

/** A PostgreSQL server behind a TCP listener: the stable address of a shard (or the catalog). */
export interface TcpService {
  readonly name: string;
  readonly listenPort: number;
  readonly targetPort: number;
}

export interface HaproxyOptions {
  readonly dir: string;
  /** The load balancer's port for the API. */
  readonly apiPort: number;
  readonly apiNodes: readonly ApiBackend[];
  readonly tcp: readonly TcpService[];
  /** The runtime API (admin level), on loopback TCP: a unix socket path can be too long for a data folder. */
  readonly adminPort: number;
  /** Health-check interval for the API nodes, ms. */
  readonly checkIntervalMs: number;
}

export interface Haproxy {
  readonly daemon: Daemon;
  readonly apiUrl: string;
  /** Sends one runtime API command and returns its answer. */
  command(line: string): Promise<string>;
  /** Points a TCP service at another server and cuts the sessions still open to the old one. */
  repoint(service: string, port: number): Promise<void>;
  /** The API nodes as HAProxy sees them: name → UP / DOWN / MAINT… */
  apiNodeStates(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * The API pool: /ready decides (a draining node answers 503 and leaves the pool
 * within one interval). Server-side connections are not reused, so a node that
 * closes its idle keep-alive connections while draining never races a request;
 * a connection refused or an empty answer is retried on another node.
 */
export const NO_NODE_DETAIL = 'No API node is ready; retry shortly.';
const NO_NODE_PROBLEM = JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: NO_NODE_DETAIL });

export function haproxyConfig(options: HaproxyOptions): string {
  const lines = [
    'global',
    `  stats socket ipv4@127.0.0.1:${options.adminPort} level admin`,
    '  maxconn 4000',
    '',
    'defaults',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    // Longer than the app's readiness probe timeout (2 s): a node waiting on one lost shard's probe is still ready.
    '  timeout check 3s',
    '',
    'frontend api',
    '  mode http',
    `  bind 127.0.0.1:${options.apiPort}`,
    '  default_backend api_nodes',
    '',
    'backend api_nodes',
    '  mode http',
    // With no node ready, the balancer's own answer is retryable like the app's: problem+json with Retry-After.
    `  http-error status 503 content-type application/problem+json hdr Retry-After 1 string '${NO_NODE_PROBLEM}'`,
    '  balance roundrobin',
    '  option httpchk GET /ready',
    '  option http-server-close',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    ...options.apiNodes.map((node) => `  server ${node.name} 127.0.0.1:${node.port} check inter ${options.checkIntervalMs} fall 1 rise 2`),
  ];
  for (const service of options.tcp) {
    lines.push(
      '',
      `listen ${service.name}`,
      '  mode tcp',
      `  bind 127.0.0.1:${service.listenPort}`,
      // Pooled database connections sit idle for long stretches.
      '  timeout client 1h',
      '  timeout server 1h',
      // A refused connect is retried once after HAProxy's fixed one-second turn-around, not three times: a lost primary surfaces as a quick error (a 503 upstream).
      '  retries 1',
      `  server pg 127.0.0.1:${service.targetPort}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  await fs.mkdir(options.dir, { recursive: true });
  const file = path.join(options.dir, 'haproxy.cfg');
  await fs.writeFile(file, haproxyConfig(options));
  // -db: stay in the foreground, so the fleet owns the process.
  const daemon = await startDaemon('haproxy', '/usr/sbin/haproxy', ['-db', '-f', file], { log: path.join(options.dir, 'haproxy.log'), waitForPort: options.apiPort });
  const command = (line: string): Promise<string> => runtimeCommand(options.adminPort, line);
  return {
    daemon,
    apiUrl: `http://127.0.0.1:${options.apiPort}`,
    command,
    repoint: async (service, port) => {
      const answer = await command(`set server ${service}/pg addr 127.0.0.1 port ${port}`);
      if (!/changed|no need to change/i.test(answer)) throw new Error(`HAProxy refused to repoint ${service}: ${answer.trim()}`);
      await command(`shutdown sessions server ${service}/pg`);
    },
    apiNodeStates: async () => {
      const csv = await command('show stat');
      const states: Record<string, string> = {};
      for (const row of csv.split('\n')) {
        const cells = row.split(',');
        if (cells[0] === 'api_nodes' && cells[1] !== 'BACKEND' && cells[1] !== undefined) states[cells[1]] = cells[17] ?? '';
      }
      return states;
    },
    stop: () => daemon.stop('SIGTERM'),
  };
}

export function runtimeCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(`${line}\n`));
    socket.setTimeout(5_000, () => socket.destroy(new Error(`HAProxy runtime API did not answer "${line}"`)));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.once('error', reject);
    socket.once('close', () => resolve(answer));
  });
}
