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
 * Should it stop after step 2, the franchise is served from the scratch copy:
 * `shards move <franchise> <shard>` completes the restore (docs/dr-backups-and-catalog.md).
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
    scratch = await startRestoredServer({ dataDir, binDir: options.binDir, ...(options.settings && { settings: options.settings }), onProgress: progress });
    const replayMs = Date.now() - started - filesMs;
    progress(`      files ${filesMs} ms, WAL replay ${replayMs} ms`);

    progress(`[2/4] the franchise is served from the restored copy (${scratchShardId})`);
    const database = decodeURIComponent(new URL(shard.primaryUrl).pathname.slice(1));
    await insertScratchShard(deps.catalog, { id: scratchShardId, region: shard.region, primaryUrl: scratch.connectionString(database) });
    registered = true;
    const adopted = await deps.moves.adoptRestoredCopy(options.franchiseId, scratchShardId);
    progress(`      write pause ${adopted.pauseMs} ms`);

    progress(`[3/4] moving the restored franchise back to ${shardId} (logical replication, verify, flip)`);
    let lastLine = 0;
    const move = await deps.moves.move(options.franchiseId, shardId, {
      // The scratch copy is dropped whole below: no need to delete the franchise's rows there first.
      skipSourceCleanup: true,
      onProgress: (p: MoveProgress) => {
        if (Date.now() - lastLine < 1_000 && p.percent < 100) return;
        lastLine = Date.now();
        progress(`      ${p.percent.toFixed(0)} % ${p.phase}`);
      },
    });
    if (move.status !== 'completed') throw new Error(`the move back to ${shardId} did not complete (${move.status}: ${move.error ?? ''}); the franchise is still served from ${scratchShardId}: run "shards move ${options.franchiseId} ${shardId}"`);
    progress(`      ${move.rowsCopied} rows copied in ${move.copyMs ?? 0} ms, write pause ${move.pauseMs ?? 0} ms`);

    progress(`[4/4] dropping the scratch copy`);
    await removeScratchShard(deps.catalog, scratchShardId);
    registered = false;
    return { franchiseId: options.franchiseId, shardId, scratchShardId, filesMs, replayMs, adoptPauseMs: adopted.pauseMs, move, totalMs: Date.now() - started };
  } finally {
    // Kept while the franchise still lives on it (a failed move back): the operator finishes the restore.
    const stillHome = registered && (await franchiseShard(deps.catalog, options.franchiseId)) === scratchShardId;
    if (!stillHome) {
      if (registered) await removeScratchShard(deps.catalog, scratchShardId);
      await scratch?.stop();
    }
  }
}
