import type { Kysely, Transaction } from 'kysely';
import type { LocationAddress, ShardDatabase } from '../../db/shard-schema.js';
import { findAppointment } from '../../shared/appointment-records.repository.js';
import type { AppointmentRecord } from '../../shared/appointment-records.repository.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

/** Everything a message about a booking says, read at send time. */
export interface MessageFacts {
  readonly appointment: AppointmentRecord;
  readonly address: LocationAddress | null;
  readonly barberEmail: string | null;
  readonly updatedAt: Date;
}

export async function findBarberEmail(db: Db, franchiseId: string, barberId: string): Promise<string | null> {
  const row = await db.selectFrom('barbers').select('email').where('franchise_id', '=', franchiseId).where('id', '=', barberId).executeTakeFirst();
  return row?.email ?? null;
}

export async function readMessageFacts(db: Db, franchiseId: string, appointmentId: string): Promise<MessageFacts | undefined> {
  const appointment = await findAppointment(db, franchiseId, appointmentId);
  if (!appointment) return undefined;
  const extra = await db
    .selectFrom('appointments as a')
    .innerJoin('locations as l', (join) => join.onRef('l.franchise_id', '=', 'a.franchise_id').onRef('l.id', '=', 'a.location_id'))
    .innerJoin('barbers as b', (join) => join.onRef('b.franchise_id', '=', 'a.franchise_id').onRef('b.id', '=', 'a.barber_id'))
    .select(['l.address', 'b.email', 'a.updated_at'])
    .where('a.franchise_id', '=', franchiseId)
    .where('a.id', '=', appointmentId)
    .executeTakeFirstOrThrow();
  return { appointment, address: extra.address, barberEmail: extra.email, updatedAt: extra.updated_at };
}
