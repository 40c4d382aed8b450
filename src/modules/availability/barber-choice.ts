import type { BarberCalendar } from './slot-engine.js';
import type { ZoneClock } from '../../time/wall-clock.js';

/**
 * "Anyone": the order in which free barbers are tried for one start. Fewest
 * chair-holding bookings that local day first, so work spreads evenly; ties are
 * broken at random so nobody is always first. A preferred barber (the one a
 * rescheduled booking already has) goes first when free.
 */
export function rankBarbers(
  candidates: readonly string[],
  bookingsThatDay: ReadonlyMap<string, number>,
  options: { readonly preferred?: string; readonly random?: () => number } = {},
): string[] {
  const random = options.random ?? Math.random;
  const keyed = candidates.map((id) => ({
    id,
    preferred: id === options.preferred ? 0 : 1,
    count: bookingsThatDay.get(id) ?? 0,
    tie: random(),
  }));
  keyed.sort((a, b) => a.preferred - b.preferred || a.count - b.count || a.tie - b.tie);
  return keyed.map((entry) => entry.id);
}

/** Chair-holding appointments per barber that start inside [dayStart, dayEnd). */
export function bookingsPerBarber(barbers: readonly BarberCalendar[], dayStart: number, dayEnd: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const barber of barbers) {
    let count = 0;
    for (const appointment of barber.busy) if (appointment.start >= dayStart && appointment.start < dayEnd) count++;
    counts.set(barber.id, count);
  }
  return counts;
}

/** The order to try the barbers free at one start: fewest bookings on the start's local day first. */
export function rankForStart(
  window: { readonly clock: ZoneClock; readonly barbers: readonly BarberCalendar[] },
  startMs: number,
  free: readonly string[],
  options: { readonly preferred?: string; readonly random?: () => number } = {},
): string[] {
  const day = window.clock.localDate(startMs);
  const counts = bookingsPerBarber(window.barbers, window.clock.toInstant(day, 0), window.clock.toInstant(day, 86_400));
  return rankBarbers(free, counts, options);
}
