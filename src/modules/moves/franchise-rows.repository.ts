import type { FranchiseTable } from './franchise-tables.repository.js';
import { ident } from './franchise-tables.repository.js';
import type { ShardLink } from './shard-links.js';

export interface DeleteOptions {
  readonly batchSize?: number;
  /** Pause between batches, so a cleanup never hogs a live shard. */
  readonly pauseMs?: number;
  /**
   * Old-source cleanup: delete only while the franchise's fence row says
   * 'moved' by this move. Each batch holds that row (FOR SHARE), so a new move
   * onto this shard, which marks it 'importing', waits for the batch and then
   * stops the cleanup.
   */
  readonly whileMovedBy?: string;
}

/**
 * Deletes every row of the franchise on one shard, children before parents, in
 * batches of short transactions. The fence trigger is bypassed for these
 * transactions only (SET LOCAL): they are the mover's own, on a copy that is
 * not authoritative. Also deletes the franchise's move markers. The fence row
 * itself is left to the caller. Returns the number of rows deleted.
 */
export async function deleteFranchiseRows(link: ShardLink, franchiseId: string, tables: readonly FranchiseTable[], options: DeleteOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  let total = 0;
  for (const table of [...tables].reverse()) {
    for (;;) {
      const deleted = await link.transaction(async (client) => {
        if (options.whileMovedBy !== undefined) {
          const { rows } = await client.query("SELECT 1 FROM franchise_fence WHERE franchise_id = $1 AND state = 'moved' AND move_id = $2 FOR SHARE", [franchiseId, options.whileMovedBy]);
          if (rows.length === 0) return null;
        }
        await client.query("SET LOCAL bookedbarber.fence_bypass = 'on'");
        const result = await client.query(
          `DELETE FROM ${ident(table.name)} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${ident(table.name)} WHERE franchise_id = $1 LIMIT ${batchSize}))`,
          [franchiseId],
        );
        return result.rowCount ?? 0;
      });
      if (deleted === null) return total;
      total += deleted;
      if (deleted < batchSize) break;
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  }
  await link.query('DELETE FROM move_markers WHERE franchise_id = $1', [franchiseId]);
  return total;
}
