import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../composition-root.js';
import { restoreFranchise, ScratchKeptError } from '../ops/backups/franchise-restore.js';
import { openBackups } from '../ops/backups/pgbackrest.js';
import { installedPostgresBin } from '../ops/backups/postgres-install.js';
import type { CliIo } from './fleet.commands.js';

const USAGE = 'usage: franchises restore <franchise-id-or-slug> --to <ISO time> --backup-dir <dir> [--stanza <shard>] [--pg-bin <dir>]';

/** An ISO 8601 instant with an explicit offset (a bare local time would restore to a different moment on another machine). */
function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/(Z|[+-]\d\d:?\d\d)$/.test(value)) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * `bookedbarber franchises restore <franchise> --to <time> --backup-dir <dir>`:
 * one franchise back to an instant from its shard's pgBackRest backups, the
 * shard's other franchises untouched (see src/ops/backups/franchise-restore.ts).
 */
export async function franchiseRestoreCommand(platform: Platform, args: readonly string[], io: CliIo): Promise<number> {
  const [idOrSlug] = args;
  const to = parseInstant(io.flags.to);
  const backupDir = io.flags['backup-dir'];
  if (!idOrSlug || !to || typeof backupDir !== 'string') {
    io.out(`${USAGE}\n--to must be an ISO 8601 instant with its offset, e.g. 2026-12-07T22:53:11.641Z`);
    return 2;
  }
  const franchise = await platform.shards.franchise(idOrSlug);
  const stanza = typeof io.flags.stanza === 'string' ? io.flags.stanza : franchise.shardId;
  const binDir = typeof io.flags['pg-bin'] === 'string' ? io.flags['pg-bin'] : installedPostgresBin();
  if (!binDir) {
    io.out('no installed PostgreSQL found (Debian package postgresql); pass --pg-bin <dir>');
    return 2;
  }
  const log = (line: string): void => {
    if (!io.json) io.out(line);
  };
  const backups = await openBackups({ stanza, backupDir, onProgress: log });
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), 'bookedbarber-restore-'));
  let keep = false;
  try {
    const report = await restoreFranchise({ catalog: platform.core.catalog, moves: platform.moves }, { franchiseId: franchise.id, to, backups, binDir, scratchDir, onProgress: log });
    if (io.json) io.out(JSON.stringify(report, null, 2));
    else io.out(`restored ${franchise.slug} to ${to.toISOString()} in ${(report.totalMs / 1000).toFixed(1)} s: ${report.move.rowsCopied} rows; write pauses ${report.adoptPauseMs} ms and ${report.move.pauseMs ?? 0} ms`);
    return 0;
  } catch (error) {
    keep = error instanceof ScratchKeptError;
    throw error;
  } finally {
    if (!keep) await rm(scratchDir, { recursive: true, force: true });
  }
}
