import { describe, expect, it } from 'vitest';
import { runRollingRestartDrill } from '../../bench/drills/rolling-restart-drill.js';

/**
 * Drill 3 at CI size (docs/DR.md): two API nodes behind HAProxy restarted in turn
 * under load, then one SIGKILLed. The large size runs with
 * `npm run drill:rolling-restart -- --nodes 3 --workers 16 --seconds 20`.
 */
describe('drill 3: rolling restart and a killed API node', () => {
  it('fails no request during a rolling restart, and loses or doubles no booking when a node is killed', async () => {
    const report = await runRollingRestartDrill({ apiNodes: 2, shopsPerShard: 2, workers: 4, steadySeconds: 2, checkIntervalMs: 500, log: () => {} });

    expect(report.problems).toEqual([]);
    expect(report.restart.load.failures).toEqual([]);
    expect(report.restart.load.requests).toBeGreaterThan(50);
    expect(report.restart.restartMs).toHaveLength(2);
    expect(report.restart.audit.lost).toEqual([]);
    expect(report.restart.audit.doubled).toEqual([]);
    expect(report.kill.markedDownMs).toBeGreaterThanOrEqual(0);
    expect(report.kill.markedDownMs).toBeLessThanOrEqual(1_500);
    expect(report.kill.failuresAfterDown).toEqual([]);
    expect(report.kill.audit.lost).toEqual([]);
    expect(report.kill.audit.doubled).toEqual([]);
    expect(report.kill.audit.unacknowledged).toEqual([]);
    console.log(`drill 3 (CI size): restart ${report.restart.load.requests} requests 0 failed; kill: DOWN after ${report.kill.markedDownMs} ms, ${report.kill.load.failures.length} failed at the connection`);
  }, 180_000);
});
