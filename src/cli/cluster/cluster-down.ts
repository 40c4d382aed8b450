import fs from 'node:fs/promises';
import path from 'node:path';
import { clusterPaths } from './cluster-layout.js';
import type { ClusterPaths } from './cluster-layout.js';
import { displayPath } from './cluster-report.js';
import type { Out } from './cluster-report.js';
import { readClusterState } from './cluster-state.js';
import { signal, waitForExit } from './processes.js';
import { liveSupervisor, stopLeftovers } from './supervisor-lock.js';

export interface DownOptions {
  readonly dataDir: string;
  readonly purge: boolean;
}

const SUPERVISOR_STOP_MS = 90_000;

/**
 * SIGTERM to the supervisor, which stops the API, the replica, the shards and the
 * catalog in that order; then anything a crashed supervisor left behind. Data is kept
 * unless --purge.
 */
export async function clusterDown(options: DownOptions, out: Out): Promise<number> {
  const paths = clusterPaths(options.dataDir);
  if (!(await exists(paths.root))) {
    out(`no cluster in ${displayPath(paths.root)}: nothing to stop`);
    return 0;
  }
  const startedAt = Date.now();
  const state = await readClusterState(paths);
  const supervisor = await liveSupervisor(paths);
  if (supervisor === undefined) {
    out(`the cluster in ${displayPath(paths.root)} is not running`);
  } else {
    out(`stopping the cluster in ${displayPath(paths.root)} (supervisor pid ${supervisor})…`);
    signal(supervisor, 'SIGTERM');
    if (!(await waitForExit(supervisor, SUPERVISOR_STOP_MS))) {
      out(`the supervisor did not stop within ${SUPERVISOR_STOP_MS / 1000} s; killing it and stopping its servers directly`);
      signal(supervisor, 'SIGKILL');
      await waitForExit(supervisor, 5_000);
    }
  }
  const leftovers = await stopLeftovers(paths, state, out);
  if (supervisor !== undefined || leftovers > 0) out(`stopped in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  if (!options.purge) {
    out(`data kept in ${displayPath(paths.root)} (\`down --purge\` deletes it)`);
    return 0;
  }
  return purge(paths, out);
}

/** Deletes the data folder, but only one that a cluster made: a mistyped --data-dir must not wipe a home folder. */
async function purge(paths: ClusterPaths, out: Out): Promise<number> {
  const entries = await fs.readdir(paths.root);
  const isCluster = entries.length === 0 || entries.includes(path.basename(paths.stateFile)) || entries.includes(path.basename(paths.credentialsFile));
  if (!isCluster) {
    out(`${displayPath(paths.root)} does not look like a cluster's data folder (no ${path.basename(paths.stateFile)}); not deleting it`);
    return 1;
  }
  await fs.rm(paths.root, { recursive: true, force: true });
  out(`deleted ${displayPath(paths.root)}`);
  return 0;
}

async function exists(dir: string): Promise<boolean> {
  return fs.stat(dir).then(
    () => true,
    () => false,
  );
}
