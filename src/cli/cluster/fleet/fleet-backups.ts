import path from 'node:path';
import { configureBackups, openBackups, prepareBackups } from '../../../ops/backups/pgbackrest.js';
import type { BackupRecord, Backups, BackupServer } from '../../../ops/backups/pgbackrest.js';
import { withClient } from '../cluster-servers.js';
import type { FleetShard, FleetState } from './fleet-state.js';
import { serverUrl } from './fleet-state.js';

/** Where a shard's pgBackRest stanza lives in the fleet: stanza = shard id, one folder per shard. */
export function shardBackupOptions(fleetDir: string, shardId: string, progress?: (line: string) => void): { stanza: string; backupDir: string; onProgress?: (line: string) => void } {
  return { stanza: shardId, backupDir: path.join(fleetDir, 'backups', shardId), ...(progress ? { onProgress: progress } : {}) };
}

/**
 * The archive settings every server of the shard starts with, standbys too:
 * archive_mode needs a restart, and a promoted standby must archive into the
 * same stanza at once (with archive_mode=on a standby archives only once promoted).
 */
export function shardArchiveSettings(fleetDir: string, shardId: string, progress: (line: string) => void): Promise<Record<string, string>> {
  return prepareBackups(shardBackupOptions(fleetDir, shardId, progress));
}

function primaryOf(state: Pick<FleetState, 'password'>, shard: FleetShard): BackupServer {
  const primary = shard.servers.find((s) => s.role === 'primary');
  if (!primary) throw new Error(`${shard.id} has no primary in the fleet's state`);
  return { host: '127.0.0.1', port: primary.port, user: 'postgres', password: state.password, dataDir: primary.dataDir };
}

/**
 * Points the shard's stanza at its current primary (a checkpoint, config rewritten,
 * stanza-create, which is idempotent, and `pgbackrest check`, which fails
 * unless that server's WAL reaches the repository). Called when the fleet
 * starts and after every failover.
 */
export async function attachShardBackups(state: Pick<FleetState, 'dir' | 'password'>, shard: FleetShard, progress?: (line: string) => void): Promise<Backups> {
  const server = primaryOf(state, shard);
  // A promoted standby's pg_control keeps the old timeline until its first checkpoint, and pgBackRest refuses to back it up until then.
  await withClient(serverUrl(state, server, 'postgres'), (client) => client.query('CHECKPOINT'));
  return configureBackups(server, shardBackupOptions(state.dir, shard.id, progress));
}

/** Takes a backup of the shard from its current primary. */
export async function backupShard(state: Pick<FleetState, 'dir' | 'password'>, shard: FleetShard, type: 'full' | 'incr', progress?: (line: string) => void): Promise<BackupRecord> {
  return (await attachShardBackups(state, shard, progress)).backup(type);
}

/** The shard's backups, oldest first (empty when none was taken yet). */
export async function listShardBackups(fleetDir: string, shardId: string): Promise<BackupRecord[]> {
  const backups = await openBackups(shardBackupOptions(fleetDir, shardId)).catch((error: unknown) => {
    if (error instanceof Error && /has no backup|does not exist/.test(error.message)) return undefined;
    throw error;
  });
  return backups ? backups.list() : [];
}

/** One line per shard for `cluster status`: how many backups of each type, and the newest. */
export async function describeShardBackups(state: Pick<FleetState, 'dir' | 'shards'>): Promise<string[]> {
  return Promise.all(
    state.shards.map(async (shard) => {
      try {
        const list = await listShardBackups(state.dir, shard.id);
        const latest = list.at(-1);
        if (!latest) return `backups ${shard.id}: none yet`;
        const full = list.filter((b) => b.type === 'full').length;
        return `backups ${shard.id}: ${full} full, ${list.length - full} incremental; newest ${latest.label} (${latest.type}, ${latest.stoppedAt.toISOString()})`;
      } catch (error) {
        return `backups ${shard.id}: UNREADABLE (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
      }
    }),
  );
}
