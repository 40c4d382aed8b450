import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './exec.js';
import { loadPackagedPostgres } from './platform-package.js';
import { spawnIdentity } from './run-as.js';
import type { RunAs } from './run-as.js';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

function binariesIn(nativeDir: string): PostgresBinaries {
  return { initdb: path.join(nativeDir, 'bin', 'initdb'), postgres: path.join(nativeDir, 'bin', 'postgres') };
}

async function canExecute(binaries: PostgresBinaries, runAs: RunAs | undefined): Promise<boolean> {
  return (await runCommand(binaries.initdb, ['--version'], spawnIdentity(runAs))).ok;
}

async function packageVersion(nativeDir: string): Promise<string> {
  const raw = await fs.readFile(path.join(nativeDir, '..', 'package.json'), 'utf8');
  const version: unknown = (JSON.parse(raw) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/**
 * Binaries that `runAs` can execute. When the checkout sits under a folder only root can
 * traverse (CI clones into a 0700 temp dir), node_modules is out of reach for the service
 * user, so we fall back to a world-readable copy shared by all processes.
 */
export async function resolveBinaries(
  runAs: RunAs | undefined,
  onProgress: (message: string) => void,
): Promise<PostgresBinaries> {
  const { initdb, postgres, nativeDir } = await loadPackagedPostgres();
  const packaged = { initdb, postgres };
  if (!runAs || (await canExecute(packaged, runAs))) return packaged;

  const sharedDir = path.join(os.tmpdir(), `bookedbarber-pg-${await packageVersion(nativeDir)}`);
  if (!(await isTrustedCopy(sharedDir))) {
    onProgress(`copying PostgreSQL binaries to ${sharedDir} (${runAs.name} cannot reach ${nativeDir})`);
    await copyNative(nativeDir, sharedDir);
    if (!(await isTrustedCopy(sharedDir))) {
      throw new Error(`${sharedDir} exists but is not a root-owned, non-writable copy of the PostgreSQL binaries`);
    }
  }
  const copied = binariesIn(sharedDir);
  if (!(await canExecute(copied, runAs))) {
    throw new Error(
      `user ${runAs.name} cannot execute ${copied.initdb}; is ${os.tmpdir()} traversable by other users?`,
    );
  }
  return copied;
}

// The copy lives in a shared temp folder and the binaries run our database: refuse one
// that another user could have planted or can still modify.
async function isTrustedCopy(dir: string): Promise<boolean> {
  const stat = await fs.lstat(dir).catch(() => undefined);
  return stat !== undefined && stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0;
}

async function copyNative(nativeDir: string, targetDir: string): Promise<void> {
  // Build under a private name and rename into place, so a racing process never sees a
  // half-copied folder and whichever rename loses simply discards its copy.
  const scratch = await fs.mkdtemp(`${targetDir}.tmp-`);
  const staged = path.join(scratch, `native-${randomBytes(4).toString('hex')}`);
  try {
    // Relative symlinks (libicuuc.so.60 -> libicuuc.so.60.2) must stay links; the binaries
    // find lib/ through RUNPATH $ORIGIN/../lib, which keeps working after a move.
    await fs.cp(nativeDir, staged, { recursive: true, verbatimSymlinks: true });
    await makeWorldReadable(staged);
    await fs.rename(staged, targetDir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

async function makeWorldReadable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await makeWorldReadable(full);
    } else if (entry.isFile()) {
      const executable = ((await fs.stat(full)).mode & 0o100) !== 0;
      await fs.chmod(full, executable ? 0o755 : 0o644);
    }
  }
}
