import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { clusterPaths, isClusterFolder } from './cluster-layout.js';
import type { ClusterPaths } from './cluster-layout.js';
import { displayPath } from './cluster-report.js';
import type { Out } from './cluster-report.js';
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
  if (!existsSync(paths.root)) {
    out(`no cluster in ${displayPath(paths.root)}: nothing to stop`);
    return 0;
  }
  const startedAt = Date.now();
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
  const leftovers = await stopLeftovers(paths, out);
  if (supervisor !== undefined || leftovers > 0) out(`stopped in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  if (!options.purge) {
    out(`data kept in ${displayPath(paths.root)} (\`down --purge\` deletes it)`);
    return 0;
  }
  return purge(paths, out);
}

/** Deletes the data folder, only when everything in it is the cluster's. */
async function purge(paths: ClusterPaths, out: Out): Promise<number> {
  if (!(await isClusterFolder(paths))) {
    out(`${displayPath(paths.root)} holds files that are not a cluster's; not deleting it`);
    return 1;
  }
  await fs.rm(paths.root, { recursive: true, force: true });
  out(`deleted ${displayPath(paths.root)}`);
  return 0;
}
