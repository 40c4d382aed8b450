import path from 'node:path';
import type { Out } from '../cluster-report.js';
import { backupShard, describeShardBackups } from './fleet-backups.js';
import { readFleetState } from './fleet-state.js';

/**
 * `cluster backup <shard> [--type full|incr]` on a fleet started with `up --fleet`:
 * a pgBackRest backup of the shard from its current primary (after a failover too).
 * Exit 0 when done, 2 on a bad shard or type.
 */
export async function clusterBackup(options: { dataDir: string; shard: string; type: string }, out: Out): Promise<number> {
  if (options.type !== 'full' && options.type !== 'incr') {
    out(`--type must be full or incr, got "${options.type}"`);
    return 2;
  }
  const state = await readFleetState(path.join(path.resolve(options.dataDir), 'fleet'));
  const shard = state.shards.find((s) => s.id === options.shard);
  if (!shard?.backups) {
    const known = state.shards.filter((s) => s.backups).map((s) => s.id);
    out(`no shard "${options.shard}" with backups in the fleet; it has: ${known.join(', ') || 'none'}`);
    return 2;
  }
  const record = await backupShard(state, shard, options.type, out);
  out(`${shard.id}: ${record.type} backup ${record.label} (${record.sizeBytes} bytes of data, ${record.repoBytes} in the repository)`);
  return 0;
}

/** The fleet's backup lines for `cluster status`; none when the data folder holds no fleet. */
export async function fleetBackupStatus(dataDir: string): Promise<string[]> {
  const state = await readFleetState(path.join(path.resolve(dataDir), 'fleet')).catch(() => undefined);
  return state ? describeShardBackups({ dir: state.dir, shards: state.shards.filter((s) => s.backups) }) : [];
}
