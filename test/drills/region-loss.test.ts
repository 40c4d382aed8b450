import { describe, expect, it } from 'vitest';
import { REGION_RTO_LIMIT_MS, runRegionLossDrill } from '../../bench/drills/region-loss-drill.js';

/**
 * Drill 5 at CI size (docs/DR.md): every us-east-1 server (the catalog's and the
 * shard's primary and standby) killed at once under load; the paired region's
 * standbys are promoted. The large size: `npm run drill:region-loss -- --workers 16 --seconds 30`.
 */
describe('drill 5: a region lost', () => {
  it('promotes the us-west-2 standbys of the catalog and the shard, and writes resume within a minute with no 500 or hang', async () => {
    const report = await runRegionLossDrill({ shopsPerShard: 2, workers: 4, steadySeconds: 2, log: () => {} });

    expect(report.problems).toEqual([]);
    expect(report.stopped.slice().sort()).toEqual(['catalog', 'catalog-standby', 'shard-use1', 'shard-use1-standby']);
    expect(report.failovers.map((f) => `${f.shard}→${f.to}`)).toEqual(['catalog→catalog-dr', 'shard-use1→shard-use1-dr']);
    // Promoted across regions with no standby left beside them: degraded until rebuilt.
    expect(report.failovers.map((f) => f.replication)).toEqual(['degraded', 'degraded']);
    expect(report.rtoMs as number).toBeLessThanOrEqual(REGION_RTO_LIMIT_MS);
    expect(report.audit.doubled).toEqual([]);
    expect(report.audit.unacknowledged).toEqual([]);
    expect(report.failuresElsewhere.filter((f) => f.kind === 'server-error' || f.kind === 'hang')).toEqual([]);
    console.log(`drill 5 (CI size): RTO ${report.rtoMs} ms, RPO ${report.lostAcknowledged} acknowledged bookings lost (lag ${JSON.stringify(report.lagAtLossBytes)} bytes)`);
  }, 240_000);
});
