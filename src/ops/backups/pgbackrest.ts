import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CHILD_ENV, ensureReachable, prepareDataDir } from '../../db/local-postgres/data-dir.js';
import { runCommand } from '../../db/local-postgres/exec.js';
import { ensureServiceUser, isRoot, spawnIdentity } from '../../db/local-postgres/run-as.js';
import type { RunAs } from '../../db/local-postgres/run-as.js';
import { archiveSettings, assertStanzaName, configPath, recoveryTargetTime, renderConfig } from './pgbackrest-config.js';
import { parseBackupList } from './pgbackrest-info.js';
import type { BackupRecord } from './pgbackrest-info.js';

export type { BackupRecord } from './pgbackrest-info.js';

/** The PostgreSQL server to back up (a LocalPostgresServer fits). */
export interface BackupServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly dataDir: string;
}

export interface BackupOptions {
  /** One stanza per shard: its id is a good name. */
  readonly stanza: string;
  /** A folder of its own per stanza: the local stand-in for the object store. */
  readonly backupDir: string;
  readonly onProgress?: (message: string) => void;
}

export interface RestoreOptions {
  /** Recover every transaction committed at or before this instant, nothing after. */
  readonly to: Date;
  /** A new, empty (or missing) data folder. */
  readonly dataDir: string;
}

const CANDIDATES = ['/usr/bin/pgbackrest', '/usr/local/bin/pgbackrest'];

/** The pgbackrest program (Debian package `pgbackrest`). */
export function findPgbackrest(): string {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('pgbackrest is not installed (Debian package pgbackrest; .ci/run installs it)');
  return found;
}

async function identity(onProgress: (message: string) => void): Promise<RunAs | undefined> {
  return isRoot() ? ensureServiceUser(onProgress) : undefined;
}

/** Creates the stanza's folders, owned by the user PostgreSQL runs as (archive_command runs as that user). */
async function prepareFolders(backupDir: string, runAs: RunAs | undefined, onProgress: (message: string) => void): Promise<void> {
  for (const dir of [backupDir, ...['repo', 'log', 'lock', 'spool'].map((sub) => path.join(backupDir, sub))]) {
    await fs.mkdir(dir, { recursive: true, mode: 0o750 });
    if (runAs) await fs.chown(dir, runAs.uid, runAs.gid);
  }
  if (runAs) await ensureReachable(runAs, backupDir, onProgress);
}

/**
 * Step one, before the server starts: the folders, and the settings that make
 * the server archive every WAL segment into the stanza (pass them to
 * startLocalPostgres's `settings`; archive_mode needs a restart).
 */
export async function prepareBackups(options: BackupOptions): Promise<Record<string, string>> {
  assertStanzaName(options.stanza);
  const backupDir = path.resolve(options.backupDir);
  await prepareFolders(backupDir, await identity(options.onProgress ?? (() => {})), options.onProgress ?? (() => {}));
  return archiveSettings(findPgbackrest(), backupDir, options.stanza);
}

/**
 * Step two, once the server runs with those settings: writes the stanza's
 * config, creates the stanza (idempotent) and checks that WAL archiving works.
 * This is what the fleet calls for every shard.
 */
export async function configureBackups(server: BackupServer, options: BackupOptions): Promise<Backups> {
  const onProgress = options.onProgress ?? ((): void => {});
  const backupDir = path.resolve(options.backupDir);
  const runAs = await identity(onProgress);
  await prepareFolders(backupDir, runAs, onProgress);
  await fs.writeFile(configPath(backupDir), renderConfig({ stanza: options.stanza, backupDir, dataDir: server.dataDir, port: server.port, user: server.user }), { mode: 0o640 });
  if (runAs) await fs.chown(configPath(backupDir), runAs.uid, runAs.gid);
  const backups = new Backups(findPgbackrest(), backupDir, options.stanza, server, runAs, onProgress);
  await backups.run(['stanza-create']);
  await backups.run(['check']);
  onProgress(`pgBackRest stanza ${options.stanza} ready; WAL archiving checked`);
  return backups;
}

/**
 * An existing stanza, for restoring from it (`franchises restore`): reads the
 * config that configureBackups wrote, connects to no server.
 */
export async function openBackups(options: BackupOptions): Promise<Backups> {
  assertStanzaName(options.stanza);
  const onProgress = options.onProgress ?? ((): void => {});
  const backupDir = path.resolve(options.backupDir);
  if (!existsSync(configPath(backupDir))) throw new Error(`${configPath(backupDir)} does not exist: no pgBackRest stanza was configured in ${backupDir}`);
  const backups = new Backups(findPgbackrest(), backupDir, options.stanza, undefined, await identity(onProgress), onProgress);
  if ((await backups.list()).length === 0) throw new Error(`stanza ${options.stanza} in ${backupDir} has no backup to restore from`);
  return backups;
}

/** One stanza's backups: take them, list them, restore from them. */
export class Backups {
  constructor(
    private readonly pgbackrest: string,
    readonly backupDir: string,
    readonly stanza: string,
    /** Absent for a Backups opened only to restore (openBackups): restore connects to no server. */
    private readonly server: BackupServer | undefined,
    private readonly runAs: RunAs | undefined,
    private readonly onProgress: (message: string) => void,
  ) {}

  /** A full backup, or an incremental one (only files changed since the last backup). */
  async backup(type: 'full' | 'incr'): Promise<BackupRecord> {
    const started = Date.now();
    this.onProgress(`pgBackRest: ${type} backup of ${this.stanza} started`);
    await this.run(['--type', type, 'backup']);
    const latest = (await this.list()).at(-1);
    if (!latest) throw new Error(`pgBackRest reported no backup of ${this.stanza} after a successful ${type} backup`);
    this.onProgress(`pgBackRest: ${type} backup ${latest.label} done in ${Date.now() - started} ms (${latest.sizeBytes} bytes of data, ${latest.repoBytes} in the repository)`);
    return latest;
  }

  /** The stanza's backups, oldest first. */
  async list(): Promise<BackupRecord[]> {
    return parseBackupList(await this.run(['--output=json', 'info']), this.stanza);
  }

  /** Forces the current WAL segment into the archive, so a restore can reach what was just committed. */
  async flushWal(): Promise<void> {
    await this.run(['check']);
  }

  /**
   * Restores into a new data folder, recovering up to `to`; started, the
   * server replays the archived WAL to that instant and then promotes itself
   * (becomes writable, on a new timeline). It does not archive: the restored
   * copy must not write into the stanza it came from.
   */
  async restore(options: RestoreOptions): Promise<void> {
    const dataDir = path.resolve(options.dataDir);
    if (!(await prepareDataDir(dataDir, this.runAs))) throw new Error(`${dataDir} already holds a PostgreSQL data folder; restore into a new one`);
    if (this.runAs) await ensureReachable(this.runAs, dataDir, this.onProgress);
    const started = Date.now();
    this.onProgress(`pgBackRest: restoring ${this.stanza} to ${options.to.toISOString()} into ${dataDir}`);
    await this.run([`--pg1-path=${dataDir}`, '--type=time', `--target=${recoveryTargetTime(options.to)}`, '--target-action=promote', '--archive-mode=off', 'restore']);
    this.onProgress(`pgBackRest: files restored in ${Date.now() - started} ms; WAL replay runs when the server starts`);
  }

  /** Runs one pgbackrest command for this stanza as the server's user; throws with its output on failure. */
  async run(args: readonly string[]): Promise<string> {
    const result = await runCommand(this.pgbackrest, [`--config=${configPath(this.backupDir)}`, `--stanza=${this.stanza}`, ...args], {
      env: { ...CHILD_ENV, ...(this.server && { PGHOST: this.server.host, PGPASSWORD: this.server.password }) },
      ...spawnIdentity(this.runAs),
    });
    if (!result.ok) throw new Error(`pgbackrest ${args.join(' ')} failed:\n${result.output}`);
    return result.output;
  }
}
