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

    // The catalog's placements are read while the shards answer: at 100,000 franchises each takes a noticeable while.
    const franchisesRead = listFranchisePlacements(this.deps.catalog);
    const shards = await this.deps.router.shards();
    const answersRead = Promise.all(
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
    const [franchises, answers] = await Promise.all([franchisesRead, answersRead]);

    // Franchises are counted from their placements, plus those found on a shard they are not placed on (a copy a
    // move has not cleaned up yet) or unknown to the catalog: a few ids in sets, not every id three times over.
    const placementOf = new Map<string, { readonly region: string; readonly shardId: string }>();
    const placedOn = new Map<string, number>();
    const byRegion = new Map<string, Accumulator>();
    const regionTotals = (region: string): Accumulator => {
      const known = byRegion.get(region);
      if (known) return known;
      const created = new Accumulator();
      byRegion.set(region, created);
      return created;
    };
    const total = new Accumulator();
    for (const f of franchises) {
      placementOf.set(f.id, f);
      placedOn.set(f.shardId, (placedOn.get(f.shardId) ?? 0) + 1);
      regionTotals(f.region).placed++;
      total.placed++;
    }
    const byShard: PlatformReport['byShard'] = [];
    for (const { shard, rows, error } of answers) {
      const onShard = new Accumulator();
      onShard.placed = placedOn.get(shard.id) ?? 0;
      for (const row of rows) {
        const placement = placementOf.get(row.franchiseId);
        const region = regionTotals(placement?.region ?? 'unknown');
        if (placement?.shardId !== shard.id) onShard.others.add(row.franchiseId);
        if (!placement) {
          region.others.add(row.franchiseId);
          total.others.add(row.franchiseId);
        }
        onShard.add(row);
        region.add(row);
        total.add(row);
      }
      byShard.push({ shardId: shard.id, region: shard.region, answered: error === undefined, ...onShard.result() });
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
  /** Franchises the catalog places here. */
  placed = 0;
  /** Franchises with rows here that the catalog places elsewhere, or not at all. */
  readonly others = new Set<string>();
  private bookings = 0;
  private completed = 0;
  private cancelled = 0;
  private readonly revenue = new Map<string, number>();

  add(row: FranchiseTotals): void {
    this.bookings += row.bookings;
    this.completed += row.completed;
    this.cancelled += row.cancelled;
    this.revenue.set(row.currency, (this.revenue.get(row.currency) ?? 0) + row.revenueCents);
  }

  result(): GroupTotals {
    return {
      franchises: this.placed + this.others.size,
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
