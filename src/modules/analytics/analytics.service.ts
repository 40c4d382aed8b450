import type { ShardRouter } from '../../db/shard-router.js';
import { notFound } from '../../errors/domain-error.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService } from '../access/access.service.js';
import { MANAGERS, canSeeLocation, requireLocation } from '../access/access.service.js';
import { aggregateHours } from './analytics-hours.repository.js';
import { parsePeriod, previousPeriod } from './analytics-period.js';
import type { Period } from './analytics-period.js';
import { toReport, withPrevious } from './analytics-report.mapper.js';
import type { AnalyticsQuery, ScopeLocationRow } from './analytics-scope.repository.js';
import type { Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { listScopeBarbers, listScopeLocations } from './analytics-scope.repository.js';
import { aggregateCounts, aggregateMoney, aggregateSeries } from './analytics-visits.repository.js';
import type { AnalyticsReport } from './analytics.schemas.js';

export interface ReportInput {
  readonly from: string;
  readonly to: string;
  readonly locationId?: string | undefined;
}

export interface AnalyticsDeps {
  readonly access: AccessService;
  readonly router: ShardRouter;
  readonly clock: Clock;
}

/** The owner's numbers (DESIGN.md section 1) for a franchise or one of its locations. */
export class AnalyticsService {
  constructor(private readonly deps: AnalyticsDeps) {}

  /**
   * Owners and managers only. A manager scoped to some locations sees those:
   * 403 for another of the franchise's locations, and the franchise-wide view
   * covers only theirs. A location of another franchise is 404.
   */
  async report(ctx: RequestContext, franchiseId: string, input: ReportInput): Promise<AnalyticsReport> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const period = parsePeriod(input.from, input.to);
    const now = this.deps.clock.now();
    const { db } = await this.deps.router.primaryFor(franchiseId);

    // One read-only snapshot: the six aggregates describe the same moment, so the numbers add up.
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const all = await listScopeLocations(trx, { franchiseId, from: period.from, to: period.to, now });
        if (input.locationId !== undefined) {
          if (!all.some((location) => location.id === input.locationId)) throw notFound('location');
          requireLocation(access, input.locationId);
        }
        const locations = all.filter((location) => (input.locationId === undefined ? canSeeLocation(access, location.id) : location.id === input.locationId));
        const current = await this.aggregate(trx, franchiseId, input.locationId ?? null, period, locations, now);
        // Each number beside the same length of time just before, from the same snapshot.
        const before = previousPeriod(period);
        if (before === null) return withPrevious(current, null);
        const earlier = await listScopeLocations(trx, { franchiseId, from: before.from, to: before.to, now });
        const visible = new Set(locations.map((location) => location.id));
        const previous = await this.aggregate(trx, franchiseId, input.locationId ?? null, before, earlier.filter((location) => visible.has(location.id)), now);
        return withPrevious(current, previous);
      });
  }

  private async aggregate(
    trx: Transaction<ShardDatabase>,
    franchiseId: string,
    locationId: string | null,
    period: Period,
    locations: readonly ScopeLocationRow[],
    now: Date,
  ): Promise<AnalyticsReport> {
    const query: AnalyticsQuery = {
      franchiseId,
      locationIds: locations.map((location) => location.id),
      from: period.from,
      to: period.to,
      bucketDays: period.bucketDays,
      now,
    };
    const barbers = await listScopeBarbers(trx, franchiseId, query.locationIds);
    const counts = await aggregateCounts(trx, query);
    const money = await aggregateMoney(trx, query);
    const series = await aggregateSeries(trx, query);
    const hours = await aggregateHours(trx, query);
    return toReport(franchiseId, locationId, period, { locations, barbers, counts, money, series, hours });
  }
}
