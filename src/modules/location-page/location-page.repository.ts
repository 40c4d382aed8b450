import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { LocationAddress, ShardDatabase } from '../../db/shard-schema.js';
import { weeklyHoursOfB } from '../../shared/schedule-columns.js';

export interface LocationPageRow {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly timezone: string;
  readonly currency: string;
  readonly address: LocationAddress | null;
  readonly minNoticeMinutes: number;
  readonly horizonDays: number;
  readonly cancellationWindowHours: number;
  readonly slotStepMinutes: number;
  readonly services: readonly {
    readonly id: string;
    readonly name: string;
    readonly durationMinutes: number;
    readonly bufferMinutes: number;
    readonly priceCents: number;
    readonly depositCents: number;
  }[];
  readonly barbers: readonly {
    readonly id: string;
    readonly name: string;
    readonly serviceIds: readonly string[];
    /** [weekday, 'HH:MM:SS', 'HH:MM:SS'] */
    readonly weekly: readonly (readonly [number, string, string])[];
  }[];
}

/** The public page of one location in one statement: active services, active barbers, their hours. */
export async function findLocationPage(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string): Promise<LocationPageRow | undefined> {
  const row = await db
    .selectFrom('locations as l')
    .where('l.franchise_id', '=', franchiseId)
    .where('l.id', '=', locationId)
    .select((eb) => [
      'l.id',
      'l.slug',
      'l.name',
      'l.timezone',
      'l.currency',
      'l.address',
      'l.min_notice_minutes as minNoticeMinutes',
      'l.horizon_days as horizonDays',
      'l.cancellation_window_hours as cancellationWindowHours',
      'l.slot_step_minutes as slotStepMinutes',
      jsonArrayFrom(
        eb
          .selectFrom('services as s')
          .whereRef('s.franchise_id', '=', 'l.franchise_id')
          .whereRef('s.location_id', '=', 'l.id')
          .where('s.is_active', '=', true)
          .select([
            's.id',
            's.name',
            's.duration_minutes as durationMinutes',
            's.buffer_minutes as bufferMinutes',
            's.price_cents as priceCents',
            's.deposit_cents as depositCents',
          ])
          .orderBy('s.sort_order')
          .orderBy('s.name')
          .orderBy('s.id'),
      ).as('services'),
      jsonArrayFrom(
        eb
          .selectFrom('barbers as b')
          .whereRef('b.franchise_id', '=', 'l.franchise_id')
          .whereRef('b.location_id', '=', 'l.id')
          .where('b.is_active', '=', true)
          .select((inner) => [
            'b.id',
            'b.name',
            inner
              .selectFrom('barber_services as bs')
              .innerJoin('services as s', (join) => join.onRef('s.franchise_id', '=', 'bs.franchise_id').onRef('s.id', '=', 'bs.service_id'))
              .whereRef('bs.franchise_id', '=', 'b.franchise_id')
              .whereRef('bs.barber_id', '=', 'b.id')
              .where('s.is_active', '=', true)
              .whereRef('s.location_id', '=', 'b.location_id')
              .select(sql<string[]>`coalesce(json_agg(s.id ORDER BY s.sort_order, s.name, s.id), '[]')`.as('ids'))
              .as('serviceIds'),
            weeklyHoursOfB.as('weekly'),
          ])
          .orderBy('b.name')
          .orderBy('b.id'),
      ).as('barbers'),
    ])
    .executeTakeFirst();
  return row as LocationPageRow | undefined;
}
