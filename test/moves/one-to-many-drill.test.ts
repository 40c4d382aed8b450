import { describe, expect, it } from 'vitest';
import { runOneToManyDrill } from '../../bench/one-to-many-drill.js';

/**
 * The seeds' one-database-to-many migration at CI size (issue 4): eight
 * franchises on one shard, three regional shards added, rebalance under a
 * booking/rescheduling/cancelling load. The large size runs locally with
 * `npm run drill:one-to-many -- --franchises 1000`.
 */
describe('the one-to-many drill', () => {
  it('moves every franchise into its region under load with no client-visible error and every acknowledged write exactly once', async () => {
    const lines: string[] = [];
    const report = await runOneToManyDrill({ franchises: 8, maxConcurrent: 2, workers: 4, baselineSeconds: 1, log: (line) => lines.push(line) });

    expect(report.planned).toBe(6); // two of the eight franchises belong to us-east-1 and stay on the single shard
    expect(report.results.map((r) => r.error ?? r.status)).toEqual(Array.from({ length: 6 }, () => 'completed'));
    expect(report.load.errors).toEqual([]);
    // 409s are the load's own races (two workers on one booking); a 404 would be a booking lost from sight.
    expect(Object.keys(report.load.refused).filter((status) => status !== '409')).toEqual([]);
    expect(report.load.bookings.length).toBeGreaterThan(50);
    expect(report.missingOrDuplicated).toBe(0);
    expect(report.wrongState).toBe(0);
    expect(report.strayRows).toBe(0);
    expect(report.outOfRegion).toBe(0);
    expect(report.replicationLeftovers).toEqual([]);
    expect(report.verifyFailures).toEqual([]);
    expect(report.passed).toBe(true);
    for (const result of report.results) {
      expect(result.pauseMs).toBeGreaterThan(0);
      expect(Object.keys(result.pauseSteps ?? {})).toEqual(['fence', 'marker_applied', 'flush_confirmed', 'verified_and_detached', 'flipped', 'unfenced']);
      expect(result.copyMs).toBeGreaterThan(0);
    }
    expect(report.copy.reference.rows).toBeGreaterThan(0);
    expect(lines.some((line) => line.includes('moves planned'))).toBe(true);
    const pauses = report.results.map((r) => r.pauseMs ?? 0);
    console.log(`drill (CI size): pauses ${pauses.join(', ')} ms; ${report.load.samples.length} requests; rebalance ${report.rebalanceMs} ms`);
  }, 180_000);
});
