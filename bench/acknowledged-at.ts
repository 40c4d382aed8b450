import type { WriteEvent } from './drill-load.js';

export interface BookingState {
  readonly status: string;
  readonly start: string;
}

export interface StateAt {
  /** Bookings whose creation was acknowledged by `at`, with their state then; undefined where it cannot be known (see below). */
  readonly expected: ReadonlyMap<string, BookingState | undefined>;
  /** Bookings created by requests sent after `at`: a restore to `at` must not have them. */
  readonly later: ReadonlySet<string>;
}

/**
 * What the clients had been told by instant `at`, per booking. A booking's
 * state is unknown when a write to it was in flight at `at` (its commit may
 * fall either side) or when two of its writes overlapped in time (their
 * commit order need not be their answer order); such bookings are checked for
 * existence only.
 */
export function acknowledgedAt(events: readonly WriteEvent[], at: number): StateAt {
  const byBooking = new Map<string, WriteEvent[]>();
  for (const event of events) byBooking.set(event.booking.id, [...(byBooking.get(event.booking.id) ?? []), event]);
  const expected = new Map<string, BookingState | undefined>();
  const later = new Set<string>();
  for (const [id, list] of byBooking) {
    const creation = list.find((e) => e.kind === 'book');
    if (!creation) continue;
    if (creation.sentAt > at) {
      later.add(id);
      continue;
    }
    if (creation.ackedAt > at) continue; // in flight at `at`: either answer is right
    const sorted = [...list].sort((a, b) => a.sentAt - b.sentAt);
    const inFlight = sorted.some((e) => e.sentAt <= at && e.ackedAt > at);
    const overlapping = sorted.some((e, i) => i > 0 && e.sentAt < (sorted[i - 1] as WriteEvent).ackedAt);
    const done = sorted.filter((e) => e.ackedAt <= at);
    const last = done.at(-1) as WriteEvent;
    expected.set(id, inFlight || overlapping ? undefined : { status: last.status, start: last.start });
  }
  return { expected, later };
}
