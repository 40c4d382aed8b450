import { dropSlots, dropSubscription } from './move-replication.js';
import { ident } from './franchise-tables.js';
import type { ShardLinks, ShardLink } from './shard-links.js';

/**
 * Removes replication objects no running move owns, on every shard: mv_*
 * subscriptions, publications and slots, and table-sync slots (pg_<subid>_sync_…)
 * whose subscription no shard has any more. A forgotten slot keeps WAL on a
 * live shard until its disk fills (pitfall 11). Unreachable shards are skipped
 * (and sync slots are then left alone: their owner cannot be ruled out).
 */
export async function sweepOrphans(links: ShardLinks, liveNames: ReadonlySet<string>): Promise<{ dropped: string[]; problems: string[] }> {
  const dropped: string[] = [];
  const problems: string[] = [];
  const reachable: ShardLink[] = [];
  for (const link of await links.all()) {
    try {
      await link.query('SELECT 1');
      reachable.push(link);
    } catch (error) {
      problems.push(`${link.shardId} unreachable, not swept: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const link of reachable) {
    for (const { subname } of await link.query<{ subname: string }>("SELECT subname FROM pg_subscription WHERE subname LIKE 'mv\\_%'")) {
      if (liveNames.has(subname)) continue;
      await dropSubscription(link, subname).then(() => dropped.push(`${link.shardId}: subscription ${subname}`)).catch((e: unknown) => problems.push(`${link.shardId}: ${String(e)}`));
    }
  }
  for (const link of reachable) {
    for (const { pubname } of await link.query<{ pubname: string }>("SELECT pubname FROM pg_publication WHERE pubname LIKE 'mv\\_%'")) {
      if (liveNames.has(pubname)) continue;
      await link.query(`DROP PUBLICATION IF EXISTS ${ident(pubname)}`);
      dropped.push(`${link.shardId}: publication ${pubname}`);
    }
    const stale = (await link.query<{ slot_name: string }>("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'mv\\_%'")).map((s) => s.slot_name).filter((s) => !liveNames.has(s));
    if (stale.length > 0) {
      const gone = await dropSlots(link, 'slot_name = ANY ($1)', [stale]).catch((e: unknown) => {
        problems.push(`${link.shardId}: ${String(e)}`);
        return [] as string[];
      });
      dropped.push(...gone.map((s) => `${link.shardId}: slot ${s}`));
    }
  }
  if (problems.length === 0) {
    const subscriptions = new Set<string>();
    for (const link of reachable) {
      const rows = await link.query<{ key: string }>("SELECT s.oid::bigint::text || '_' || (SELECT system_identifier::text FROM pg_control_system()) AS key FROM pg_subscription s");
      for (const row of rows) subscriptions.add(row.key);
    }
    for (const link of reachable) {
      const syncSlots = await link.query<{ slot_name: string }>("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'pg\\_%\\_sync\\_%' AND NOT active AND database = current_database()");
      const orphans = syncSlots.map((s) => s.slot_name).filter((slot) => {
        const match = /^pg_(\d+)_sync_\d+_(\d+)$/.exec(slot);
        return match !== null && !subscriptions.has(`${match[1]}_${match[2]}`);
      });
      if (orphans.length > 0) {
        const gone = await dropSlots(link, 'slot_name = ANY ($1) AND NOT active', [orphans]).catch(() => [] as string[]);
        dropped.push(...gone.map((s) => `${link.shardId}: sync slot ${s}`));
      }
    }
  }
  return { dropped, problems };
}
