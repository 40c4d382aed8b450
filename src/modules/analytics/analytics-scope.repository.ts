import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';

/** What every analytics query is about: one franchise, some of its locations, a period of local dates. */
export interface AnalyticsQuery {
  readonly franchiseId: string;
  readonly locationIds: readonly string[];
  /** First local day, 'YYYY-MM-DD'. */
  readonly from: string;
  /** Last local day (included), 'YYYY-MM-DD'. */
  readonly to: string;
  readonly bucketDays: number;
  readonly now: Date;
}

export interface ScopeLocationRow {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly timezone: string;
  readonly currency: string;
  readonly period_start: Date;
  readonly period_end: Date;
  /** Days of the period that have begun by now in the location's zone (today included). */
  readonly elapsed_days: number;
}

export interface ScopeBarberRow {
  readonly id: string;
  readonly location_id: string;
  readonly name: string;
  readonly is_active: boolean;
}

// `date::timestamp AT TIME ZONE zone` reads the wall-clock midnight in that zone, DST included:
// a 23-hour or 25-hour day keeps its real length. https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-ZONECONVERT
const periodStart = (q: Pick<AnalyticsQuery, 'from'>, zone: RawBuilder<unknown>): RawBuilder<Date> =>
  sql<Date>`(${q.from}::date)::timestamp AT TIME ZONE ${zone}`;
const periodEnd = (q: Pick<AnalyticsQuery, 'to'>, zone: RawBuilder<unknown>): RawBuilder<Date> =>
  sql<Date>`(${q.to}::date + 1)::timestamp AT TIME ZONE ${zone}`;

/**
 * The `scope` CTE shared by the aggregate queries: one row per location in the
 * report with the period's bounds as instants in that location's zone.
 */
export function scopeCte(q: AnalyticsQuery): RawBuilder<unknown> {
  const zone = sql.ref('l.timezone');
  return sql`scope AS (
    SELECT l.id AS location_id, l.timezone, ${periodStart(q, zone)} AS period_start, ${periodEnd(q, zone)} AS period_end
    FROM locations l
    WHERE l.franchise_id = ${q.franchiseId} AND l.id = ANY(${[...q.locationIds]}::uuid[])
  )`;
}

/** Every location of the franchise with its period bounds; the service narrows it to what the caller may see. */
export async function listScopeLocations(db: Kysely<ShardDatabase>, q: Omit<AnalyticsQuery, 'locationIds' | 'bucketDays'>): Promise<ScopeLocationRow[]> {
  const zone = sql.ref('timezone');
  return db
    .selectFrom('locations')
    .select(['id', 'name', 'slug', 'timezone', 'currency'])
    .select([
      periodStart(q, zone).as('period_start'),
      periodEnd(q, zone).as('period_end'),
      sql<number>`greatest(0, least(${q.to}::date, (${q.now.toISOString()}::timestamptz AT TIME ZONE timezone)::date) - ${q.from}::date + 1)`.as(
        'elapsed_days',
      ),
    ])
    .where('franchise_id', '=', q.franchiseId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function listScopeBarbers(db: Kysely<ShardDatabase>, franchiseId: string, locationIds: readonly string[]): Promise<ScopeBarberRow[]> {
  if (locationIds.length === 0) return [];
  return db
    .selectFrom('barbers')
    .select(['id', 'location_id', 'name', 'is_active'])
    .where('franchise_id', '=', franchiseId)
    .where('location_id', 'in', locationIds)
    .orderBy('name')
    .orderBy('id')
    .execute();
}
