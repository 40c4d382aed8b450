import { livePostmaster, stopPostmaster } from '../processes.js';
import { attachShardBackups } from './fleet-backups.js';
import { runtimeCommand } from './haproxy.js';
import { repointPgBouncer } from './pgbouncer.js';
import type { FleetServer, FleetShard, FleetState } from './fleet-state.js';
import { serverUrl } from './fleet-state.js';
import { followPrimary, promote, requireSyncStandby } from './sync-pair.js';

export interface FailoverReport {
  readonly shard: string;
  readonly from: string;
  readonly to: string;
  /** The old primary was still running and was stopped first (a switchover), so two primaries never take writes. */
  readonly fenced: boolean;
  readonly promoteMs: number;
  readonly repointMs: number;
  /** 'sync': another standby confirms every commit again; 'degraded': commits are acknowledged by the new primary alone until a standby is rebuilt. */
  readonly replication: 'sync' | 'degraded';
  readonly followers: readonly string[];
  /** 'checked': the new primary's WAL reaches the shard's pgBackRest stanza (`pgbackrest check`); 'off': the shard has no stanza. */
  readonly archiving: 'checked' | 'off';
}

/**
 * What CloudNativePG does when a primary is lost, with PostgreSQL's own tools:
 * fence the old primary if it still runs, promote the chosen standby
 * (pg_promote), point the shard's stable address at it, make the other standbys
 * follow it and, when one of them is in the same region, require it as the
 * synchronous standby again. `state` is updated in place (roles).
 */
export async function failover(state: FleetState, shard: FleetShard, options: { to?: string; progress?: (line: string) => void } = {}): Promise<FailoverReport> {
  const progress = options.progress ?? ((): void => {});
  const old = shard.servers.find((s) => s.role === 'primary');
  if (!old) throw new Error(`${shard.id} has no primary in the fleet's state`);
  const candidate = options.to
    ? shard.servers.find((s) => s.name === options.to)
    : (shard.servers.find((s) => s.role === 'standby') ?? shard.servers.find((s) => s.role === 'dr-standby'));
  if (!candidate || candidate.role === 'primary' || candidate.role === 'lost') throw new Error(`${shard.id}: no standby to promote${options.to ? ` named ${options.to}` : ''}`);

  const oldPid = await livePostmaster(old.dataDir);
  if (oldPid !== undefined) {
    progress(`${old.name} still runs: stopping it before promoting (switchover)`);
    await stopPostmaster(oldPid);
  }
  const started = Date.now();
  progress(`promoting ${candidate.name} (${candidate.region}) with pg_promote()…`);
  await promote(serverUrl(state, candidate, 'postgres'));
  const promoteMs = Date.now() - started;
  await repoint(state, shard, candidate);
  const repointMs = Date.now() - started - promoteMs;
  progress(`${shard.id}'s address now leads to ${candidate.name} (promote ${promoteMs} ms, repoint ${repointMs} ms)`);
  old.role = 'lost';
  candidate.role = 'primary';

  const followers: string[] = [];
  for (const other of shard.servers.filter((s) => s.role === 'standby' || s.role === 'dr-standby')) {
    if ((await livePostmaster(other.dataDir)) === undefined) continue;
    await followPrimary(serverUrl(state, other, 'postgres'), { host: '127.0.0.1', port: candidate.port, user: 'postgres', password: state.password }, other.name);
    followers.push(other.name);
  }
  // Only a standby in the same region is made synchronous: a cross-region round trip on every commit is the DR pair's cost to avoid.
  const syncName = shard.servers.find((s) => followers.includes(s.name) && s.region === candidate.region)?.name;
  await requireSyncStandby(serverUrl(state, candidate, 'postgres'), syncName ? [syncName] : []);
  if (syncName) {
    const standby = shard.servers.find((s) => s.name === syncName) as FleetServer;
    standby.role = 'standby';
  }
  // The stanza's config names the primary's data folder and port: point it at the new one and prove its WAL arrives.
  if (shard.backups) {
    await attachShardBackups(state, shard, progress);
    progress(`${shard.id}: WAL archiving from ${candidate.name} into stanza ${shard.id} checked`);
  }
  return { shard: shard.id, from: old.name, to: candidate.name, fenced: oldPid !== undefined, promoteMs, repointMs, replication: syncName ? 'sync' : 'degraded', followers, archiving: shard.backups ? 'checked' : 'off' };
}

/** Points the stable address at `server`. */
export async function repoint(state: FleetState, shard: FleetShard, server: FleetServer): Promise<void> {
  const { address } = shard;
  if (address.kind === 'pgbouncer') {
    await repointPgBouncer(
      { dir: address.dir, listenPort: address.port, user: 'postgres', password: state.password, target: { database: shard.database, host: '127.0.0.1', port: server.port } },
      { database: shard.database, host: '127.0.0.1', port: server.port },
    );
    return;
  }
  const answer = await runtimeCommand(state.haproxyAdminPort, `set server ${address.service}/pg addr 127.0.0.1 port ${server.port}`);
  if (!/changed|no need to change/i.test(answer)) throw new Error(`HAProxy refused to repoint ${address.service}: ${answer.trim()}`);
  await runtimeCommand(state.haproxyAdminPort, `shutdown sessions server ${address.service}/pg`);
}
