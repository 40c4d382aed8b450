import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../../db/local-postgres/exec.js';
import { loadPackagedPostgres } from '../../db/local-postgres/platform-package.js';
import type { BinariesState } from './cluster-state.js';

/** DESIGN.md section 2: shards run PostgreSQL 15 or newer. */
export const MIN_MAJOR = 15;

export const NO_BASEBACKUP_MESSAGE =
  'no pg_basebackup found: install Debian\'s postgresql package (apt-get install -y postgresql) for a streaming replica; starting without one';

/** Client tools without the server (postgresql-client): pg_basebackup alone cannot run a replica. */
export const CLIENT_ONLY_MESSAGE =
  'pg_basebackup is installed but no PostgreSQL server beside it: install Debian\'s postgresql package (apt-get install -y postgresql) for a streaming replica; starting without one';

export interface InstalledPostgres {
  readonly binDir: string;
  readonly major: number;
}

async function isExecutable(file: string): Promise<boolean> {
  return fs.access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** A folder usable as `binDir`: the server, initdb and pg_basebackup side by side. */
async function isCompleteBinDir(dir: string): Promise<boolean> {
  const tools = await Promise.all(['postgres', 'initdb', 'pg_basebackup'].map((tool) => isExecutable(path.join(dir, tool))));
  return tools.every(Boolean);
}

export async function majorVersionOf(postgresBinary: string): Promise<number | null> {
  // --version is answered before postgres refuses to run as root.
  const result = await runCommand(postgresBinary, ['--version']);
  const match = /\(PostgreSQL\) (\d+)/.exec(result.output);
  return result.ok && match ? Number(match[1]) : null;
}

async function hasClientTools(root = '/usr/lib/postgresql'): Promise<boolean> {
  const majors = await fs.readdir(root).catch(() => [] as string[]);
  const dirs = [...majors.map((major) => path.join(root, major, 'bin')), ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) if (await isExecutable(path.join(dir, 'pg_basebackup'))) return true;
  return false;
}

async function fromPath(): Promise<InstalledPostgres | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'pg_basebackup');
    if (!(await isExecutable(candidate))) continue;
    // Debian's /usr/bin/pg_basebackup is a wrapper script; other systems link the real tool.
    const binDir = path.dirname(await fs.realpath(candidate));
    if (!(await isCompleteBinDir(binDir))) continue;
    const major = await majorVersionOf(path.join(binDir, 'postgres'));
    if (major !== null) return { binDir, major };
  }
  return undefined;
}

/**
 * The newest installed PostgreSQL that ships pg_basebackup: Debian's
 * /usr/lib/postgresql/<major>/bin first, then a pg_basebackup on PATH whose
 * folder also holds the server.
 */
export async function findInstalledPostgres(root = '/usr/lib/postgresql'): Promise<InstalledPostgres | undefined> {
  const entries = await fs.readdir(root).catch(() => [] as string[]);
  const majors = entries.map(Number).filter((major) => Number.isInteger(major) && major > 0).sort((a, b) => b - a);
  for (const major of majors) {
    const binDir = path.join(root, String(major), 'bin');
    if (await isCompleteBinDir(binDir)) return { binDir, major };
  }
  return fromPath();
}

export interface BinariesChoice {
  readonly binaries: BinariesState;
  /** Whether these binaries can make a streaming replica. */
  readonly canReplicate: boolean;
  /** What the user should know about the choice (printed as progress). */
  readonly notes: readonly string[];
}

/**
 * All servers of a cluster run the same major version (pg_basebackup copies only its
 * own or older majors). An existing cluster keeps the major its data was made with.
 */
/** What is installed on this machine; tests pass their own. */
export interface PostgresProbe {
  installed(): Promise<InstalledPostgres | undefined>;
  hasClientTools(): Promise<boolean>;
}

const SYSTEM: PostgresProbe = { installed: () => findInstalledPostgres(), hasClientTools: () => hasClientTools() };

export async function chooseBinaries(existingMajor: number | null, probe: PostgresProbe = SYSTEM): Promise<BinariesChoice> {
  const installed = await probe.installed();
  const usable = installed && installed.major >= MIN_MAJOR ? installed : undefined;
  const npm = { kind: 'npm', major: await majorVersionOf((await loadPackagedPostgres()).postgres), binDir: null } as const;
  const fromInstall = (found: InstalledPostgres): BinariesChoice => ({
    binaries: { kind: 'installed', major: found.major, binDir: found.binDir },
    canReplicate: true,
    notes: [],
  });

  if (existingMajor === null) {
    if (usable) return fromInstall(usable);
    const notes = installed
      ? [`installed PostgreSQL ${installed.major} is older than ${MIN_MAJOR}; install a newer postgresql package for a streaming replica; starting without one`]
      : [(await probe.hasClientTools()) ? CLIENT_ONLY_MESSAGE : NO_BASEBACKUP_MESSAGE];
    return { binaries: npm, canReplicate: false, notes };
  }
  if (usable && usable.major === existingMajor) return fromInstall(usable);
  if (npm.major === existingMajor) {
    const notes = usable
      ? [`this cluster's data was made by PostgreSQL ${existingMajor} from npm, which has no pg_basebackup; installed PostgreSQL ${usable.major} cannot run it. ` +
          'Starting without a replica; `npm run cluster -- down --purge` then `up` recreates the cluster with a replica']
      : [NO_BASEBACKUP_MESSAGE];
    return { binaries: npm, canReplicate: false, notes };
  }
  throw new Error(
    `this cluster's data was made by PostgreSQL ${existingMajor}, but only ${[usable ? `${usable.major} (installed)` : '', `${String(npm.major)} (npm)`].filter(Boolean).join(' and ')} ` +
      'is available: install PostgreSQL ' + String(existingMajor) + ', or delete the cluster with `npm run cluster -- down --purge`',
  );
}

/** The major version that made a data folder (its PG_VERSION), null for a new folder. */
export async function dataMajorVersion(dataDir: string): Promise<number | null> {
  const text = await fs.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8').catch(() => undefined);
  const major = Number.parseInt(text ?? '', 10);
  return Number.isInteger(major) ? major : null;
}
