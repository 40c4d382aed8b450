import { DateTime } from 'luxon';
import { newId } from '../../db/ids.js';
import type { PlannedAppointment, PlannedClient } from './demo-visits.js';
import type { Random } from './prng.js';

/** A repeating appointment of the demo, as the import writes it (0008_appointment_series.sql). */
export interface PlannedSeries {
  readonly id: string;
  readonly locationId: string;
  readonly barberId: string;
  readonly serviceId: string;
  readonly clientId: string;
  readonly everyWeeks: number;
  readonly firstStart: Date;
  readonly occurrences: number;
}

const WALK_IN_SHARE = 0.1;
const SERIES_PER_LOCATION = 3;
const EVERY_WEEKS = 2;
const OCCURRENCES = 6;

/**
 * The front desk's part of the demo: some visits that already happened came in
 * off the street (walk-ins, booked the minute they started), and a few regulars
 * have a repeating appointment every two weeks that runs from last month into
 * the next. A repeat takes its chair: planned visits it would overlap are dropped.
 */
export function addFrontDeskVisits(
  visits: { readonly clients: readonly PlannedClient[]; readonly appointments: readonly PlannedAppointment[] },
  options: { readonly now: Date; readonly timezone: string; readonly futureDays: number },
  random: Random,
): { appointments: PlannedAppointment[]; series: PlannedSeries[]; walkIns: ReadonlySet<string> } {
  const now = options.now.getTime();
  let appointments = [...visits.appointments];
  const series: PlannedSeries[] = [];
  const lastDay = DateTime.fromJSDate(options.now, { zone: options.timezone }).plus({ days: options.futureDays }).endOf('day').toMillis();

  // Anchors: completed visits five to six weeks ago, of different clients.
  const anchors = appointments.filter((a) => a.status === 'completed' && now - a.startsAt.getTime() > 35 * 86_400_000 && now - a.startsAt.getTime() < 42 * 86_400_000);
  const seen = new Set<string>();
  for (const anchor of anchors) {
    if (series.length === SERIES_PER_LOCATION) break;
    if (seen.has(anchor.clientId)) continue;
    seen.add(anchor.clientId);
    const id = newId();
    const length = anchor.endsAt.getTime() - anchor.startsAt.getTime();
    const buffer = anchor.blockedUntil.getTime() - anchor.endsAt.getTime();
    const first = DateTime.fromJSDate(anchor.startsAt, { zone: options.timezone });
    const occurrences: PlannedAppointment[] = [];
    for (let i = 1; i < OCCURRENCES; i++) {
      const start = first.plus({ weeks: EVERY_WEEKS * i }).toMillis();
      if (start > lastDay) break;
      const isPast = start + length <= now;
      occurrences.push({
        ...anchor,
        id: newId(),
        startsAt: new Date(start),
        endsAt: new Date(start + length),
        blockedUntil: new Date(start + length + buffer),
        status: isPast ? 'completed' : start <= now ? 'checked_in' : 'booked',
        cancelledAt: null,
        seriesId: id,
      });
    }
    // The repeat holds its chair: whatever the random plan put there gives way.
    appointments = appointments.filter(
      (a) => a.id === anchor.id || !occurrences.some((o) => o.barberId === a.barberId && a.startsAt < o.blockedUntil && o.startsAt < a.blockedUntil),
    );
    appointments = appointments.map((a) => (a.id === anchor.id ? { ...a, seriesId: id } : a));
    appointments.push(...occurrences);
    series.push({ id, locationId: anchor.locationId, barberId: anchor.barberId, serviceId: anchor.serviceId, clientId: anchor.clientId, everyWeeks: EVERY_WEEKS, firstStart: anchor.startsAt, occurrences: occurrences.length + 1 });
  }

  // Walk-ins: visits that have started, not part of a repeat; booked the minute they began.
  const walkIns = new Set<string>();
  appointments = appointments.map((a) => {
    if (a.seriesId || a.startsAt.getTime() > now || random() >= WALK_IN_SHARE) return a;
    walkIns.add(a.id);
    return { ...a, createdAt: a.startsAt, cancelledAt: null, status: a.status === 'cancelled' ? 'completed' : a.status };
  });
  return { appointments, series, walkIns };
}
