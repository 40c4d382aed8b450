import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tail } from './api-process.js';
import { clusterPaths, DEFAULT_DATA_DIR, isClusterFolder } from './cluster-layout.js';
import { displayPath, printRunning } from './cluster-report.js';
import type { Out } from './cluster-report.js';
import { readClusterState } from './cluster-state.js';
import type { SupervisorMessage } from './supervisor.js';
import { liveSupervisor } from './supervisor-lock.js';

const SUPERVISOR_MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cluster-supervisor-main.ts');
// The supervisor runs the TypeScript sources like bin/bookedbarber.js does: through tsx's loader.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface UpOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly replica: boolean;
  readonly demo: boolean;
  readonly observability?: boolean;
  readonly fleet?: boolean;
}

/**
 * Starts the detached supervisor, relays its progress, prints the cluster once the API
 * is ready and returns, leaving the supervisor (and through it every server) running.
 */
export async function clusterUp(options: UpOptions, out: Out): Promise<number> {
  const paths = clusterPaths(options.dataDir);
  const running = await liveSupervisor(paths);
  if (running !== undefined) {
    out(`already running: the cluster in ${displayPath(paths.root)} has supervisor pid ${running}`);
    const state = await readClusterState(paths);
    if (state) printRunning(out, state, paths, DEFAULT_DATA_DIR);
    return 0;
  }

  if (existsSync(paths.root) && !(await isClusterFolder(paths))) {
    out(`${displayPath(paths.root)} holds files that are not a cluster's: choose another --data-dir (an empty or new folder)`);
    return 1;
  }
  const startedAt = Date.now();
  out(`starting the local cluster in ${displayPath(paths.root)}…`);
  await fs.mkdir(paths.logDir, { recursive: true });
  const log = await fs.open(paths.supervisorLog, 'a');
  const args = [SUPERVISOR_MAIN, '--data-dir', paths.root, '--port', String(options.port)];
  if (!options.replica) args.push('--no-replica');
  if (options.demo) args.push('--demo');
  if (options.observability) args.push('--observability');
  if (options.fleet) args.push('--fleet');
  // detached: its own session, so closing the terminal or Ctrl-C in it leaves the cluster running.
  const child = spawn(process.execPath, ['--import', TSX_LOADER, ...args], { detached: true, stdio: ['ignore', log.fd, log.fd, 'ipc'] });
  await log.close();

  return new Promise<number>((resolve) => {
    let failure: string | undefined;
    let interrupted = false;
    let settled = false;
    const interrupt = (): void => {
      interrupted = true;
      out('interrupted: stopping what was started…');
      child.kill('SIGTERM');
    };
    process.once('SIGINT', interrupt);
    const finish = (code: number): void => {
      settled = true;
      process.removeListener('SIGINT', interrupt);
      resolve(code);
    };
    child.on('message', (raw) => {
      const message = raw as SupervisorMessage;
      if (message.type === 'progress') out(`  ${message.message}`);
      if (message.type === 'failed') failure = message.message;
      if (message.type === 'ready') {
        printRunning(out, message.state, paths, DEFAULT_DATA_DIR);
        out(`cluster up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
        child.disconnect();
        child.unref();
        finish(0);
      }
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      if (interrupted) {
        out('stopped: nothing of the cluster is left running');
        return finish(130);
      }
      void tail(paths.supervisorLog).then((lines) => {
        out(`cluster up failed: ${failure ?? `the supervisor exited (${signal ?? `exit code ${String(code)}`})`}`);
        if (failure === undefined) out(`last lines of ${displayPath(paths.supervisorLog)}:\n${lines}`);
        finish(1);
      });
    });
  });
}
