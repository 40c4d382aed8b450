import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CLUSTER_REGIONS } from './cluster-layout.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/bookedbarber.js');
const READY_TIMEOUT_MS = 120_000;

export interface ApiOptions {
  readonly catalogUrl: string;
  readonly port: number;
  readonly demo: boolean;
  readonly logFile: string;
}

/**
 * `bookedbarber serve` against the cluster's catalog, as a child of the supervisor,
 * its output appended to the log file. The environment pins what makes it part of this
 * cluster; everything else (LOG_LEVEL, REDIS_URL…) comes from the caller's.
 */
export async function spawnApi(options: ApiOptions): Promise<ChildProcess> {
  const log = await fs.open(options.logFile, 'a');
  try {
    return spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        CATALOG_DATABASE_URL: options.catalogUrl,
        PORT: String(options.port),
        HOST: '127.0.0.1',
        REGIONS: CLUSTER_REGIONS.join(','),
        DEMO_DATA: options.demo ? 'true' : 'false',
        SHUTDOWN_DRAIN_MS: '0',
        // The supervisor, `cache stats` and the cluster's Prometheus read /ready and /metrics on the API's port.
        OPS_PORT: '',
      },
      stdio: ['ignore', log.fd, log.fd],
    });
  } finally {
    await log.close(); // the child has its own copy of the descriptor
  }
}

/** Polls /ready until it answers 200; fails early, with the log's last lines, if the API exits. */
export async function waitUntilReady(child: ChildProcess, url: string, logFile: string, isAborted: () => boolean): Promise<number> {
  const startedAt = Date.now();
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `exit code ${String(code)}`));
  let last = 'no answer yet';
  while (Date.now() - startedAt < READY_TIMEOUT_MS && !isAborted()) {
    if (exit !== undefined) throw new Error(`the API exited during startup (${exit}); last lines of ${logFile}:\n${await tail(logFile)}`);
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return Date.now() - startedAt;
      last = `/ready answered ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  if (isAborted()) throw new Error('interrupted while waiting for the API');
  throw new Error(`the API was not ready after ${READY_TIMEOUT_MS / 1000} s (${last}); see ${logFile}`);
}

export async function tail(file: string, lines = 15): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
