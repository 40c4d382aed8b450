import { setTimeout as sleep } from 'node:timers/promises';
import { waitForBalancer } from '../../src/cli/cluster/fleet/fleet.js';
import { startBookingLoad } from './booking-load.js';
import type { FailedRequest, LoadResult } from './booking-load.js';
import { auditBookings, startFleetRig } from './fleet-rig.js';
import type { BookingAudit } from './fleet-rig.js';

export interface RollingRestartOptions {
  readonly apiNodes: number;
  readonly shopsPerShard: number;
  readonly workers: number;
  /** Load between steps, seconds. */
  readonly steadySeconds: number;
  readonly checkIntervalMs: number;
  readonly log: (line: string) => void;
}

export interface RollingRestartReport {
  readonly restart: { readonly load: LoadResult; readonly audit: BookingAudit; readonly restartMs: readonly number[] };
  readonly kill: {
    readonly load: LoadResult;
    readonly audit: BookingAudit;
    /** SIGKILL → HAProxy reports the node DOWN. */
    readonly markedDownMs: number;
    /** Failed requests after the node was marked down (must be none). */
    readonly failuresAfterDown: readonly FailedRequest[];
  };
  readonly problems: readonly string[];
  readonly passed: boolean;
}

function count(failures: readonly FailedRequest[]): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const f of failures) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return byKind;
}

export { count as countFailures };

/**
 * Drill 3. First every API node is restarted in turn under load (SIGTERM: /ready
 * turns 503, the balancer takes the node out, in-flight requests finish, a new
 * process starts on the same port and comes back in): no request may fail. Then
 * one node is SIGKILLed under load: requests in flight on it fail at the
 * connection and are retried by the clients, no booking is lost or doubled, and
 * the balancer stops sending to it within its health-check interval.
 */
export async function runRollingRestartDrill(options: RollingRestartOptions): Promise<RollingRestartReport> {
  const { log } = options;
  const rig = await startFleetRig({
    shards: [{ id: 'shard-use1', region: 'us-east-1', address: 'pgbouncer' }],
    apiNodes: options.apiNodes,
    shopsPerShard: options.shopsPerShard,
    checkIntervalMs: options.checkIntervalMs,
    // A stopping node answers 503 on /ready for this long before it closes: two check intervals and a margin.
    drainMs: options.checkIntervalMs * 2 + 500,
    log,
  });
  const problems: string[] = [];
  try {
    const { fleet } = rig;
    const names = fleet.state.apiNodes.map((n) => n.name);
    const loadOptions = { apiUrl: fleet.state.apiUrl, shops: rig.shops, workers: options.workers, hangMs: 10_000, readShare: 0.3 };

    let load = startBookingLoad(loadOptions);
    await sleep(options.steadySeconds * 1000);
    const restartMs: number[] = [];
    for (const name of names) {
      const started = Date.now();
      await fleet.restartApiNode(name, 'SIGTERM');
      await waitForBalancer(fleet.haproxy, [name]);
      restartMs.push(Date.now() - started);
      log(`restarted ${name} (SIGTERM, drain, new process, back in the pool) in ${Date.now() - started} ms`);
      await sleep(500);
    }
    await sleep(options.steadySeconds * 1000);
    const restartLoad = await load.stop();
    const restartAudit = await auditBookings(fleet, restartLoad.attempts);
    if (restartLoad.failures.length > 0) problems.push(`rolling restart: ${restartLoad.failures.length} failed request(s) ${JSON.stringify(count(restartLoad.failures))}: ${restartLoad.failures.slice(0, 3).map((f) => f.detail).join(' | ')}`);
    addAuditProblems('rolling restart', restartAudit, problems);

    load = startBookingLoad(loadOptions);
    await sleep(options.steadySeconds * 1000);
    const victim = names[0] as string;
    const killedAt = Date.now();
    await fleet.stopApiNode(victim, 'SIGKILL');
    log(`SIGKILL ${victim}`);
    let markedDownMs = -1;
    while (Date.now() - killedAt < 30_000) {
      const state = (await fleet.haproxy.apiNodeStates())[victim] ?? '';
      if (state.startsWith('DOWN')) {
        markedDownMs = Date.now() - killedAt;
        break;
      }
      await sleep(20);
    }
    log(`HAProxy marked ${victim} DOWN after ${markedDownMs} ms (check interval ${options.checkIntervalMs} ms)`);
    await sleep(options.steadySeconds * 1000);
    await fleet.startApiNode(victim);
    await waitForBalancer(fleet.haproxy, [victim]);
    await sleep(1000);
    const killLoad = await load.stop();
    const killAudit = await auditBookings(fleet, killLoad.attempts);
    const downAt = killedAt + markedDownMs;
    // A request sent after the node was out of the pool must never fail; ones in flight at the kill may, at the connection.
    const failuresAfterDown = killLoad.failures.filter((f) => f.at > downAt);
    const notAtConnection = killLoad.failures.filter((f) => f.kind !== 'balancer-error' && f.kind !== 'connection');
    if (markedDownMs < 0) problems.push('HAProxy never marked the killed node DOWN');
    // Within the check interval, plus a second for the probe already on its way (a refused connection fails it at once).
    else if (markedDownMs > options.checkIntervalMs + 1_000) problems.push(`the balancer took ${markedDownMs} ms to stop sending to the killed node (interval ${options.checkIntervalMs} ms)`);
    if (failuresAfterDown.length > 0) problems.push(`${failuresAfterDown.length} request(s) failed after the killed node left the pool: ${failuresAfterDown.slice(0, 3).map((f) => f.detail).join(' | ')}`);
    if (notAtConnection.length > 0) problems.push(`${notAtConnection.length} failure(s) other than at the connection: ${notAtConnection.slice(0, 3).map((f) => `${f.kind} ${f.detail}`).join(' | ')}`);
    addAuditProblems('node killed', killAudit, problems);
    problems.push(...fleet.apiNodeCrashes());
    return {
      restart: { load: restartLoad, audit: restartAudit, restartMs },
      kill: { load: killLoad, audit: killAudit, markedDownMs, failuresAfterDown },
      problems,
      passed: problems.length === 0,
    };
  } finally {
    await rig.close();
  }
}

function addAuditProblems(phase: string, audit: BookingAudit, problems: string[]): void {
  if (audit.lost.length > 0) problems.push(`${phase}: ${audit.lost.length} acknowledged booking(s) lost: ${audit.lost.slice(0, 3).join(' | ')}`);
  if (audit.doubled.length > 0) problems.push(`${phase}: ${audit.doubled.length} booking(s) doubled: ${audit.doubled.slice(0, 3).join(' | ')}`);
  if (audit.unacknowledged.length > 0) problems.push(`${phase}: ${audit.unacknowledged.length} booking(s) never acknowledged: ${audit.unacknowledged.slice(0, 3).join(' | ')}`);
}
