import { randomUUID } from 'node:crypto';
import { newId } from '../../db/ids.js';
import type { MoveContext } from './move-context.js';
import { clearMarkers, fenceSource, liftSourceFence, markSourceMoved } from './move-fence.repository.js';

/**
 * Makes a restored copy of a franchise's shard (registered as a shard of its
 * own) the franchise's home, for the restore of one franchise to a point in
 * time: the live shard is fenced (the franchise's writes wait, as in a move's
 * pause), the placement flips to the copy, and the live shard is marked
 * 'moved' so that a node with a stale placement asks again. No rows are
 * copied: the copy already holds the franchise as it was. An ordinary move
 * then brings it back (docs/DR.md).
 */
export async function adoptRestoredCopy(context: MoveContext, franchiseId: string, restoredShardId: string): Promise<{ readonly previousShard: string; readonly pauseMs: number }> {
  const placement = await context.repository.placementOf(franchiseId);
  if (!placement) throw new Error(`franchise ${franchiseId} does not exist`);
  if (placement.shardId === restoredShardId) throw new Error(`franchise ${franchiseId} is already on ${restoredShardId}`);
  const live = await context.links.get(placement.shardId);
  const restored = await context.links.get(restoredShardId);
  const adoptId = newId();

  // The copy holds every franchise of the live shard as it was: refuse them there for good, naming where they live.
  const others = await context.repository.franchisesOn(placement.shardId, franchiseId);
  await restored.query(
    `INSERT INTO franchise_fence (franchise_id, state, epoch, move_id, moved_to, updated_at) SELECT id, 'moved', 1, $2, $3, now() FROM unnest($1::uuid[]) AS t(id)
     ON CONFLICT (franchise_id) DO UPDATE SET state = 'moved', move_id = EXCLUDED.move_id, moved_to = EXCLUDED.moved_to, updated_at = now()`,
    [others, adoptId, placement.shardId],
  );
  // The franchise itself is active on the copy (as it was at the restored instant), with no leftover markers.
  await restored.query('DELETE FROM franchise_fence WHERE franchise_id = $1', [franchiseId]);
  await clearMarkers(restored, franchiseId);

  const pauseStarted = Date.now();
  await fenceSource(live, franchiseId, adoptId, randomUUID(), 5_000);
  if (!(await context.repository.repoint(franchiseId, placement.shardId, restoredShardId, placement.placementVersion))) {
    await liftSourceFence(live, franchiseId, adoptId);
    throw new Error(`the placement of ${franchiseId} changed meanwhile (a move?); nothing was changed`);
  }
  await markSourceMoved(live, franchiseId, adoptId, restoredShardId);
  const pauseMs = Date.now() - pauseStarted;
  context.placements.forget(franchiseId);
  await context.changes.publish({ franchiseId, locationId: null, kind: 'placement' });
  context.logger.info({ franchiseId, from: placement.shardId, to: restoredShardId, pauseMs }, 'franchise now served from its restored copy');
  return { previousShard: placement.shardId, pauseMs };
}
