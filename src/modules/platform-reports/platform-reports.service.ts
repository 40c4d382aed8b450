import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { invalid } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService } from '../access/access.service.js';
import type { FranchiseTotals } from './shard-totals.repository.js';
import { shardTotals, listFranchisePlacements } from './shard-totals.repository.js';

export interface MoneyTotal {
  readonly currency: string;
  readonly cents: number;
}

export interface GroupTotals {
  readonly franchises: number;
  readonly bookings: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly revenue: MoneyTotal[];
}

export interface PlatformReport {
  readonly from: string;
  readonly to: string;
  /** True when at least one shard did not answer in time: the totals leave its franchises out. */
  readonly partial: boolean;
  readonly missingShards: { readonly shardId: string; readonly region: string; readonly reason: string }[];
  readonly byRegion: (GroupTotals & { readonly region: string })[];
  readonly byShard: (GroupTotals & { readonly shardId: string; readonly region: string; readonly answered: boolean })[];
  readonly totals: GroupTotals;
}

const MAX_RANGE_MS = 400 * 86_400_000;

export interface PlatformReportsDeps {
  readonly access: AccessService;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly router: ShardRouter;
  readonly shardTimeoutMs: number;
}

/**
 * Fleet-wide numbers (issue 3, "cross-shard reports"): every shard is asked in
 * parallel with a deadline; a shard that does not answer in time is listed and
 * the report says it is partial instead of failing.
 */
export class PlatformReportsService {
  constructor(private readonly deps: PlatformReportsDeps) {}

  async summary(ctx: RequestContext, range: { from: Date; to: Date }): Promise<PlatformReport> {
    await this.deps.access.requirePlatformAdmin(ctx);
    return this.build(range);
  }

  /** For the CLI, which runs as the operator. */
  async build({ from, to }: { from: Date; to: Date }): Promise<PlatformReport> {
    if (!(to > from)) throw invalid('to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw invalid('to', 'the range may span at most 400 days');

    const [shards, franchises] = await Promise.all([
      this.deps.router.shards(),
      listFranchisePlacements(this.deps.catalog),
    ]);
    const regionOf = new Map(franchises.map((f) => [f.id, f.region]));
    const answers = await Promise.all(
      shards.map(async (shard) => {
        try {
          const { db } = await this.deps.router.shard(shard.id);
          const rows = await withDeadline(shardTotals(db, from, to, this.deps.shardTimeoutMs), this.deps.shardTimeoutMs);
          return { shard, rows, error: undefined };
        } catch (error) {
          return { shard, rows: [] as FranchiseTotals[], error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );

    const byRegion = new Map<string, Accumulator>();
    const byShard: PlatformReport['byShard'] = [];
    const total = new Accumulator();
    for (const { shard, rows, error } of answers) {
      const shardAcc = new Accumulator();
      for (const f of franchises) if (f.shardId === shard.id) shardAcc.franchiseIds.add(f.id);
      for (const row of rows) {
        const region = regionOf.get(row.franchiseId) ?? 'unknown';
        if (!byRegion.has(region)) byRegion.set(region, new Accumulator());
        for (const acc of [shardAcc, byRegion.get(region) as Accumulator, total]) acc.add(row);
      }
      byShard.push({ shardId: shard.id, region: shard.region, answered: error === undefined, ...shardAcc.result() });
    }
    for (const f of franchises) {
      if (!byRegion.has(f.region)) byRegion.set(f.region, new Accumulator());
      (byRegion.get(f.region) as Accumulator).franchiseIds.add(f.id);
      total.franchiseIds.add(f.id);
    }
    const missingShards = answers.filter((a) => a.error !== undefined).map((a) => ({ shardId: a.shard.id, region: a.shard.region, reason: a.error as string }));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      partial: missingShards.length > 0,
      missingShards,
      byRegion: [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, acc]) => ({ region, ...acc.result() })),
      byShard,
      totals: total.result(),
    };
  }
}

class Accumulator {
  readonly franchiseIds = new Set<string>();
  private bookings = 0;
  private completed = 0;
  private cancelled = 0;
  private readonly revenue = new Map<string, number>();

  add(row: FranchiseTotals): void {
    this.franchiseIds.add(row.franchiseId);
    this.bookings += row.bookings;
    this.completed += row.completed;
    this.cancelled += row.cancelled;
    this.revenue.set(row.currency, (this.revenue.get(row.currency) ?? 0) + row.revenueCents);
  }

  result(): GroupTotals {
    return {
      franchises: this.franchiseIds.size,
      bookings: this.bookings,
      completed: this.completed,
      cancelled: this.cancelled,
      revenue: [...this.revenue.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cents]) => ({ currency, cents })),
    };
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
