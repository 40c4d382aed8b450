/**
 * npm run drill:catalog-loss [-- --outage-seconds 60 --franchises 6 --workers 6]
 *
 * The catalog's server stopped under load (see catalog-loss-drill.ts). Prints
 * the figures; exits 1 unless every check passed.
 */
import { parseArgs } from 'node:util';
import { runCatalogLossDrill } from './catalog-loss-drill.js';
import type { CatalogDrillReport, Outcome } from './catalog-loss-drill.js';

const { values } = parseArgs({
  options: {
    'outage-seconds': { type: 'string', default: '60' },
    franchises: { type: 'string', default: '6' },
    workers: { type: 'string', default: '6' },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const share = (o: Outcome): string => `${o.ok}/${o.ok + o.failed} succeeded (${((100 * o.ok) / Math.max(1, o.ok + o.failed)).toFixed(2)} %)${o.failed > 0 ? `, failures ${JSON.stringify(o.failures)}` : ''}`;

function print(report: CatalogDrillReport): void {
  log(`public pages, availability and bookings before the outage: ${share(report.beforeOutage)}`);
  log(`  during the outage: ${share(report.duringOutage)}`);
  log(`  after the return: ${share(report.afterOutage)}`);
  const a = report.accountCalls;
  log(`sign-in and franchise creation during the outage: ${a.answered503WithRetryAfter}/${a.total} answered 503 with Retry-After${Object.keys(a.otherAnswers).length > 0 ? `, other answers ${JSON.stringify(a.otherAnswers)}` : ''}; slowest ${a.slowestMs} ms`);
  log(`after the return: sign-in works after ${report.signInBackAfterMs ?? 'never'} ms; placement notifications back after ${report.notificationsBackAfterMs ?? 'never'} ms; stale placements held ${report.stalePlacements}`);
  log(`slowest request of the whole drill: ${report.slowestRequestMs} ms`);
  log(report.passed ? 'DRILL PASSED' : 'DRILL FAILED');
}

process.once('SIGINT', () => {
  log('\ninterrupted: the throwaway servers stop with this process');
  process.exit(130);
});
const report = await runCatalogLossDrill({ outageSeconds: Number(values['outage-seconds']), franchises: Number(values.franchises), workers: Number(values.workers), log });
print(report);
process.exit(report.passed ? 0 : 1);
