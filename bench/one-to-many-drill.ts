/**
 * The seeds' migration as a drill (issue 4): every franchise starts on one
 * shard (the "single database", us-east-1, accepts any region); three regional
 * shards are added; rebalance moves every franchise into its own region while
 * a load generator books, reschedules and cancels across all franchises. The
 * report says whether every acknowledged write is on the franchise's final
 * shard exactly once and nowhere else, whether verify --all is clean, and how
 * long writes paused.
 */
import pino from 'pino';
import { migrateShard } from '../src/platform/bootstrap.js';
import { franchiseTables } from '../src/modules/moves/franchise-tables.repository.js';
import type { FranchiseCheck } from '../src/modules/moves/franchise-check.js';
import type { MoveResult } from '../src/modules/moves/move-types.js';
import { makeShop } from '../test/support/factories.js';
import type { Shop } from '../test/support/factories.js';
import { measureCopy } from './copy-reference.js';
import type { CopyReference } from './copy-reference.js';
import { DRILL_SHOP, startDrillLoad } from './drill-load.js';
import type { LoadReport } from './drill-load.js';
import { REGIONS, startMoveRig } from './move-rig.js';
import type { MoveRig } from './move-rig.js';

export interface DrillOptions {
  readonly franchises: number;
  /** Concurrent moves per source shard. */
  readonly maxConcurrent: number;
  /** Load generator workers, one request at a time each. */
  readonly workers: number;
  /** Load before the moves start: the "without moves" latency. */
  readonly baselineSeconds: number;
  readonly log: (line: string) => void;
}

export interface DrillReport {
  readonly planned: number;
  readonly results: readonly MoveResult[];
  readonly rebalanceMs: number;
  readonly totalMs: number;
  readonly load: LoadReport;
  readonly latency: { readonly before: Percentiles; readonly during: Percentiles };
  /** Acknowledged bookings not on the final shard exactly once, or in another state than last acknowledged. */
  readonly missingOrDuplicated: number;
  readonly wrongState: number;
  /** Franchise rows left on a shard that is not the franchise's placement. */
  readonly strayRows: number;
  readonly outOfRegion: number;
  readonly replicationLeftovers: readonly string[];
  readonly verifyFailures: readonly FranchiseCheck[];
  readonly copy: { readonly moveRowsPerSecond: number; readonly reference: CopyReference };
  readonly passed: boolean;
}

export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
}

const percentiles = (values: readonly number[]): Percentiles => ({ n: values.length, p50: percentile(values, 50), p99: percentile(values, 99) });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runOneToManyDrill(options: DrillOptions): Promise<DrillReport> {
  const { log } = options;
  const started = Date.now();
  const rig = await startMoveRig(REGIONS.length, { id: 'single', region: 'us-east-1', acceptsAnyRegion: true });
  try {
    log(`drill: ${options.franchises} franchises on one shard, then rebalance into ${REGIONS.length} regions (max ${options.maxConcurrent} concurrent moves per source, ${options.workers} load workers)`);
    const shops: Shop[] = [];
    for (let i = 0; i < options.franchises; i++) {
      const region = REGIONS[i % REGIONS.length] as string;
      shops.push(await makeShop(rig, { ...DRILL_SHOP, shardId: 'single', region, timezone: ZONES[region] as string }));
      if ((i + 1) % Math.max(1, Math.round(options.franchises / 10)) === 0) log(`  seeded ${i + 1}/${options.franchises} franchises`);
    }
    const reference = await copyReference(rig);

    const load = startDrillLoad(rig, shops, options.workers);
    await sleep(options.baselineSeconds * 1000);
    for (const [i, region] of REGIONS.slice(1).entries()) await rig.register(i + 1, { id: `shard-${region}`, region });
    const plan = await rig.mover.planRebalance();
    log(`rebalance: ${plan.length} moves planned`);
    const movesStarted = Date.now();
    let lastLine = 0;
    const results = await rig.mover.runPlan(plan, {
      maxConcurrentPerSource: options.maxConcurrent,
      cleanupGraceMs: 200,
      onCleanup: (c) => {
        if (c.done === c.total || c.done % 100 === 0) log(`  old sources deleted: ${c.done}/${c.total}`);
      },
      onProgress: (o) => {
        if (Date.now() - lastLine < 1_000 && o.done < o.total) return;
        lastLine = Date.now();
        log(`  ${o.percent.toFixed(1)}%  ${o.done}/${o.total} moves done, ${o.running.length} running`);
      },
    });
    const movesEnded = Date.now();
    await sleep(500);
    const report = await load.stop();

    const outcome = await checkOutcome(rig, shops, report);
    const verifyFailures = (await rig.mover.checkAll()).filter((c) => !c.ok);
    const completed = results.filter((r) => r.status === 'completed');
    const copiedRows = completed.reduce((sum, r) => sum + r.rowsCopied, 0);
    const copySeconds = completed.reduce((sum, r) => sum + (r.copyMs ?? 0), 0) / 1000;
    const before = report.samples.filter((s) => s.at < movesStarted).map((s) => s.ms);
    const during = report.samples.filter((s) => s.at >= movesStarted && s.at < movesEnded).map((s) => s.ms);
    const passed =
      report.errors.length === 0 && outcome.missingOrDuplicated === 0 && outcome.wrongState === 0 && outcome.strayRows === 0 && outcome.outOfRegion === 0 && outcome.replicationLeftovers.length === 0 && verifyFailures.length === 0 && completed.length === plan.length;
    return {
      planned: plan.length,
      results,
      rebalanceMs: movesEnded - movesStarted,
      totalMs: Date.now() - started,
      load: report,
      latency: { before: percentiles(before), during: percentiles(during) },
      ...outcome,
      verifyFailures,
      copy: { moveRowsPerSecond: copiedRows / Math.max(copySeconds, 0.001), reference },
      passed,
    };
  } finally {
    await rig.close();
  }
}

const quiet = pino({ level: 'warn' });
const ZONES: Record<string, string> = { 'us-east-1': 'America/New_York', 'us-west-2': 'America/Los_Angeles', 'eu-west-1': 'Europe/Dublin', 'ap-southeast-1': 'Asia/Singapore' };

/** COPY of every franchise row of the single shard to a regional server: what the moves' copies are compared with. */
async function copyReference(rig: MoveRig): Promise<CopyReference> {
  const tables = await franchiseTables(await rig.mover.link('single'));
  // Not registered yet (that comes later in the drill), but the scratch tables are made LIKE its own.
  await migrateShard(rig.shardUrl(1), quiet);
  return measureCopy(rig.shardUrl(0), rig.shardUrl(1), tables);
}

async function checkOutcome(rig: MoveRig, shops: readonly Shop[], load: LoadReport): Promise<Pick<DrillReport, 'missingOrDuplicated' | 'wrongState' | 'strayRows' | 'outOfRegion' | 'replicationLeftovers'>> {
  const franchises = await rig.catalog.selectFrom('franchises').innerJoin('shards', 'shards.id', 'franchises.shard_id').select(['franchises.id', 'franchises.shard_id', 'franchises.region', 'shards.region as shard_region']).execute();
  const placement = new Map(franchises.map((f) => [f.id, f.shard_id]));
  const outOfRegion = franchises.filter((f) => f.region !== f.shard_region).length;
  const shardIds = (await rig.catalog.selectFrom('shards').select('id').execute()).map((s) => s.id);
  let missingOrDuplicated = 0;
  let wrongState = 0;
  let strayRows = 0;
  const leftovers: string[] = [];
  for (const shardId of shardIds) {
    const link = await rig.mover.link(shardId);
    const tables = await franchiseTables(link);
    const objects = await link.query<{ what: string }>(
      `SELECT 'subscription ' || subname AS what FROM pg_subscription UNION ALL SELECT 'publication ' || pubname FROM pg_publication UNION ALL SELECT 'slot ' || slot_name FROM pg_replication_slots`,
    );
    leftovers.push(...objects.map((o) => `${shardId}: ${o.what}`));
    for (const shop of shops) {
      if (placement.get(shop.franchiseId) !== shardId) {
        for (const t of tables) {
          const [row] = await link.query<{ n: string }>(`SELECT count(*) AS n FROM "${t.name}" WHERE franchise_id = $1`, [shop.franchiseId]);
          strayRows += Number(row?.n ?? 0);
        }
        continue;
      }
      const rows = await link.query<{ id: string; status: string; starts_at: Date; n: string }>('SELECT id, status, starts_at, count(*) OVER (PARTITION BY id) AS n FROM appointments WHERE franchise_id = $1', [shop.franchiseId]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const booking of load.bookings.filter((b) => b.franchiseId === shop.franchiseId)) {
        const row = byId.get(booking.id);
        if (!row || row.n !== '1') missingOrDuplicated++;
        else if (row.status !== booking.status || row.starts_at.getTime() !== new Date(booking.start).getTime()) wrongState++;
      }
    }
  }
  return { missingOrDuplicated, wrongState, strayRows, outOfRegion, replicationLeftovers: leftovers };
}
