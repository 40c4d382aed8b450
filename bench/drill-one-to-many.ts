/**
 * npm run drill:one-to-many [-- --franchises 1000 --max-concurrent 4 --workers 8 --baseline-seconds 3]
 *
 * The seeds' one-database-to-many migration under live load (see
 * one-to-many-drill.ts). Prints progress, then the figures; exits 1 unless
 * every check passed. Ctrl-C stops it and its throwaway servers.
 */
import { parseArgs } from 'node:util';
import { percentile, runOneToManyDrill } from './one-to-many-drill.js';
import type { DrillReport } from './one-to-many-drill.js';

const { values } = parseArgs({
  options: {
    franchises: { type: 'string', default: '12' },
    'max-concurrent': { type: 'string', default: '2' },
    workers: { type: 'string', default: '8' },
    'baseline-seconds': { type: 'string', default: '3' },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** Per step of the pause, the time it took (difference to the step before), as p50 / p99 over the moves. */
function pauseBreakdown(report: DrillReport): string {
  const spans = new Map<string, number[]>();
  for (const r of report.results) {
    let previous = 0;
    for (const [step, at] of Object.entries(r.pauseSteps ?? {})) {
      spans.set(step, [...(spans.get(step) ?? []), at - previous]);
      previous = at;
    }
  }
  return [...spans].map(([step, v]) => `${step} ${percentile(v, 50)}/${percentile(v, 99)}`).join(', ');
}

function print(report: DrillReport): void {
  const done = report.results.filter((r) => r.status === 'completed');
  const pauses = done.map((r) => r.pauseMs ?? 0);
  const { load, latency, copy } = report;
  log(`moves: ${done.length}/${report.planned} completed; rebalance took ${(report.rebalanceMs / 1000).toFixed(1)} s`);
  log(`write pause per move (ms): p50 ${percentile(pauses, 50)}  p99 ${percentile(pauses, 99)}  max ${Math.max(0, ...pauses)}; p99 as a ratio to the load's own p99 without moves (same run): ${(percentile(pauses, 99) / Math.max(1, report.latency.before.p99)).toFixed(2)}`);
  log(`  where it goes (ms per step, p50/p99): ${pauseBreakdown(report)}`);
  log(`load: ${load.samples.length} requests, ${load.bookings.length} bookings acknowledged, client-visible errors (5xx): ${load.errors.length}, refused (4xx, the load's own races): ${JSON.stringify(load.refused)}`);
  log(`  latency without moves p50 ${latency.before.p50} / p99 ${latency.before.p99} ms (${latency.before.n} requests); during moves p50 ${latency.during.p50} / p99 ${latency.during.p99} ms (${latency.during.n}); p99 ratio ${(latency.during.p99 / Math.max(1, latency.before.p99)).toFixed(2)}`);
  log(`acknowledged writes missing or duplicated: ${report.missingOrDuplicated}, in the wrong state: ${report.wrongState}; stray rows on other shards: ${report.strayRows}; franchises outside their region: ${report.outOfRegion}`);
  log(`verify --all: ${report.verifyFailures.length} failure(s); replication objects left: ${report.replicationLeftovers.length}`);
  log(`initial copy: ${copy.moveRowsPerSecond.toFixed(0)} rows/s per move (logical replication, copy phase) vs plain binary COPY of the same rows between the same servers ${copy.reference.rowsPerSecond.toFixed(0)} rows/s (${copy.reference.rows} rows): ratio ${(copy.moveRowsPerSecond / copy.reference.rowsPerSecond).toFixed(3)}`);
  log(`total drill time ${(report.totalMs / 1000).toFixed(1)} s`);
  for (const e of load.errors.slice(0, 5)) log(`  error: ${e}`);
  for (const r of load.refusedSamples) log(`  refused: ${r}`);
  for (const r of report.results.filter((x) => x.status !== 'completed').slice(0, 5)) log(`  move ${r.franchiseId}: ${r.status} ${r.error ?? ''}`);
  for (const c of report.verifyFailures.slice(0, 5)) log(`  verify ${c.franchiseId}: ${c.problems.join('; ')}`);
  for (const l of report.replicationLeftovers.slice(0, 5)) log(`  left: ${l}`);
  log(report.passed ? 'DRILL PASSED' : 'DRILL FAILED');
}

process.once('SIGINT', () => {
  log('\ninterrupted: the throwaway servers stop with this process');
  process.exit(130);
});
const report = await runOneToManyDrill({
  franchises: Number(values.franchises),
  maxConcurrent: Number(values['max-concurrent']),
  workers: Number(values.workers),
  baselineSeconds: Number(values['baseline-seconds']),
  log,
});
print(report);
process.exit(report.passed ? 0 : 1);
