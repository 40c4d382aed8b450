import path from 'node:path';
import { CHILD_ENV } from './data-dir.js';
import { runCommand } from './exec.js';
import { spawnIdentity } from './run-as.js';
import type { RunAs } from './run-as.js';

export interface PrimaryAddress {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/**
 * Fills an empty data folder with a base backup of `primary` and the settings
 * of a streaming standby (`-R` writes standby.signal and primary_conninfo).
 * pg_basebackup only copies servers of its own or an older major version, so it
 * must come from the same installation as the binaries that run the standby.
 */
export async function cloneFromPrimary(binDir: string, dataDir: string, primary: PrimaryAddress, runAs: RunAs | undefined): Promise<void> {
  const result = await runCommand(
    path.join(binDir, 'pg_basebackup'),
    ['-h', primary.host, '-p', String(primary.port), '-U', primary.user, '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-password'],
    { env: { ...CHILD_ENV, PGPASSWORD: primary.password }, ...spawnIdentity(runAs) },
  );
  if (!result.ok) throw new Error(`pg_basebackup from ${primary.host}:${primary.port} failed:\n${result.output}`);
}
