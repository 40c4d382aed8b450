import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { runCommand } from './exec.js';
import { canReach, spawnIdentity } from './run-as.js';
import type { RunAs } from './run-as.js';

/** Environment for initdb/postgres: English messages and no complaints about missing locales. */
export const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Creates the data folder (and missing parents) for `runAs` and reports whether initdb
 * still has to run. Only folders we create or are about to initialise change owner; an
 * existing cluster is left alone.
 */
export async function prepareDataDir(dataDir: string, runAs: RunAs | undefined): Promise<boolean> {
  const firstCreated = await fs.mkdir(dataDir, { recursive: true });
  const needsInit = !(await exists(path.join(dataDir, 'PG_VERSION')));
  if (runAs) {
    if (firstCreated !== undefined) {
      for (let dir = dataDir; ; dir = path.dirname(dir)) {
        await fs.chown(dir, runAs.uid, runAs.gid);
        if (dir === firstCreated || dir === path.dirname(dir)) break;
      }
    }
    if (needsInit) {
      await fs.chown(dataDir, runAs.uid, runAs.gid);
    } else {
      const owner = (await fs.stat(dataDir)).uid;
      if (owner !== runAs.uid) {
        throw new Error(
          `${dataDir} belongs to uid ${owner}, but PostgreSQL runs as ${runAs.name} (uid ${runAs.uid}) ` +
            `because we are root; run: chown -R ${runAs.name}: ${dataDir}`,
        );
      }
    }
  }
  // Private from the start rather than only once initdb gets to it.
  if (needsInit) await fs.chmod(dataDir, 0o700);
  return needsInit;
}

/**
 * PostgreSQL (running as `runAs` because we are root) must be able to chdir into its data
 * folder. A caller's `mkdtemp(os.tmpdir())/pg` is the typical obstacle: mkdtemp makes
 * 0700 root folders. Folders inside the temp dir get o+x (traverse, not list); anywhere
 * else we do not touch permissions and explain instead.
 */
export async function ensureReachable(
  runAs: RunAs,
  dataDir: string,
  onProgress: (message: string) => void,
): Promise<void> {
  if (await canReach(runAs, dataDir)) return;
  const tmp = await fs.realpath(os.tmpdir());
  const blocking: string[] = [];
  for (let dir = path.dirname(await fs.realpath(dataDir)); dir.startsWith(tmp + path.sep); dir = path.dirname(dir)) {
    blocking.unshift(dir);
  }
  for (const dir of blocking) {
    if (await canReach(runAs, dir)) continue;
    onProgress(`letting ${runAs.name} traverse ${dir} (o+x) so PostgreSQL can reach its data folder`);
    await fs.chmod(dir, ((await fs.stat(dir)).mode & 0o7777) | 0o001);
  }
  if (!(await canReach(runAs, dataDir))) {
    throw new Error(
      `${runAs.name} (PostgreSQL runs as this user because we are root) cannot reach ${dataDir}: ` +
        `a parent folder is not traversable by other users. Put the data folder under ${os.tmpdir()} ` +
        `or make its parents traversable (chmod o+x).`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isPostmasterOf(pid: number, dataDir: string): Promise<boolean> {
  const comm = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
  if (comm !== undefined && comm.trim() !== 'postgres') return false;
  // The postmaster chdirs into its data dir; unreadable /proc entries count as a match.
  const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return cwd === undefined || cwd === (await fs.realpath(dataDir));
}

/**
 * Refuses a data dir that a live postmaster is using. A postmaster.pid left by a killed
 * server whose pid is gone is fine: postgres removes it itself. One whose pid now belongs to
 * some other process (common after a container restart) would make postgres refuse to
 * start, so we remove it.
 */
export async function assertNotRunning(dataDir: string, onProgress: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (await isPostmasterOf(pid, dataDir)) {
    throw new Error(`PostgreSQL (pid ${pid}) is already running in ${dataDir}; stop it before starting another server there`);
  }
  onProgress(`removing stale ${pidFile} (pid ${pid} is not PostgreSQL)`);
  await fs.rm(pidFile, { force: true });
}

export interface InitOptions {
  readonly binaries: PostgresBinaries;
  readonly runAs: RunAs | undefined;
  readonly dataDir: string;
  readonly user: string;
  readonly password: string;
  readonly persistent: boolean;
}

export async function initCluster(options: InitOptions): Promise<void> {
  const { runAs } = options;
  // The service user must read the pwfile, so it lives in its own private folder handed to that user.
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bookedbarber-initdb-'));
  const pwFile = path.join(pwDir, 'pwfile');
  try {
    await fs.writeFile(pwFile, `${options.password}\n`, { mode: 0o600 });
    if (runAs) {
      await fs.chown(pwDir, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    const result = await runCommand(
      options.binaries.initdb,
      [
        `--pgdata=${options.dataDir}`,
        `--username=${options.user}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // C needs no locale data installed, so it works on minimal images.
        '--locale=C',
        '--no-instructions',
        // Throwaway clusters do not need their files fsynced; saves seconds per test server.
        ...(options.persistent ? [] : ['--no-sync']),
      ],
      { env: CHILD_ENV, ...spawnIdentity(runAs) },
    );
    if (!result.ok) throw new Error(`initdb failed for ${options.dataDir}:\n${result.output}`);
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}
