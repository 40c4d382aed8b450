import { dropPublication, dropSlotsNamed, dropSubscription, idleSyncSlots, movePublications, moveSlots, moveSubscriptions, probe, subscriptionKeys } from './move-replication.repository.js';
import type { ShardLinks, ShardLink } from './shard-links.js';

/**
 * Removes replication objects no running move owns, on every shard: mv_*
 * subscriptions, publications and slots, and table-sync slots (pg_<subid>_sync_…)
 * whose subscription no shard has any more. A forgotten slot keeps WAL on a
 * live shard until its disk fills (docs/MOVES.md, "Requirements and limits").
 * Unreachable shards are skipped (and sync slots are then left alone: their
 * owner cannot be ruled out).
 */
export async function sweepOrphans(links: ShardLinks, liveNames: ReadonlySet<string>): Promise<{ dropped: string[]; problems: string[] }> {
  const dropped: string[] = [];
  const problems: string[] = [];
  const reachable: ShardLink[] = [];
  for (const link of await links.all()) {
    try {
      await probe(link);
      reachable.push(link);
    } catch (error) {
      problems.push(`${link.shardId} unreachable, not swept: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const link of reachable) {
    for (const subname of await moveSubscriptions(link)) {
      if (liveNames.has(subname)) continue;
      await dropSubscription(link, subname).then(() => dropped.push(`${link.shardId}: subscription ${subname}`)).catch((e: unknown) => problems.push(`${link.shardId}: ${String(e)}`));
    }
  }
  for (const link of reachable) {
    for (const pubname of await movePublications(link)) {
      if (liveNames.has(pubname)) continue;
      await dropPublication(link, pubname);
      dropped.push(`${link.shardId}: publication ${pubname}`);
    }
    const stale = (await moveSlots(link)).filter((s) => !liveNames.has(s));
    if (stale.length > 0) {
      const gone = await dropSlotsNamed(link, stale).catch((e: unknown) => {
        problems.push(`${link.shardId}: ${String(e)}`);
        return [] as string[];
      });
      dropped.push(...gone.map((s) => `${link.shardId}: slot ${s}`));
    }
  }
  if (problems.length === 0) {
    const subscriptions = new Set<string>();
    for (const link of reachable) for (const key of await subscriptionKeys(link)) subscriptions.add(key);
    for (const link of reachable) {
      const orphans = (await idleSyncSlots(link)).filter((slot) => {
        const match = /^pg_(\d+)_sync_\d+_(\d+)$/.exec(slot);
        return match !== null && !subscriptions.has(`${match[1]}_${match[2]}`);
      });
      if (orphans.length > 0) {
        const gone = await dropSlotsNamed(link, orphans, { onlyIdle: true }).catch(() => [] as string[]);
        dropped.push(...gone.map((s) => `${link.shardId}: sync slot ${s}`));
      }
    }
  }
  return { dropped, problems };
}
