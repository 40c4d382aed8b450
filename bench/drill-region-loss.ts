/**
 * npm run drill:region-loss [-- --shops 4 --workers 8 --seconds 5]
 *
 * Drill 5 of docs/DR.md: every server of us-east-1 (catalog and shard, primaries
 * and their same-region standbys) SIGKILLed under load; the paired region's
 * standbys (us-west-2) are promoted and the addresses repointed. Prints RTO and
 * the asynchronous RPO (acknowledged bookings the promoted standbys lacked);
 * exits 1 when writes do not resume within 60 s, a standby outside the pair is
 * promoted, or a client sees a 500, a hang or a 503 without Retry-After.
 */
import { parseArgs } from 'node:util';
import { runRegionLossDrill } from './drills/region-loss-drill.js';
import { countFailures } from './drills/rolling-restart-drill.js';

const { values } = parseArgs({
  options: {
    shops: { type: 'string', default: '4' },
    workers: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '5' },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);
process.once('SIGINT', () => {
  log('\ninterrupted: the throwaway fleet stops with this process');
  process.exit(130);
});

const report = await runRegionLossDrill({ shopsPerShard: Number(values.shops), workers: Number(values.workers), steadySeconds: Number(values.seconds), log });
log('');
log(`region ${report.region} lost (${report.stopped.join(', ')}); promoted ${report.failovers.map((f) => `${f.shard} → ${f.to} (promote ${f.promoteMs} ms, repoint ${f.repointMs} ms)`).join('; ')}`);
log(`RTO ${report.rtoMs ?? 'never'} ms (loss → first acknowledged booking on every shard of the region; limit 60000)`);
log(`RPO (asynchronous cross-region): ${report.lostAcknowledged} acknowledged booking(s) lost; standby lag at the loss ${JSON.stringify(report.lagAtLossBytes)} bytes`);
log(`requests ${report.load.requests}; bookings ${report.audit.checked}, doubled ${report.audit.doubled.length}, never acknowledged ${report.audit.unacknowledged.length}`);
log(`failed requests on the lost region's shard: ${JSON.stringify(countFailures(report.failuresOnLostShard))}; elsewhere (catalog lost meanwhile): ${JSON.stringify(countFailures(report.failuresElsewhere))}`);
for (const problem of report.problems) log(`  problem: ${problem}`);
log(report.passed ? 'DRILL PASSED' : 'DRILL FAILED');
process.exit(report.passed ? 0 : 1);
