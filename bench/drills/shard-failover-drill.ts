import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from '../../src/cli/cluster/cluster-servers.js';
import { serverUrl } from '../../src/cli/cluster/fleet/fleet-state.js';
import type { FailoverReport } from '../../src/cli/cluster/fleet/failover.js';
import { startBookingLoad } from './booking-load.js';
import type { FailedRequest, LoadResult } from './booking-load.js';
import { auditBookings, startFleetRig } from './fleet-rig.js';
import type { BookingAudit } from './fleet-rig.js';

export interface ShardFailoverOptions {
  /** Which shard loses its primary: the one behind PgBouncer or the one behind HAProxy. */
  readonly via: 'pgbouncer' | 'haproxy';
  readonly shopsPerShard: number;
  readonly workers: number;
  /** Load before the kill and after recovery, seconds. */
  readonly steadySeconds: number;
  readonly log: (line: string) => void;
}

export interface ShardFailoverReport {
  readonly shard: string;
  readonly rtoMs: number | null;
  readonly detectMs: number;
  readonly failover: FailoverReport;
  readonly rebuildMs: number;
  readonly syncAfterRebuild: boolean;
  /** Full pgBackRest backups per shard when the fleet was ready (the fleet takes one per shard). */
  readonly fullBackups: Readonly<Record<string, number>>;
  /** `pgbackrest check` against the new primary once the load stopped: its WAL reaches the shard's stanza. */
  readonly archivingAfterFailover: boolean;
  /** An incremental backup taken from the new primary (a promoted standby must be backed up as well as archive). */
  readonly backupAfterFailover: string | null;
  readonly load: LoadResult;
  readonly audit: BookingAudit;
  /** Failed requests for the killed shard's franchises, by kind. */
  readonly failuresOnShard: Readonly<Record<string, number>>;
  readonly failuresElsewhere: readonly FailedRequest[];
  readonly problems: readonly string[];
  readonly passed: boolean;
}

export const RTO_LIMIT_MS = 30_000;
const PROBE_MS = 250;

/**
 * Drill 1: a shard primary SIGKILLed under booking load. A watcher (the operator's
 * part) probes the primary; after two failed probes it promotes the synchronous
 * standby and repoints the address. Then the lost server is rebuilt as the new
 * standby, so the shard is synchronous again.
 */
export async function runShardFailoverDrill(options: ShardFailoverOptions): Promise<ShardFailoverReport> {
  const { log } = options;
  const rig = await startFleetRig({
    shards: [
      { id: 'shard-use1', region: 'us-east-1', address: 'pgbouncer' },
      { id: 'shard-euw1', region: 'eu-west-1', address: 'haproxy' },
    ],
    apiNodes: 2,
    shopsPerShard: options.shopsPerShard,
    log,
  });
  try {
    const { fleet } = rig;
    const target = fleet.state.shards.find((s) => s.address.kind === options.via);
    if (!target) throw new Error(`no shard behind ${options.via}`);
    const fullBackups: Record<string, number> = {};
    for (const shard of fleet.state.shards) fullBackups[shard.id] = (await fleet.backups(shard.id)).filter((b) => b.type === 'full').length;
    const load = startBookingLoad({ apiUrl: fleet.state.apiUrl, shops: rig.shops, workers: options.workers, hangMs: 10_000, readShare: 0.2 });
    log(`load: ${options.workers} clients for ${options.steadySeconds} s before the kill`);
    await sleep(options.steadySeconds * 1000);

    const primary = target.servers.find((s) => s.role === 'primary');
    if (!primary) throw new Error(`${target.id} has no primary`);
    const killedAt = Date.now();
    await fleet.killServer(primary.name);
    log(`SIGKILL ${primary.name} (${target.id}, behind ${options.via})`);

    // The watcher: two probes in a row without an answer mean the primary is lost.
    let misses = 0;
    while (misses < 2) {
      await sleep(PROBE_MS);
      const alive = await withClient(serverUrl(fleet.state, primary, 'postgres'), (c) => c.query('SELECT 1')).then(() => true, () => false);
      misses = alive ? 0 : misses + 1;
    }
    const detectMs = Date.now() - killedAt;
    const failover = await fleet.failover(target.id);
    log(`failover: ${failover.from} → ${failover.to} after ${detectMs} ms detection; replication ${failover.replication}`);

    let rtoMs: number | null = null;
    const rtoDeadline = Date.now() + RTO_LIMIT_MS * 2;
    while (rtoMs === null && Date.now() < rtoDeadline) {
      const first = load.firstAckAfter(target.id, killedAt);
      if (first !== undefined) rtoMs = first - killedAt;
      else await sleep(50);
    }
    log(`RTO ${rtoMs ?? 'none'} ms; rebuilding ${failover.from} as the new synchronous standby…`);
    const rebuildMs = await fleet.rebuildStandby(target.id);
    const newPrimary = target.servers.find((s) => s.role === 'primary');
    const syncAfterRebuild = await withClient(serverUrl(fleet.state, newPrimary as { port: number }, 'postgres'), async (c) => {
      const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_replication WHERE sync_state = 'sync'`);
      return (rows[0]?.n ?? 0) > 0;
    });
    await sleep(options.steadySeconds * 1000);
    const result = await load.stop();
    const audit = await auditBookings(fleet, result.attempts);
    const archivingError = await fleet.checkArchiving(target.id).then(() => undefined, (error: unknown) => (error instanceof Error ? error.message : String(error)));
    const backupAfter = await fleet.backup(target.id, 'incr').then((b) => ({ label: b.label, error: undefined }), (error: unknown) => ({ label: null, error: error instanceof Error ? error.message : String(error) }));

    const onShard = result.failures.filter((f) => f.shardId === target.id);
    const failuresOnShard: Record<string, number> = {};
    for (const f of onShard) failuresOnShard[f.kind] = (failuresOnShard[f.kind] ?? 0) + 1;
    const failuresElsewhere = result.failures.filter((f) => f.shardId !== target.id);
    const problems: string[] = [];
    if (rtoMs === null || rtoMs > RTO_LIMIT_MS) problems.push(`RTO ${rtoMs ?? 'never'} ms over ${RTO_LIMIT_MS} ms`);
    const bad = onShard.filter((f) => f.kind !== 'retryable-503');
    if (bad.length > 0) problems.push(`${bad.length} failure(s) on ${target.id} that were not a 503 with Retry-After: ${bad.slice(0, 3).map((f) => `${f.kind} ${f.detail}`).join(' | ')}`);
    if (failuresElsewhere.length > 0) problems.push(`${failuresElsewhere.length} failure(s) on other shards: ${failuresElsewhere.slice(0, 3).map((f) => `${f.kind} ${f.detail}`).join(' | ')}`);
    if (audit.lost.length > 0) problems.push(`${audit.lost.length} acknowledged booking(s) lost: ${audit.lost.slice(0, 3).join(' | ')}`);
    if (audit.doubled.length > 0) problems.push(`${audit.doubled.length} booking(s) doubled: ${audit.doubled.slice(0, 3).join(' | ')}`);
    if (audit.unacknowledged.length > 0) problems.push(`${audit.unacknowledged.length} attempted booking(s) never acknowledged: ${audit.unacknowledged.slice(0, 3).join(' | ')}`);
    problems.push(...fleet.apiNodeCrashes());
    if (!syncAfterRebuild) problems.push('no synchronous standby after the rebuild');
    for (const [shard, count] of Object.entries(fullBackups)) if (count < 1) problems.push(`${shard} had no full backup when the fleet was ready`);
    if (archivingError !== undefined) problems.push(`WAL archiving from the new primary fails: ${archivingError}`);
    if (backupAfter.error !== undefined) problems.push(`no backup of the new primary: ${backupAfter.error}`);
    return { shard: target.id, rtoMs, detectMs, failover, rebuildMs, syncAfterRebuild, fullBackups, archivingAfterFailover: archivingError === undefined, backupAfterFailover: backupAfter.label, load: result, audit, failuresOnShard, failuresElsewhere, problems, passed: problems.length === 0 };
  } finally {
    await rig.close();
  }
}
