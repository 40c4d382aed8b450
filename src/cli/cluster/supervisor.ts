import fs from 'node:fs/promises';
import pino from 'pino';
import { clusterPaths } from './cluster-layout.js';
import type { SupervisorOptions } from './cluster-layout.js';
import { ClusterRun } from './cluster-run.js';
import { FleetRun } from './fleet/fleet-run.js';
import type { ClusterState } from './cluster-state.js';
import { acquireLock, AlreadyRunningError, releaseLock } from './supervisor-lock.js';

/** What the supervisor tells the `up` command that started it, over the IPC channel. */
export type SupervisorMessage =
  | { readonly type: 'progress'; readonly message: string }
  | { readonly type: 'ready'; readonly state: ClusterState }
  | { readonly type: 'failed'; readonly message: string };

function report(message: SupervisorMessage): void {
  // `up` may be gone (it disconnects once ready, or was interrupted): then only the log has it.
  if (process.connected) process.send?.(message, undefined, {}, () => {});
}

/**
 * The long-running process behind `cluster up`: it owns every PostgreSQL server and
 * the API as its children, so they outlive the command that started them, and stops
 * them all in order on SIGTERM (what `cluster down` sends). Returns the exit code.
 */
export async function runSupervisor(options: SupervisorOptions): Promise<number> {
  const paths = clusterPaths(options.dataDir);
  await fs.mkdir(paths.logDir, { recursive: true });
  const log = (message: string): void => {
    process.stdout.write(`${new Date().toISOString()} ${message}\n`);
  };
  const progress = (message: string): void => {
    log(message);
    report({ type: 'progress', message });
  };
  try {
    await acquireLock(paths);
  } catch (error) {
    const message = error instanceof AlreadyRunningError ? error.message : `cannot lock ${paths.lockFile}: ${String(error)}`;
    report({ type: 'failed', message });
    return 1;
  }

  const logger = pino({ level: 'warn', base: { service: 'bookedbarber-cluster' } });
  const run = options.fleet ? new FleetRun(paths, options, logger, progress) : new ClusterRun(paths, options, logger, progress);
  const stopSignal = new Promise<string>((resolve) => {
    for (const name of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      process.on(name, () => {
        run.abort();
        resolve(name);
      });
    }
  });
  // Postgres children are unref'd by the launcher; this keeps the supervisor alive beside them.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    try {
      await run.start();
    } catch (error) {
      if (run.isAborted()) {
        progress('interrupted during startup; stopping what was started');
      } else {
        const message = error instanceof Error ? error.message : String(error);
        log(`startup failed: ${message}`);
        report({ type: 'failed', message });
      }
      await run.stop();
      return run.isAborted() ? 0 : 1;
    }
    report({ type: 'ready', state: run.snapshot() });
    progress(`received ${await stopSignal}; stopping the cluster`);
    await run.stop();
    progress('cluster stopped');
    return 0;
  } finally {
    clearInterval(keepAlive);
    await releaseLock(paths);
  }
}
