import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AppointmentSource, AppointmentStatus, AppointmentsTable, ShardDatabase } from '../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

// An appointment as the staff calendar and the client's manage link both read it.

/** An appointment as written: by a booking, a staff action or an import. */
export interface AppointmentFields {
  readonly franchiseId: string;
  readonly id: string;
  readonly locationId: string;
  readonly barberId: string;
  readonly serviceId: string;
  readonly clientId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly blockedUntil: Date;
  readonly status: AppointmentStatus;
  readonly priceCents: number;
  readonly depositCents: number;
  readonly currency: string;
  readonly notes: string | null;
  readonly source: AppointmentSource;
  /** Set on the occurrences of a repeating appointment. */
  readonly seriesId?: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly cancelledAt: Date | null;
  /** Online bookings keep what the person typed; others leave it out. */
  readonly given?: { readonly name: string; readonly phone: string | null };
}

/** An appointment with what a calendar or a manage page shows next to it. */
export interface AppointmentRecord extends Omit<AppointmentFields, 'updatedAt' | 'given'> {
  readonly locationSlug: string;
  readonly locationName: string;
  readonly timezone: string;
  readonly cancellationWindowHours: number;
  readonly barberName: string;
  readonly serviceName: string;
  readonly clientName: string;
  readonly clientEmail: string;
  readonly clientPhone: string | null;
  /** The name and phone given with this booking (online bookings only). */
  readonly givenName: string | null;
  readonly givenPhone: string | null;
  /** The status before the last staff change and when that change was made: what an undo needs. */
  readonly previousStatus: 'booked' | 'checked_in' | null;
  readonly statusChangedAt: Date | null;
  readonly cancellationReason: string | null;
}

export function appointmentRecords(db: Db, franchiseId: string) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('locations as l', (join) => join.onRef('l.franchise_id', '=', 'a.franchise_id').onRef('l.id', '=', 'a.location_id'))
    .innerJoin('barbers as b', (join) => join.onRef('b.franchise_id', '=', 'a.franchise_id').onRef('b.id', '=', 'a.barber_id'))
    .innerJoin('services as s', (join) => join.onRef('s.franchise_id', '=', 'a.franchise_id').onRef('s.id', '=', 'a.service_id'))
    .innerJoin('clients as c', (join) => join.onRef('c.franchise_id', '=', 'a.franchise_id').onRef('c.id', '=', 'a.client_id'))
    .where('a.franchise_id', '=', franchiseId)
    .select([
      'a.id',
      'a.franchise_id as franchiseId',
      'a.location_id as locationId',
      'a.barber_id as barberId',
      'a.service_id as serviceId',
      'a.client_id as clientId',
      'a.starts_at as startsAt',
      'a.ends_at as endsAt',
      'a.blocked_until as blockedUntil',
      'a.status',
      'a.price_cents as priceCents',
      'a.deposit_cents as depositCents',
      'a.currency',
      'a.notes',
      'a.source',
      'a.created_at as createdAt',
      'a.cancelled_at as cancelledAt',
      'l.slug as locationSlug',
      'l.name as locationName',
      'l.timezone',
      'l.cancellation_window_hours as cancellationWindowHours',
      'b.name as barberName',
      's.name as serviceName',
      'c.name as clientName',
      'c.email as clientEmail',
      'c.phone as clientPhone',
      'a.client_name as givenName',
      'a.client_phone as givenPhone',
      'a.previous_status as previousStatus',
      'a.status_changed_at as statusChangedAt',
      'a.cancellation_reason as cancellationReason',
    ]);
}

/**
 * One appointment; `forUpdate` locks its row until the transaction ends
 * (status changes, moves). It locks the appointment row alone first, then
 * reads the joined record: a FOR UPDATE across joins that waits for a concurrent change
 * rechecks the new row against the old joined rows, and a booking moved to
 * another barber would vanish from the answer (a false 404).
 */
export async function findAppointment(db: Db, franchiseId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<AppointmentRecord | undefined> {
  if (options.forUpdate === true) {
    const locked = await db.selectFrom('appointments').select('id').where('franchise_id', '=', franchiseId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) return undefined;
  }
  return appointmentRecords(db, franchiseId).where('a.id', '=', id).executeTakeFirst();
}

/** A status change with nothing to undo (a client's own cancellation): it also ends any staff undo. */
export async function setStatus(db: Db, franchiseId: string, id: string, status: AppointmentStatus, now: Date): Promise<void> {
  await db
    .updateTable('appointments')
    .set({ status, updated_at: now, previous_status: null, status_changed_at: now, ...(status === 'cancelled' && { cancelled_at: now }) })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', id)
    .execute();
}


/** The one column list of an appointment insert. */
export function appointmentRow(a: AppointmentFields): Insertable<AppointmentsTable> {
  return {
    franchise_id: a.franchiseId,
    id: a.id,
    location_id: a.locationId,
    barber_id: a.barberId,
    service_id: a.serviceId,
    client_id: a.clientId,
    starts_at: a.startsAt,
    ends_at: a.endsAt,
    blocked_until: a.blockedUntil,
    status: a.status,
    price_cents: a.priceCents,
    deposit_cents: a.depositCents,
    currency: a.currency,
    notes: a.notes,
    source: a.source,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    // Omitted when null, so the booking insert (pinned in availability.sql.test.ts) stays as it was.
    ...(a.cancelledAt !== null && { cancelled_at: a.cancelledAt }),
    ...(a.given && { client_name: a.given.name, client_phone: a.given.phone }),
    ...(a.seriesId && { series_id: a.seriesId }),
  };
}
