/**
 * npm run drill:rolling-restart [-- --nodes 3 --shops 4 --workers 8 --seconds 3 --check-ms 500]
 *
 * Drill 3 of docs/DR.md: every API node behind HAProxy restarted in turn under
 * load (0 failed requests), then one SIGKILLed (in-flight requests fail at the
 * connection and are retried; 0 bookings lost or doubled; the balancer drops it
 * within its check interval). Exits 1 when a guarantee is broken.
 */
import { parseArgs } from 'node:util';
import { countFailures, runRollingRestartDrill } from './drills/rolling-restart-drill.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    shops: { type: 'string', default: '4' },
    workers: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' },
    'check-ms': { type: 'string', default: '500' },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);
process.once('SIGINT', () => {
  log('\ninterrupted: the throwaway fleet stops with this process');
  process.exit(130);
});

const report = await runRollingRestartDrill({
  apiNodes: Number(values.nodes),
  shopsPerShard: Number(values.shops),
  workers: Number(values.workers),
  steadySeconds: Number(values.seconds),
  checkIntervalMs: Number(values['check-ms']),
  log,
});
const { restart, kill } = report;
log('');
log(`rolling restart of ${restart.restartMs.length} nodes (${restart.restartMs.join(', ')} ms each): ${restart.load.requests} requests, failed ${restart.load.failures.length}; bookings ${restart.audit.checked}, lost ${restart.audit.lost.length}, doubled ${restart.audit.doubled.length}`);
log(`node SIGKILLed: marked DOWN after ${kill.markedDownMs} ms (check interval ${values['check-ms']} ms); ${kill.load.requests} requests, failed ${kill.load.failures.length} ${JSON.stringify(countFailures(kill.load.failures))}, after it left the pool ${kill.failuresAfterDown.length}; bookings ${kill.audit.checked}, lost ${kill.audit.lost.length}, doubled ${kill.audit.doubled.length}, never acknowledged ${kill.audit.unacknowledged.length}`);
for (const problem of report.problems) log(`  problem: ${problem}`);
log(report.passed ? 'DRILL PASSED' : 'DRILL FAILED');
process.exit(report.passed ? 0 : 1);
