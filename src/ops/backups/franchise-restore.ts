import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { LocalPostgresServer } from '../../db/local-postgres/local-postgres-server.js';
import type { MoveProgress, MoveResult } from '../../modules/moves/move-types.js';
import type { MovesService } from '../../modules/moves/moves.service.js';
import type { Backups } from './pgbackrest.js';
import { startRestoredServer } from './restored-server.js';
import { findShard, franchiseShard, insertScratchShard, removeScratchShard } from './scratch-shard.repository.js';

export interface FranchiseRestoreOptions {
  readonly franchiseId: string;
  readonly to: Date;
  /** The backups of the franchise's shard (its stanza). */
  readonly backups: Backups;
  /** The PostgreSQL installation the shard runs (same major version). */
  readonly binDir: string;
  /** An empty folder for the scratch server's data; deleted at the end. */
  readonly scratchDir: string;
  /** Server settings at least as large as the shard's (max_connections and the like). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly onProgress?: (line: string) => void;
}

/** The restore stopped with the franchise living on the scratch copy: its data folder must not be deleted. */
export class ScratchKeptError extends Error {
  constructor(
    message: string,
    readonly dataDir: string,
  ) {
    super(message);
  }
}

const MOVE_ATTEMPTS = 3;

/** The online move back; a move that rolled back (the copy is still authoritative) is tried again. */
async function moveBack(moves: MovesService, franchiseId: string, shardId: string, progress: (line: string) => void): Promise<MoveResult> {
  for (let attempt = 1; ; attempt++) {
    let lastLine = 0;
    const move = await moves.move(franchiseId, shardId, {
      // The scratch copy is dropped whole afterwards: no need to delete the franchise's rows there first.
      skipSourceCleanup: true,
      onProgress: (p: MoveProgress) => {
        if (Date.now() - lastLine < 1_000 && p.percent < 100) return;
        lastLine = Date.now();
        progress(`      ${p.percent.toFixed(0)} % ${p.phase}`);
      },
    });
    if (move.status === 'completed' || attempt >= MOVE_ATTEMPTS) return move;
    progress(`      the move rolled back (${move.error ?? move.status}); trying again (${attempt + 1}/${MOVE_ATTEMPTS})`);
    await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
  }
}

export interface FranchiseRestoreReport {
  readonly franchiseId: string;
  readonly shardId: string;
  readonly scratchShardId: string;
  /** pgBackRest restore of the files; WAL replay to the target and promotion. */
  readonly filesMs: number;
  readonly replayMs: number;
  /** The franchise's writes paused while its home became the restored copy. */
  readonly adoptPauseMs: number;
  /** The online move back from the scratch copy. */
  readonly move: MoveResult;
  readonly totalMs: number;
}

/**
 * `franchises restore <franchise> --to <time>`: one franchise back to an
 * instant, every other franchise of its shard untouched and online.
 * 1. pgBackRest restores the shard's backup to that instant into a scratch server;
 * 2. the scratch server is registered as a draining shard, and the franchise's
 *    placement flips to it (a short write pause; its rows there are the restored ones);
 * 3. an ordinary online move brings the franchise back to its shard: the rows
 *    left there are deleted, the restored ones copied by logical replication,
 *    verified, and the placement flips back;
 * 4. the scratch shard is unregistered and its server stopped.
 * The move back is tried three times; should it still fail, the franchise
 * lives on the scratch copy, whose data folder is kept (ScratchKeptError says
 * how to finish, docs/DR.md).
 */
export async function restoreFranchise(deps: { readonly catalog: Kysely<CatalogDatabase>; readonly moves: MovesService }, options: FranchiseRestoreOptions): Promise<FranchiseRestoreReport> {
  const progress = options.onProgress ?? ((): void => {});
  const started = Date.now();
  const shardId = await franchiseShard(deps.catalog, options.franchiseId);
  if (!shardId) throw new Error(`franchise ${options.franchiseId} does not exist`);
  const shard = await findShard(deps.catalog, shardId);
  if (!shard) throw new Error(`shard ${shardId} is not registered`);
  if (options.to.getTime() >= Date.now()) throw new Error(`--to ${options.to.toISOString()} is not in the past`);

  progress(`[1/4] restoring ${shardId}'s backup to ${options.to.toISOString()} into a scratch server`);
  const dataDir = path.join(options.scratchDir, 'data');
  await options.backups.restore({ to: options.to, dataDir });
  const filesMs = Date.now() - started;
  let scratch: LocalPostgresServer | undefined;
  const scratchShardId = `restore-${shardId}-${Date.now().toString(36)}`;
  let registered = false;
  try {
    // Persistent: should the move back fail, this copy is the franchise's only home (see ScratchKeptError).
    scratch = await startRestoredServer({ dataDir, binDir: options.binDir, persistent: true, ...(options.settings && { settings: options.settings }), onProgress: progress });
    const replayMs = Date.now() - started - filesMs;
    progress(`      files ${filesMs} ms, WAL replay ${replayMs} ms`);

    progress(`[2/4] the franchise is served from the restored copy (${scratchShardId})`);
    const database = decodeURIComponent(new URL(shard.primaryUrl).pathname.slice(1));
    await insertScratchShard(deps.catalog, { id: scratchShardId, region: shard.region, primaryUrl: scratch.connectionString(database) });
    registered = true;
    const adopted = await deps.moves.adoptRestoredCopy(options.franchiseId, scratchShardId);
    progress(`      write pause ${adopted.pauseMs} ms`);

    progress(`[3/4] moving the restored franchise back to ${shardId} (logical replication, verify, flip)`);
    const move = await moveBack(deps.moves, options.franchiseId, shardId, progress);
    if (move.status !== 'completed') {
      throw new ScratchKeptError(
        `the move back to ${shardId} did not complete (${move.error ?? move.status}); ${options.franchiseId} is still served from ${scratchShardId}, whose data is kept in ${dataDir}. ` +
          `Start that server again on port ${scratch.port} (pg_ctl -D ${dataDir} -o "-p ${scratch.port} -c listen_addresses=127.0.0.1" start, as the user owning the folder), then run: bookedbarber shards move ${options.franchiseId} ${shardId}`,
        dataDir,
      );
    }
    progress(`      ${move.rowsCopied} rows copied in ${move.copyMs ?? 0} ms, write pause ${move.pauseMs ?? 0} ms`);

    progress(`[4/4] dropping the scratch copy`);
    await removeScratchShard(deps.catalog, scratchShardId);
    registered = false;
    return { franchiseId: options.franchiseId, shardId, scratchShardId, filesMs, replayMs, adoptPauseMs: adopted.pauseMs, move, totalMs: Date.now() - started };
  } finally {
    // Kept while the franchise still lives on it (a failed move back): the operator finishes the restore.
    const stillHome = registered && (await franchiseShard(deps.catalog, options.franchiseId)) === scratchShardId;
    if (!stillHome && registered) await removeScratchShard(deps.catalog, scratchShardId);
    await scratch?.stop();
    if (!stillHome) await rm(dataDir, { recursive: true, force: true });
  }
}
