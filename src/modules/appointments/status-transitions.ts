import type { AppointmentStatus } from '../../db/shard-schema.js';

/** Statuses that keep the chair: the appointments_no_overlap constraint covers exactly these. */
export const HOLDS_CHAIR: readonly AppointmentStatus[] = ['booked', 'checked_in', 'completed'];

/**
 * Staff status changes. A visit moves booked → checked_in → completed; a client
 * who never came is a no_show; cancelling is possible until the visit is over.
 * Nothing leaves cancelled, completed or no_show.
 */
const ALLOWED: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  booked: ['checked_in', 'no_show', 'cancelled'],
  checked_in: ['completed', 'no_show', 'cancelled'],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** What a barber member may set on their own appointments; cancelling stays with owners and managers. */
export const BARBER_STATUSES: readonly AppointmentStatus[] = ['checked_in', 'completed', 'no_show'];

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function holdsChair(status: AppointmentStatus): boolean {
  return HOLDS_CHAIR.includes(status);
}
