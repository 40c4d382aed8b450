import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { weeklyHoursOfB } from '../../shared/schedule-columns.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface WindowQuery {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly serviceId: string;
  /** One barber, or every active barber of the location who performs the service. */
  readonly barberId: string | null;
  /** Time off and appointments overlapping [fromMs, toMs) are loaded. */
  readonly fromMs: number;
  readonly toMs: number;
  /** On reschedule: the appointment being moved does not block itself. */
  readonly excludeAppointmentId: string | null;
}

export interface WindowLocation {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly timezone: string;
  readonly currency: string;
  readonly minNoticeMinutes: number;
  readonly horizonDays: number;
  readonly cancellationWindowHours: number;
  readonly slotStepMinutes: number;
}

export interface WindowService {
  readonly id: string;
  readonly name: string;
  readonly durationMinutes: number;
  readonly bufferMinutes: number;
  readonly priceCents: number;
  readonly depositCents: number;
  readonly isActive: boolean;
}

export interface WindowBarber {
  readonly id: string;
  readonly name: string;
  readonly performsService: boolean;
  /** [weekday, 'HH:MM:SS', 'HH:MM:SS'] */
  readonly weekly: readonly (readonly [number, string, string])[];
  /** [startMs, endMs] */
  readonly timeOff: readonly (readonly [number, number])[];
  /** [starts_at ms, blocked_until ms] of chair-holding appointments */
  readonly busy: readonly (readonly [number, number])[];
}

export interface WindowData {
  readonly location: WindowLocation;
  readonly service: WindowService | null;
  readonly barbers: readonly WindowBarber[];
}

// Statuses that hold the chair: the same list as the exclusion constraint's WHERE, written as
// literals so the planner can prove the partial GiST index's predicate.
const HOLDS_CHAIR = sql<boolean>`a.status IN ('booked', 'checked_in', 'completed')`;

const epochMs = (column: string) => sql<number>`(date_part('epoch', ${sql.ref(column)}) * 1000)::bigint`;

/**
 * Everything the slot engine needs for one location, service and window, in ONE
 * statement: the location's rules, the service, and per candidate barber the weekly
 * hours, time off and chair-holding appointments (json sub-selects). Appointments are
 * found with the exclusion constraint's own GiST index (franchise_id, barber_id, range).
 */
export function windowQuery(db: Db, q: WindowQuery) {
  const from = new Date(q.fromMs);
  const to = new Date(q.toMs);
  const performsService = sql<boolean>`EXISTS (SELECT 1 FROM barber_services bs
    WHERE bs.franchise_id = b.franchise_id AND bs.barber_id = b.id AND bs.service_id = ${q.serviceId})`;
  const barbers = db
    .selectFrom('barbers as b')
    .where('b.franchise_id', '=', q.franchiseId)
    .where('b.location_id', '=', q.locationId)
    .where('b.is_active', '=', true)
    .$if(q.barberId !== null, (qb) => qb.where('b.id', '=', q.barberId as string))
    .select((eb) => [
      'b.id',
      'b.name',
      performsService.as('performsService'),
      weeklyHoursOfB.as('weekly'),
      eb
        .selectFrom('time_off as t')
        .where('t.franchise_id', '=', q.franchiseId)
        .whereRef('t.barber_id', '=', 'b.id')
        .where('t.starts_at', '<', to)
        .where('t.ends_at', '>', from)
        .select(sql<[number, number][]>`coalesce(json_agg(json_build_array(${epochMs('t.starts_at')}, ${epochMs('t.ends_at')})), '[]')`.as('timeOff'))
        .as('timeOff'),
      eb
        .selectFrom('appointments as a')
        .where('a.franchise_id', '=', q.franchiseId)
        .whereRef('a.barber_id', '=', 'b.id')
        .where(HOLDS_CHAIR)
        .where(sql<boolean>`tstzrange(a.starts_at, a.blocked_until) && tstzrange(${from}, ${to})`)
        .$if(q.excludeAppointmentId !== null, (qb) => qb.where('a.id', '<>', q.excludeAppointmentId as string))
        .select(sql<[number, number][]>`coalesce(json_agg(json_build_array(${epochMs('a.starts_at')}, ${epochMs('a.blocked_until')})), '[]')`.as('busy'))
        .as('busy'),
    ])
    // A named barber is loaded even without the service, so the caller can say why it is refused.
    .$if(q.barberId === null, (qb) => qb.where(performsService))
    .orderBy('b.name')
    .orderBy('b.id');

  return db
    .selectFrom('locations as l')
    .where('l.franchise_id', '=', q.franchiseId)
    .where('l.id', '=', q.locationId)
    .select((eb) => [
      'l.id',
      'l.slug',
      'l.name',
      'l.timezone',
      'l.currency',
      'l.min_notice_minutes as minNoticeMinutes',
      'l.horizon_days as horizonDays',
      'l.cancellation_window_hours as cancellationWindowHours',
      'l.slot_step_minutes as slotStepMinutes',
      jsonObjectFrom(
        eb
          .selectFrom('services as s')
          .whereRef('s.franchise_id', '=', 'l.franchise_id')
          .whereRef('s.location_id', '=', 'l.id')
          .where('s.id', '=', q.serviceId)
          .select([
            's.id',
            's.name',
            's.duration_minutes as durationMinutes',
            's.buffer_minutes as bufferMinutes',
            's.price_cents as priceCents',
            's.deposit_cents as depositCents',
            's.is_active as isActive',
          ]),
      ).as('service'),
      sql<WindowBarber[]>`(SELECT coalesce(json_agg(candidates), '[]') FROM (${barbers}) AS candidates)`.as('barbers'),
    ]);
}

export async function loadWindow(db: Db, q: WindowQuery): Promise<WindowData | undefined> {
  const row = await windowQuery(db, q).executeTakeFirst();
  if (!row) return undefined;
  const { service, barbers, ...location } = row;
  return { location, service: service as WindowService | null, barbers };
}
