import type { Kysely, Transaction } from 'kysely';
import type { LocationAddress, ShardDatabase } from '../../db/shard-schema.js';
import { appointmentRecords } from '../../shared/appointment-records.repository.js';
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

/** One query: the appointment record plus the location's address, the barber's email and the last change. */
export async function readMessageFacts(db: Db, franchiseId: string, appointmentId: string): Promise<MessageFacts | undefined> {
  const row = await appointmentRecords(db, franchiseId)
    .select(['l.address as address', 'b.email as barberEmail', 'a.updated_at as updatedAt'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { address, barberEmail, updatedAt, ...appointment } = row;
  return { appointment, address, barberEmail, updatedAt };
}
