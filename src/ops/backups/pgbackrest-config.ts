/**
 * What pgBackRest needs to know about one PostgreSQL server: its data folder
 * and port, the stanza (pgBackRest's name for one cluster's backups) and the
 * local folder that stands in for production's object store.
 */
export interface BackupTarget {
  readonly stanza: string;
  /** Holds the repository, pgBackRest's log, lock and spool folders, and the config file. */
  readonly backupDir: string;
  readonly dataDir: string;
  readonly port: number;
  readonly user: string;
}

/** pgBackRest names: letters, digits, dash and underscore (they end up in paths and in archive_command). */
export function assertStanzaName(stanza: string): void {
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(stanza)) throw new Error(`invalid stanza name ${JSON.stringify(stanza)}`);
}

export const configPath = (backupDir: string): string => `${backupDir}/pgbackrest.conf`;

/**
 * The config file. Everything pgBackRest writes stays under `backupDir` (its
 * defaults, /var/log/pgbackrest and /tmp/pgbackrest, are shared by every
 * server on the machine). No password here: commands get PGPASSWORD in their
 * environment, and PGHOST makes libpq use TCP, as our servers have no socket.
 */
export function renderConfig(target: BackupTarget): string {
  assertStanzaName(target.stanza);
  return [
    '[global]',
    `repo1-path=${target.backupDir}/repo`,
    // Two full backups kept: the older one still covers a restore to before the newest.
    'repo1-retention-full=2',
    `log-path=${target.backupDir}/log`,
    `lock-path=${target.backupDir}/lock`,
    `spool-path=${target.backupDir}/spool`,
    'log-level-console=warn',
    'log-level-file=info',
    // lz4 costs little CPU; the machine is shared.
    'compress-type=lz4',
    // Checkpoint at once instead of waiting for the next scheduled one.
    'start-fast=y',
    '',
    `[${target.stanza}]`,
    `pg1-path=${target.dataDir}`,
    `pg1-port=${target.port}`,
    `pg1-user=${target.user}`,
    '',
  ].join('\n');
}

/**
 * Server settings for continuous WAL archiving into the stanza. archive_mode
 * needs a restart, so these go in when the server starts; archive_timeout
 * bounds how old the newest archived WAL can be on a quiet server.
 */
export function archiveSettings(pgbackrest: string, backupDir: string, stanza: string, archiveTimeoutSeconds = 10): Record<string, string> {
  assertStanzaName(stanza);
  return {
    archive_mode: 'on',
    archive_command: `${pgbackrest} --config=${configPath(backupDir)} --stanza=${stanza} archive-push %p`,
    archive_timeout: `${archiveTimeoutSeconds}s`,
  };
}

/** A recovery target pgBackRest and PostgreSQL both parse: ISO 8601 with microseconds and an explicit UTC offset. */
export function recoveryTargetTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '+00');
}
