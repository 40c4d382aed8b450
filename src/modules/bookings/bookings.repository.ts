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

/**
 * One client per franchise and email. A new email makes the record; a known one
 * reuses it untouched: anyone can book anonymously with any email, so a booking
 * never rewrites an existing client's name or phone (issue 11 item 4). What this
 * booking gave is kept on the appointment instead.
 */
export async function findOrCreateClient(trx: Transaction<ShardDatabase>, client: ClientInput, now: Date): Promise<string> {
  const created = await trx
    .insertInto('clients')
    .values({ franchise_id: client.franchiseId, id: newId(), email: client.email, name: client.name, phone: client.phone, updated_at: now })
    .onConflict((oc) => oc.columns(['franchise_id', 'email']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (created) return created.id;
  // The conflicting row is committed (or ours, earlier in this transaction): visible to this read.
  const existing = await trx
    .selectFrom('clients')
    .select('id')
    .where('franchise_id', '=', client.franchiseId)
    .where('email', '=', client.email)
    .executeTakeFirstOrThrow();
  return existing.id;
}

export type NewAppointment = Omit<AppointmentFields, 'status' | 'source' | 'createdAt' | 'updatedAt' | 'cancelledAt' | 'given'> & {
  /** The name and phone given with this booking. */
  readonly given: { readonly name: string; readonly phone: string | null };
};

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
