import path from 'node:path';
import type { Out } from '../cluster-report.js';
import { failover } from './failover.js';
import { readFleetState, writeFleetState } from './fleet-state.js';

/**
 * `cluster failover <shard> [--to <server>]` on a fleet started with `up --fleet`:
 * promotes the shard's standby and repoints its stable address (see failover()).
 * `catalog` fails the catalog over the same way. Exit 0 when done.
 */
export async function clusterFailover(options: { dataDir: string; shard: string; to?: string }, out: Out): Promise<number> {
  const state = await readFleetState(path.join(path.resolve(options.dataDir), 'fleet'));
  const shard = options.shard === 'catalog' ? state.catalog : state.shards.find((s) => s.id === options.shard);
  if (!shard) {
    out(`no shard "${options.shard}" in the fleet; it has: catalog, ${state.shards.map((s) => s.id).join(', ')}`);
    return 2;
  }
  const started = Date.now();
  const report = await failover(state, shard, { ...(options.to ? { to: options.to } : {}), progress: out });
  await writeFleetState(state);
  out(`${report.shard}: ${report.to} is the primary (was ${report.from}${report.fenced ? ', stopped first' : ''}); ${Date.now() - started} ms`);
  out(
    report.replication === 'sync'
      ? `synchronous replication to ${report.followers.join(', ')}`
      : `DEGRADED: no standby confirms commits now (followers: ${report.followers.join(', ') || 'none'}); restart the fleet (down, up --fleet) for a new synchronous standby`,
  );
  return 0;
}
