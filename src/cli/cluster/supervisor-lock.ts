import fs from 'node:fs/promises';
import { ALL_SERVERS } from './cluster-layout.js';
import type { ClusterPaths } from './cluster-layout.js';
import { argumentsOf, isAlive, livePostmaster, stopPostmaster, stopProcess } from './processes.js';

/** The file name of the supervisor's entry, which identifies its processes in /proc. */
export const SUPERVISOR_ENTRY = 'cluster-supervisor-main';

/** The pid of the supervisor running this cluster, if one is alive. */
export async function liveSupervisor(paths: ClusterPaths): Promise<number | undefined> {
  const pid = Number.parseInt(await fs.readFile(paths.lockFile, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  // A recycled pid belongs to some other program: only ours, for this folder, counts.
  const args = await argumentsOf(pid);
  return args.some((arg) => arg.includes(SUPERVISOR_ENTRY)) && args.includes(paths.root) ? pid : undefined;
}

export class AlreadyRunningError extends Error {
  constructor(readonly pid: number) {
    super(`the cluster is already running (supervisor pid ${pid})`);
  }
}

/** One supervisor per data folder: the pid file is created exclusively, a stale one is replaced. */
export async function acquireLock(paths: ClusterPaths): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(paths.lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await liveSupervisor(paths);
      if (owner !== undefined && owner !== process.pid) throw new AlreadyRunningError(owner);
      await fs.rm(paths.lockFile, { force: true });
    }
  }
  throw new Error(`could not take ${paths.lockFile}`);
}

export async function releaseLock(paths: ClusterPaths): Promise<void> {
  const owner = Number.parseInt(await fs.readFile(paths.lockFile, 'utf8').catch(() => ''), 10);
  if (owner === process.pid) await fs.rm(paths.lockFile, { force: true });
}

/** The API's pid, kept in its own file so that a crashed supervisor's API can still be found. */
export async function liveApi(paths: ClusterPaths): Promise<number | undefined> {
  const pid = Number.parseInt(await fs.readFile(paths.apiPidFile, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const args = await argumentsOf(pid);
  return args.includes('serve') && args.some((arg) => arg.endsWith('bookedbarber.js')) ? pid : undefined;
}

/**
 * What a crashed supervisor may have left running: the API, then every postmaster
 * found through its data folder's postmaster.pid (replica, shards, catalog).
 */
export async function stopLeftovers(paths: ClusterPaths, progress: (line: string) => void): Promise<number> {
  let stopped = 0;
  const apiPid = await liveApi(paths);
  if (apiPid !== undefined) {
    progress(`stopping a leftover API process (pid ${apiPid})`);
    await stopProcess(apiPid, 15_000);
    stopped++;
  }
  await fs.rm(paths.apiPidFile, { force: true });
  for (const role of ['replica', 'primary', 'catalog'] as const) {
    const group = ALL_SERVERS.filter((server) => server.role === role);
    const counts = await Promise.all(
      group.map(async (server) => {
        const pid = await livePostmaster(paths.serverDir(server.name));
        if (pid === undefined) return 0;
        progress(`stopping a leftover PostgreSQL for ${server.name} (pid ${pid})`);
        await stopPostmaster(pid);
        return 1;
      }),
    );
    stopped += counts.reduce<number>((sum, count) => sum + count, 0);
  }
  return stopped;
}
