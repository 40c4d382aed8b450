import type { Kysely, Transaction } from 'kysely';
import type { AppointmentStatus, ShardDatabase } from '../../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export interface StaffStatusChange {
  readonly status: AppointmentStatus;
  /** The status it leaves: kept so the change can be undone. */
  readonly from: 'booked' | 'checked_in';
  readonly reason: string | null;
  readonly now: Date;
}

/** A staff status change: remembers the status before it, for the undo window. */
export async function applyStaffStatus(db: Db, franchiseId: string, id: string, change: StaffStatusChange): Promise<void> {
  const cancelled = change.status === 'cancelled';
  await db
    .updateTable('appointments')
    .set({
      status: change.status,
      previous_status: change.from,
      status_changed_at: change.now,
      updated_at: change.now,
      ...(cancelled && { cancelled_at: change.now, cancellation_reason: change.reason }),
    })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', id)
    .execute();
}

/**
 * Puts back the status before the last staff change. The undo itself cannot be
 * undone (previous_status is cleared). Bringing back a cancelled or no-show
 * appointment takes the chair again: the exclusion constraint refuses it when
 * the time was booked meanwhile.
 */
export async function restoreStatus(db: Db, franchiseId: string, id: string, to: 'booked' | 'checked_in', now: Date): Promise<void> {
  await db
    .updateTable('appointments')
    .set({ status: to, previous_status: null, status_changed_at: now, updated_at: now, cancelled_at: null, cancellation_reason: null })
    .where('franchise_id', '=', franchiseId)
    .where('id', '=', id)
    .execute();
}
