/**
 * npm run drill:shard-failover [-- --via pgbouncer|haproxy --shops 4 --workers 8 --seconds 5]
 *
 * Drill 1 of docs/DR.md: a shard primary SIGKILLed under booking load on a
 * throwaway production-shaped fleet. Prints the figures; exits 1 when a
 * guarantee is broken (RTO over 30 s, an acknowledged booking lost or doubled,
 * a failure that is not a 503 with Retry-After, any failure on another shard).
 */
import { parseArgs } from 'node:util';
import { runShardFailoverDrill } from './drills/shard-failover-drill.js';

const { values } = parseArgs({
  options: {
    via: { type: 'string', default: 'pgbouncer' },
    shops: { type: 'string', default: '4' },
    workers: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '5' },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);
if (values.via !== 'pgbouncer' && values.via !== 'haproxy') throw new Error('--via is pgbouncer or haproxy');
process.once('SIGINT', () => {
  log('\ninterrupted: the throwaway fleet stops with this process');
  process.exit(130);
});

const report = await runShardFailoverDrill({ via: values.via, shopsPerShard: Number(values.shops), workers: Number(values.workers), steadySeconds: Number(values.seconds), log });
const { load, audit, failover } = report;
log('');
log(`shard ${report.shard} (behind ${values.via}): RTO ${report.rtoMs ?? 'never'} ms (kill → first acknowledged booking; limit 30000), of which detection ${report.detectMs} ms, promote ${failover.promoteMs} ms, repoint ${failover.repointMs} ms`);
log(`requests ${load.requests} (${load.reads} reads); bookings attempted ${audit.checked}, acknowledged ${audit.checked - audit.unacknowledged.length}, lost ${audit.lost.length}, doubled ${audit.doubled.length}, never acknowledged ${audit.unacknowledged.length}`);
log(`failed requests on ${report.shard}: ${JSON.stringify(report.failuresOnShard)}; on other shards: ${report.failuresElsewhere.length}`);
log(`replication after promotion: ${failover.replication}; standby rebuilt in ${report.rebuildMs} ms, synchronous again: ${report.syncAfterRebuild}`);
log(`pgBackRest: full backups at start ${JSON.stringify(report.fullBackups)}; archiving after failover ${failover.archiving}, checked again ${report.archivingAfterFailover}; incremental backup of the new primary ${report.backupAfterFailover ?? 'FAILED'}`);
for (const problem of report.problems) log(`  problem: ${problem}`);
log(report.passed ? 'DRILL PASSED' : 'DRILL FAILED');
process.exit(report.passed ? 0 : 1);
