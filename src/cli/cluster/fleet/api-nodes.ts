import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntilReady } from '../api-process.js';
import { CLUSTER_REGIONS } from '../cluster-layout.js';
import { reapOnExit } from './child-reaper.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../bin/bookedbarber.js');

// The load comes from one address through one balancer: per-IP and per-device limits would only measure themselves.
const UNLIMITED = ['signupPerIp', 'bookingPerIp', 'bookingPerDevice', 'bookingPerEmail', 'bookingPerLocation', 'apiPerIp', 'loginPerIp'].map((name) => `${name}=1000000000`).join(',');

export interface ApiNodeOptions {
  readonly name: string;
  readonly port: number;
  readonly catalogUrl: string;
  readonly logFile: string;
  /** How long a stopping node keeps answering while /ready says 503, so the balancer takes it out first. */
  readonly drainMs: number;
}

/** One `bookedbarber serve` process behind the balancer. */
export interface ApiNode {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
}

export async function startApiNode(options: ApiNodeOptions): Promise<ApiNode> {
  const log = await fs.open(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        CATALOG_DATABASE_URL: options.catalogUrl,
        PORT: String(options.port),
        HOST: '127.0.0.1',
        REGIONS: CLUSTER_REGIONS.join(','),
        DEMO_DATA: 'false',
        SHUTDOWN_DRAIN_MS: String(options.drainMs),
        OPS_PORT: '',
        RATE_LIMITS: UNLIMITED,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', log.fd, log.fd],
    });
  } finally {
    await log.close();
  }
  reapOnExit(child);
  await waitUntilReady(child, `http://127.0.0.1:${options.port}`, options.logFile, () => false);
  return { name: options.name, port: options.port, pid: child.pid as number, child };
}

/** SIGTERM (graceful: drain, finish in-flight requests) and wait for the exit; SIGKILL after the timeout. */
export async function stopApiNode(node: ApiNode, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
  const { child } = node;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
