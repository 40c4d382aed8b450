/**
 * npm run drill:backup-restore [-- --franchises 6 --workers 6 --step-seconds 5]
 *
 * Backups and point-in-time restore under load (see backup-restore-drill.ts).
 * Prints progress, then the figures; exits 1 unless every check passed.
 * Ctrl-C stops it and its throwaway servers.
 */
import { parseArgs } from 'node:util';
import { runBackupRestoreDrill } from './backup-restore-drill.js';
import type { BackupDrillReport } from './backup-restore-drill.js';

const { values } = parseArgs({
  options: {
    franchises: { type: 'string', default: '6' },
    workers: { type: 'string', default: '6' },
    'step-seconds': { type: 'string', default: '5' },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);

function print(report: BackupDrillReport): void {
  const { shard, load } = report;
  for (const b of report.backups) log(`backup ${b.type} ${b.label}: ${b.ms} ms under load, database ${(b.sizeBytes / 1e6).toFixed(1)} MB, repository +${(b.repoBytes / 1e6).toFixed(1)} MB`);
  log(`load: ${load.samples.length} requests, ${load.bookings.length} bookings acknowledged, client-visible errors (5xx): ${load.errors.length}, refused (4xx, the load's own races): ${JSON.stringify(load.refused)}`);
  log(`accident: ${report.accidentRows} bookings cancelled`);
  log(`shard restore to the instant before the accident: files ${shard.filesMs} ms + WAL replay and promotion ${shard.replayMs} ms = ${shard.filesMs + shard.replayMs} ms; ${shard.appointmentRows} appointment rows`);
  log(`  acknowledged before the target: ${shard.acknowledged} bookings; lost ${shard.lost} (must be 0); state checked ${shard.stateChecked}, wrong ${shard.wrongState} (must be 0); created after the target yet present ${shard.fromAfterTarget} (must be 0)`);
  log(`  the accident's franchise: ${shard.victimBookedRestored} bookings back as booked`);
  const f = report.franchise;
  const r = f.report;
  log(`franchise restore (franchises restore): ${(r.totalMs / 1000).toFixed(1)} s in all = files ${r.filesMs} ms + WAL replay ${r.replayMs} ms + served from the copy (write pause ${r.adoptPauseMs} ms) + move back ${r.move.durationMs} ms (${r.move.rowsCopied} rows copied in ${r.move.copyMs ?? 0} ms, write pause ${r.move.pauseMs ?? 0} ms)`);
  log(`  the franchise: ${f.victimRows} rows on ${f.onShard}, ${f.victimBooked} booked; lost ${f.victimLost}, wrong state ${f.victimWrongState}, from after the target ${f.victimFromAfterTarget} (all must be 0); verify: ${f.verifyProblems.length === 0 ? 'clean' : f.verifyProblems.join('; ')}`);
  log(`  the other franchises: acknowledged bookings missing ${f.othersMissing}, changed ${f.othersWrongState} (must be 0); scratch shards left registered: ${f.leftoverShards.length}`);
  log(`total drill time ${(report.totalMs / 1000).toFixed(1)} s`);
  for (const e of load.errors.slice(0, 5)) log(`  error: ${e}`);
  log(report.passed ? 'DRILL PASSED' : 'DRILL FAILED');
}

process.once('SIGINT', () => {
  log('\ninterrupted: the throwaway servers stop with this process');
  process.exit(130);
});
const report = await runBackupRestoreDrill({ franchises: Number(values.franchises), workers: Number(values.workers), stepSeconds: Number(values['step-seconds']), log });
print(report);
process.exit(report.passed ? 0 : 1);
