import type { Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { newId } from '../../db/ids.js';
import { appointmentRow } from '../../shared/appointment-records.repository.js';
import type { AppointmentFields } from '../../shared/appointment-records.repository.js';

export interface ClientInput {
  readonly franchiseId: string;
  /** Lower-cased already. */
  readonly email: string;
  readonly name: string;
  readonly phone: string | null;
}

/** One client per franchise and email: a returning client keeps their id; name and phone follow the latest booking. */
export async function upsertClient(trx: Transaction<ShardDatabase>, client: ClientInput, now: Date): Promise<string> {
  const row = await trx
    .insertInto('clients')
    .values({ franchise_id: client.franchiseId, id: newId(), email: client.email, name: client.name, phone: client.phone, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['franchise_id', 'email']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        // A booking without a phone number does not erase the one we have.
        phone: eb.fn.coalesce('excluded.phone', 'clients.phone'),
        updated_at: now,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type NewAppointment = Omit<AppointmentFields, 'status' | 'source' | 'createdAt' | 'updatedAt' | 'cancelledAt'>;

/** The booking insert. The exclusion constraint appointments_no_overlap rejects a lost race with 23P01. */
export function insertAppointmentQuery(trx: Transaction<ShardDatabase>, a: NewAppointment, now: Date) {
  return trx.insertInto('appointments').values(appointmentRow({ ...a, status: 'booked', source: 'online', createdAt: now, updatedAt: now, cancelledAt: null }));
}

export interface Move {
  readonly barberId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly blockedUntil: Date;
}

/** Reschedule is this one UPDATE of the same row: the old time is released exactly when the new one is taken. */
export async function moveAppointment(trx: Transaction<ShardDatabase>, franchiseId: string, id: string, move: Move, now: Date): Promise<void> {
  await trx
    .updateTable('appointments')
    .set({ barber_id: move.barberId, starts_at: move.startsAt, ends_at: move.endsAt, blocked_until: move.blockedUntil, updated_at: now })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', id)
    .execute();
}
