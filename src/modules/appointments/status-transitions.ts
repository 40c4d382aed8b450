import type { AppointmentStatus } from '../../db/shard-schema.js';

/**
 * The one place that says which staff status change is allowed, and when.
 * The service enforces these rules and also hands them to the page
 * (`allowedActions`, `undoableUntil`, `nextActionAt`), so the staff app never
 * decides on its own what may be pressed.
 */

/** Statuses that keep the chair: the appointments_no_overlap constraint covers exactly these. */
export const HOLDS_CHAIR: readonly AppointmentStatus[] = ['booked', 'checked_in', 'completed'];

/** Check-in opens this long before the start: clients arrive a little early. */
export const CHECK_IN_EARLY_MINUTES = 15;

/** A staff status change can be undone for this long after it was made. */
export const UNDO_WINDOW_HOURS = 24;

/**
 * Staff status changes. A visit moves booked → checked_in → completed; a client
 * who never came is a no_show; cancelling is possible until the visit is over.
 * Nothing leaves cancelled, completed or no_show except by undo.
 */
const ALLOWED: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  booked: ['checked_in', 'no_show', 'cancelled'],
  checked_in: ['completed', 'no_show', 'cancelled'],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** What the staff app may offer, in the order it shows them. */
export type StaffAction = 'check_in' | 'complete' | 'no_show' | 'cancel' | 'undo';

export const ACTION_STATUS: Readonly<Record<Exclude<StaffAction, 'undo'>, AppointmentStatus>> = {
  check_in: 'checked_in',
  complete: 'completed',
  no_show: 'no_show',
  cancel: 'cancelled',
};

/** The fields of an appointment the rules read. */
export interface TransitionSubject {
  readonly status: AppointmentStatus;
  readonly startsAt: Date;
  readonly previousStatus: 'booked' | 'checked_in' | null;
  readonly statusChangedAt: Date | null;
}
/** What a barber member may set on their own appointments; cancelling stays with owners and managers. */
export const BARBER_STATUSES: readonly AppointmentStatus[] = ['checked_in', 'completed', 'no_show'];

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function holdsChair(status: AppointmentStatus): boolean {
  return HOLDS_CHAIR.includes(status);
}

/** The first instant a change to `to` is allowed: completed and no-show from the start, check-in a little before. */
export function opensAt(to: AppointmentStatus, startsAt: Date): Date | null {
  if (to === 'checked_in') return new Date(startsAt.getTime() - CHECK_IN_EARLY_MINUTES * 60_000);
  if (to === 'completed' || to === 'no_show') return startsAt;
  return null;
}

export type TransitionRefusal =
  | { readonly reason: 'status'; readonly message: string }
  | { readonly reason: 'too_early'; readonly message: string; readonly opensAt: Date };

/** Why `subject` may not become `to` at `now`, or null when it may. */
export function refuseTransition(subject: TransitionSubject, to: AppointmentStatus, now: Date): TransitionRefusal | null {
  if (!canTransition(subject.status, to)) {
    return { reason: 'status', message: `An appointment that is ${subject.status} cannot become ${to}.` };
  }
  const opens = opensAt(to, subject.startsAt);
  if (opens && now < opens) {
    const when = to === 'checked_in' ? `${CHECK_IN_EARLY_MINUTES} minutes before the start` : 'the start of the appointment';
    return { reason: 'too_early', message: `An appointment can become ${to} only from ${when}.`, opensAt: opens };
  }
  return null;
}

/** Until when the last staff change can be undone (exclusive), or null when there is nothing to undo. */
export function undoableUntil(subject: TransitionSubject, now: Date): Date | null {
  if (subject.previousStatus === null || subject.statusChangedAt === null || subject.status === 'booked') return null;
  const until = new Date(subject.statusChangedAt.getTime() + UNDO_WINDOW_HOURS * 3_600_000);
  return now < until ? until : null;
}

/** Everything staff may do now, computed from the same rules the service enforces. */
export function allowedActions(subject: TransitionSubject, now: Date): StaffAction[] {
  const actions = (Object.keys(ACTION_STATUS) as Exclude<StaffAction, 'undo'>[]).filter((action) => refuseTransition(subject, ACTION_STATUS[action], now) === null);
  return undoableUntil(subject, now) ? [...actions, 'undo'] : actions;
}

/** The next instant at which more actions open (check-in, then completed and no-show), or null when none will. */
export function nextActionAt(subject: TransitionSubject, now: Date): Date | null {
  const upcoming = ALLOWED[subject.status]
    .map((to) => opensAt(to, subject.startsAt))
    .filter((at): at is Date => at !== null && at > now)
    .sort((a, b) => a.getTime() - b.getTime());
  return upcoming[0] ?? null;
}
