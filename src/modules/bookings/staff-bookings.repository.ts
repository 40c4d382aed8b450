import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { AppointmentSource, ShardDatabase } from '../../db/shard-schema.js';
import { newId } from '../../db/ids.js';
import { appointmentRow } from '../../shared/appointment-records.repository.js';
import type { NewAppointment } from './bookings.repository.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface ClientRow {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
}

/** The franchise's clients whose name, email or phone contains the text (case-insensitive), best matches first. */
export async function searchClients(db: Db, franchiseId: string, text: string, limit: number): Promise<ClientRow[]> {
  // LIKE's own wildcards in what staff typed are matched literally.
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const pattern = `%${escaped}%`;
  const digits = text.replace(/\D/g, '');
  return db
    .selectFrom('clients')
    .select(['id', 'name', 'email', 'phone'])
    .where('franchise_id', '=', franchiseId)
    .where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('email', 'ilike', pattern),
        // New phones are stored as E.164, older ones as typed ("+1 212 555-0123"): compare digits only.
        ...(digits.length >= 3 ? [eb(sql<string>`regexp_replace(coalesce(phone, ''), '\\D', '', 'g')`, 'like', `%${digits}%`)] : []),
      ]),
    )
    // Names that start with the text first: "Sam" finds Sam Lee before Pam Samuels.
    .orderBy(sql`name ILIKE ${`${escaped}%`}`, 'desc')
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findClient(db: Db, franchiseId: string, clientId: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').select(['id', 'name', 'email', 'phone']).where('franchise_id', '=', franchiseId).where('id', '=', clientId).executeTakeFirst();
}

/** A staff or walk-in appointment; no `given` name: staff picked the client record itself. */
export function insertStaffAppointment(trx: Transaction<ShardDatabase>, a: Omit<NewAppointment, 'given'> & { readonly source: AppointmentSource; readonly seriesId?: string | null }, now: Date) {
  return trx.insertInto('appointments').values(appointmentRow({ ...a, status: 'booked', createdAt: now, updatedAt: now, cancelledAt: null })).execute();
}

export interface NewSeries {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly barberId: string;
  readonly serviceId: string;
  readonly clientId: string;
  readonly everyWeeks: number;
  readonly firstStart: Date;
  readonly occurrences: number;
}

export async function insertSeries(trx: Transaction<ShardDatabase>, s: NewSeries, now: Date): Promise<string> {
  const id = newId();
  await trx
    .insertInto('appointment_series')
    .values({
      franchise_id: s.franchiseId,
      id,
      location_id: s.locationId,
      barber_id: s.barberId,
      service_id: s.serviceId,
      client_id: s.clientId,
      every_weeks: s.everyWeeks,
      first_start: s.firstStart,
      occurrences: s.occurrences,
      created_at: now,
    })
    .execute();
  return id;
}
