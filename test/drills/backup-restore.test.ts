import { describe, expect, it } from 'vitest';
import { runBackupRestoreDrill } from '../../bench/backup-restore-drill.js';

/**
 * Drill 2 of issue 15 at CI size: pgBackRest backups under load, an accident,
 * a restore of the shard to the instant before it, then `franchises restore`
 * of the franchise alone while the others stay under load. The full size runs
 * with `npm run drill:backup-restore`.
 */
describe('the backup and point-in-time restore drill', () => {
  it('restores the shard, then only the franchise, to the instant before the accident with every acknowledged booking and nothing later', async () => {
    const lines: string[] = [];
    const report = await runBackupRestoreDrill({ franchises: 3, workers: 3, stepSeconds: 1, log: (line) => lines.push(line) });

    expect(report.backups.map((b) => b.type)).toEqual(['full', 'incr']);
    expect(report.load.errors).toEqual([]);
    expect(report.accidentRows).toBeGreaterThan(0);
    expect(report.shard.acknowledged).toBeGreaterThan(20);
    expect(report.shard.lost).toBe(0);
    expect(report.shard.wrongState).toBe(0);
    expect(report.shard.stateChecked).toBeGreaterThan(0);
    expect(report.shard.fromAfterTarget).toBe(0);
    expect(report.shard.victimBookedRestored).toBeGreaterThan(0);
    // Part two: only that franchise back to the instant, on its live shard, the others under load.
    const f = report.franchise;
    expect(f.report.move.status).toBe('completed');
    expect(f.onShard).toBe('shard-a');
    expect(f.victimLost).toBe(0);
    expect(f.victimWrongState).toBe(0);
    expect(f.victimFromAfterTarget).toBe(0);
    expect(f.victimBooked).toBe(report.shard.victimBookedRestored);
    expect(f.othersMissing).toBe(0);
    expect(f.othersWrongState).toBe(0);
    expect(f.verifyProblems).toEqual([]);
    expect(f.leftoverShards).toEqual([]);
    expect(report.passed).toBe(true);
    expect(lines.some((line) => line.startsWith('accident at'))).toBe(true);
    console.log(`backup drill (CI size): shard restore ${report.shard.filesMs} + ${report.shard.replayMs} ms, ${report.shard.appointmentRows} rows; franchise restore ${f.report.totalMs} ms, ${f.report.move.rowsCopied} rows copied`);
  }, 180_000);
});
