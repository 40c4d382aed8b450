import { setTimeout as sleep } from 'node:timers/promises';
import type { FailoverReport } from '../../src/cli/cluster/fleet/failover.js';
import { serverUrl } from '../../src/cli/cluster/fleet/fleet-state.js';
import { PAIRED_REGION } from '../../src/cli/cluster/fleet/region-pairs.js';
import { withClient } from '../../src/cli/cluster/cluster-servers.js';
import { startBookingLoad } from './booking-load.js';
import type { FailedRequest, LoadResult } from './booking-load.js';
import { auditBookings, startFleetRig } from './fleet-rig.js';
import type { BookingAudit } from './fleet-rig.js';

export interface RegionLossOptions {
  readonly shopsPerShard: number;
  readonly workers: number;
  readonly steadySeconds: number;
  readonly log: (line: string) => void;
}

export interface RegionLossReport {
  readonly region: string;
  readonly stopped: readonly string[];
  readonly failovers: readonly FailoverReport[];
  /** Kill → first acknowledged booking on the lost region's shard. */
  readonly rtoMs: number | null;
  /** How far the cross-region standbys were behind at the moment of the loss (bytes of WAL, per server). */
  readonly lagAtLossBytes: Readonly<Record<string, number>>;
  /** RPO of the asynchronous case: acknowledged bookings the promoted standby did not have. */
  readonly lostAcknowledged: number;
  readonly audit: BookingAudit;
  readonly load: LoadResult;
  readonly failuresOnLostShard: readonly FailedRequest[];
  readonly failuresElsewhere: readonly FailedRequest[];
  readonly problems: readonly string[];
  readonly passed: boolean;
}

/** The region drill's limit: promoting two servers by the runbook, including the catalog, within a minute. */
export const REGION_RTO_LIMIT_MS = 60_000;

/**
 * Drill 5: every server of us-east-1 (the catalog's primary and standby, and the
 * us-east-1 shard's primary and standby) SIGKILLed at once under load. The runbook
 * promotes the paired region's standbys (us-west-2) for the catalog and the shard
 * and repoints both addresses; the routers follow the catalog through its address.
 * Cross-region standbys are asynchronous, so the RPO is measured, not assumed.
 */
export async function runRegionLossDrill(options: RegionLossOptions): Promise<RegionLossReport> {
  const { log } = options;
  const lost = 'us-east-1';
  const rig = await startFleetRig({
    shards: [
      { id: 'shard-use1', region: lost, address: 'pgbouncer', drStandby: true },
      { id: 'shard-euw1', region: 'eu-west-1', address: 'haproxy', drStandby: true },
    ],
    catalogDrStandby: true,
    apiNodes: 2,
    shopsPerShard: options.shopsPerShard,
    log,
  });
  try {
    const { fleet } = rig;
    const load = startBookingLoad({ apiUrl: fleet.state.apiUrl, shops: rig.shops, workers: options.workers, hangMs: 10_000, readShare: 0.2 });
    await sleep(options.steadySeconds * 1000);

    const groups = [fleet.state.catalog, ...fleet.state.shards].filter((g) => g.servers.some((s) => s.role === 'primary' && s.region === lost));
    const victims = groups.flatMap((g) => g.servers.filter((s) => s.region === lost));
    // Replication lag of each cross-region standby just before the loss, from its primary's view.
    const lagAtLossBytes: Record<string, number> = {};
    for (const group of groups) {
      const primary = group.servers.find((s) => s.role === 'primary');
      if (!primary) continue;
      await withClient(serverUrl(fleet.state, primary, 'postgres'), async (c) => {
        const { rows } = await c.query<{ name: string; lag: string | null }>(`SELECT application_name AS name, pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::text AS lag FROM pg_stat_replication`);
        for (const r of rows) if (r.name.endsWith('-dr')) lagAtLossBytes[r.name] = Number(r.lag ?? 0);
      });
    }
    const killedAt = Date.now();
    await Promise.all(victims.map((s) => fleet.killServer(s.name)));
    log(`region ${lost} lost: SIGKILL ${victims.map((s) => s.name).join(', ')}`);
    await sleep(500); // the on-call engineer's page, compressed

    // The runbook: the catalog first (routers need it for anything not cached), then each shard.
    const failovers: FailoverReport[] = [];
    for (const group of groups) {
      const dr = group.servers.find((s) => s.role === 'dr-standby');
      if (!dr) throw new Error(`${group.id} has no standby outside ${lost}`);
      failovers.push(await fleet.failover(group.id, dr.name));
    }
    log(`promoted ${failovers.map((f) => `${f.to}`).join(', ')} in ${PAIRED_REGION[lost]}`);

    const shardIds = groups.filter((g) => g.id !== 'catalog').map((g) => g.id);
    let rtoMs: number | null = null;
    const deadline = Date.now() + REGION_RTO_LIMIT_MS * 2;
    while (rtoMs === null && Date.now() < deadline) {
      const firsts = shardIds.map((id) => load.firstAckAfter(id, killedAt));
      if (firsts.every((t) => t !== undefined)) rtoMs = Math.max(...(firsts as number[])) - killedAt;
      else await sleep(50);
    }
    await sleep(options.steadySeconds * 1000);
    const result = await load.stop();
    const audit = await auditBookings(fleet, result.attempts);

    const problems: string[] = [];
    if (rtoMs === null || rtoMs > REGION_RTO_LIMIT_MS) problems.push(`RTO ${rtoMs ?? 'never'} ms over ${REGION_RTO_LIMIT_MS} ms`);
    for (const f of failovers) {
      const server = [fleet.state.catalog, ...fleet.state.shards].flatMap((g) => g.servers).find((s) => s.name === f.to);
      if (server?.region !== PAIRED_REGION[lost]) problems.push(`${f.shard} was promoted in ${server?.region ?? '?'}, outside ${lost}'s pair ${PAIRED_REGION[lost] ?? '?'}`);
    }
    const onLost = result.failures.filter((f) => shardIds.includes(f.shardId));
    const elsewhere = result.failures.filter((f) => !shardIds.includes(f.shardId));
    const notRetryable = result.failures.filter((f) => f.kind === 'server-error' || f.kind === 'hang' || f.kind === '503-without-retry-after');
    if (notRetryable.length > 0) problems.push(`${notRetryable.length} failure(s) that were a 500, a hang or a 503 without Retry-After: ${notRetryable.slice(0, 3).map((f) => `${f.kind} ${f.detail}`).join(' | ')}`);
    problems.push(...fleet.apiNodeCrashes());
    if (audit.doubled.length > 0) problems.push(`${audit.doubled.length} booking(s) doubled`);
    if (audit.unacknowledged.length > 0) problems.push(`${audit.unacknowledged.length} attempted booking(s) never acknowledged`);
    return {
      region: lost,
      stopped: victims.map((s) => s.name),
      failovers,
      rtoMs,
      lagAtLossBytes,
      lostAcknowledged: audit.lost.length,
      audit,
      load: result,
      failuresOnLostShard: onLost,
      failuresElsewhere: elsewhere,
      problems,
      passed: problems.length === 0,
    };
  } finally {
    await rig.close();
  }
}
