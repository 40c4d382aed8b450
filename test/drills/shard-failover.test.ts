import { describe, expect, it } from 'vitest';
import { RTO_LIMIT_MS, runShardFailoverDrill } from '../../bench/drills/shard-failover-drill.js';

/**
 * Drill 1 at CI size (docs/DR.md): a shard primary SIGKILLed under booking load,
 * once behind PgBouncer in transaction pooling mode and once behind HAProxy TCP.
 * The large size runs with `npm run drill:shard-failover -- --workers 16 --seconds 30`.
 */
describe('drill 1: a shard primary killed under load', () => {
  for (const via of ['pgbouncer', 'haproxy'] as const) {
    it(`promotes the synchronous standby behind ${via}: writable again within 30 s, no acknowledged booking lost, every failure a retryable 503`, async () => {
      const report = await runShardFailoverDrill({ via, shopsPerShard: 2, workers: 4, steadySeconds: 2, log: () => {} });

      expect(report.problems).toEqual([]);
      expect(report.rtoMs).not.toBeNull();
      expect(report.rtoMs as number).toBeLessThanOrEqual(RTO_LIMIT_MS);
      expect(report.audit.lost).toEqual([]);
      expect(report.audit.doubled).toEqual([]);
      expect(report.audit.unacknowledged).toEqual([]);
      // Load reached both shards, and the killed one's after its recovery too.
      const shards = new Set(report.load.attempts.map((a) => a.shardId));
      expect(shards.size).toBe(2);
      expect(report.load.attempts.filter((a) => a.shardId === report.shard && (a.ackAt ?? 0) > Date.now() - 60_000).length).toBeGreaterThan(0);
      expect(Object.keys(report.failuresOnShard).filter((kind) => kind !== 'retryable-503')).toEqual([]);
      expect(report.failuresElsewhere).toEqual([]);
      expect(report.failover.to).toBe(`${report.shard}-standby`);
      expect(report.syncAfterRebuild).toBe(true);
      // pgBackRest: every shard got a stanza with a full backup, and the promoted standby archives into it.
      expect(Object.keys(report.fullBackups).sort()).toEqual(['shard-euw1', 'shard-use1']);
      for (const count of Object.values(report.fullBackups)) expect(count).toBeGreaterThanOrEqual(1);
      expect(report.failover.archiving).toBe('checked');
      expect(report.archivingAfterFailover).toBe(true);
      expect(report.backupAfterFailover).toMatch(/I$/);
      console.log(`drill 1 via ${via} (CI size): RTO ${report.rtoMs} ms, ${report.audit.checked} bookings, failures ${JSON.stringify(report.failuresOnShard)}`);
    }, 180_000);
  }
});
