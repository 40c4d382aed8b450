import { DateTime } from 'luxon';
import type { AppointmentStatus } from '../../db/shard-schema.js';
import { newId } from '../../db/ids.js';
import { minutesOf } from '../barbers/schedule-rules.js';
import type { WeeklyInterval } from '../barbers/schedule-rules.js';
import { FIRST_NAMES, LAST_NAMES } from './demo-plan.js';
import type { Random } from './prng.js';
import type { AppointmentFields } from '../../shared/appointment-records.repository.js';
import { pick, seededRandom, weightedPicker } from './prng.js';

export interface VisitPlanInput {
  readonly locationId: string;
  readonly timezone: string;
  readonly currency: string;
  readonly now: Date;
  readonly pastDays: number;
  readonly futureDays: number;
  readonly seed: number;
  readonly clientCount: number;
  readonly phonePrefix: string;
  /** Makes client emails unique per location within the franchise. */
  readonly emailTag: string;
  readonly barbers: readonly { readonly id: string; readonly weekly: readonly WeeklyInterval[]; readonly serviceIds: readonly string[] }[];
  readonly services: readonly {
    readonly id: string;
    readonly durationMinutes: number;
    readonly bufferMinutes: number;
    readonly priceCents: number;
    readonly depositCents: number;
    readonly popularity: number;
  }[];
}

export interface PlannedClient {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly phone: string;
  createdAt: Date;
}

/** A visit to import: an appointment without the fields the import sets itself. */
export type PlannedAppointment = Omit<AppointmentFields, 'franchiseId' | 'notes' | 'source' | 'updatedAt'>;

const STEP_MINUTES = 15;
/** Busier at the end of the week, like a real shop. Index = ISO weekday. */
const DEMAND = [0, 0.8, 0.85, 0.9, 1, 1.1, 1.2, 1];
const PAST_FILL = 0.72;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Chair-by-chair history for one location: each barber's working intervals are
 * walked in 15-minute steps while the chair is free, and a step becomes an
 * appointment with a probability that gives about 68 % chair utilization in the
 * past (as analytics counts it) and a thinning book in the future. Appointments of one barber never overlap (buffer
 * included), so the database's exclusion constraint accepts them all.
 * Deterministic for a given seed and day.
 */
export function planVisits(input: VisitPlanInput): { clients: PlannedClient[]; appointments: PlannedAppointment[] } {
  const random = seededRandom(input.seed);
  const clients = makeClients(input, random);
  const chooseClient = clientChooser(clients.length, input.barbers.length, random);
  const appointments: PlannedAppointment[] = [];
  const today = DateTime.fromJSDate(input.now, { zone: input.timezone }).startOf('day');

  for (let offset = -input.pastDays; offset <= input.futureDays; offset++) {
    const day = today.plus({ days: offset });
    input.barbers.forEach((barber, barberIndex) => {
      const services = input.services.filter((service) => barber.serviceIds.includes(service.id));
      if (services.length === 0) return;
      const chooseService = weightedPicker(services.map((service) => service.popularity));
      const fill = fillProbability(offset, day.weekday, random);
      for (const interval of barber.weekly.filter((w) => w.weekday === day.weekday)) {
        // Wall-clock times set on the local day, never midnight + minutes: on a DST day those differ by an hour.
        const open = atWallClock(day, interval.start);
        const close = atWallClock(day, interval.end);
        let cursor = open;
        while (cursor < close) {
          const service = services[chooseService(random)];
          const end = service && cursor.plus({ minutes: service.durationMinutes });
          if (!service || !end || end > close || random() >= fill) {
            cursor = cursor.plus({ minutes: STEP_MINUTES });
            continue;
          }
          const blocked = end.plus({ minutes: service.bufferMinutes });
          const client = clients[chooseClient(barberIndex, random)];
          if (client) {
            appointments.push(makeAppointment(input, { barberId: barber.id, service, clientId: client.id, start: cursor.toJSDate(), end: end.toJSDate(), blocked: blocked.toJSDate() }, random));
          }
          // The next client can sit down as soon as the chair is free (on a 5-minute grid), as in a real shop.
          cursor = open.plus({ minutes: Math.ceil(blocked.diff(open, 'minutes').minutes / 5) * 5 });
        }
      }
    });
  }
  // A client exists from their first booking on; clients who never booked are left out.
  const byId = new Map(clients.map((client) => [client.id, client]));
  const booked = new Set<string>();
  for (const appointment of appointments) {
    booked.add(appointment.clientId);
    const client = byId.get(appointment.clientId);
    if (client && appointment.createdAt < client.createdAt) client.createdAt = appointment.createdAt;
  }
  return { clients: clients.filter((client) => booked.has(client.id)), appointments };
}

function atWallClock(day: DateTime, time: string): DateTime {
  const minutes = minutesOf(time) ?? 0;
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

function fillProbability(dayOffset: number, weekday: number, random: Random): number {
  const demand = (DEMAND[weekday] ?? 1) * (0.9 + random() * 0.2);
  if (dayOffset < 0) return Math.min(0.9, PAST_FILL * demand);
  // Next week is half full, two weeks out only the early planners have booked.
  return Math.max(0.08, 0.55 * demand * (1 - dayOffset / 16));
}

function makeClients(input: VisitPlanInput, random: Random): PlannedClient[] {
  return Array.from({ length: input.clientCount }, (_, index) => {
    const first = pick(FIRST_NAMES, random);
    const last = pick(LAST_NAMES, random);
    return {
      id: newId(),
      email: `${first}.${last}.${input.emailTag}${index}@example.com`.toLowerCase(),
      name: `${first} ${last}`,
      phone: `${input.phonePrefix}${String(1000 + index).slice(-4)}`,
      createdAt: input.now,
    };
  });
}

/**
 * Regulars come often and mostly to "their" barber: 20 % of clients weigh 6,
 * 35 % weigh 2, the rest come once or twice. 70 % of a barber's bookings go to
 * clients who prefer that barber, so retention and rebooking say something.
 */
function clientChooser(clientCount: number, barberCount: number, random: Random): (barberIndex: number, random: Random) => number {
  const weights = Array.from({ length: clientCount }, () => {
    const r = random();
    return r < 0.2 ? 6 : r < 0.55 ? 2 : 0.6;
  });
  const preferred = Array.from({ length: clientCount }, (_, index) => index % Math.max(1, barberCount));
  const anyone = weightedPicker(weights);
  const perBarber = Array.from({ length: barberCount }, (_, barber) => {
    const members = preferred.flatMap((p, index) => (p === barber ? [index] : []));
    const choose = weightedPicker(members.map((index) => weights[index] ?? 1));
    return (r: Random) => members[choose(r)] ?? 0;
  });
  return (barberIndex, r) => (r() < 0.7 ? (perBarber[barberIndex]?.(r) ?? anyone(r)) : anyone(r));
}

function makeAppointment(
  input: VisitPlanInput,
  visit: { barberId: string; service: VisitPlanInput['services'][number]; clientId: string; start: Date; end: Date; blocked: Date },
  random: Random,
): PlannedAppointment {
  const now = input.now.getTime();
  const leadMs = (1 + random() * 13) * DAY;
  const createdAt = new Date(Math.min(now, visit.start.getTime() - leadMs));
  let status: AppointmentStatus;
  const roll = random();
  if (visit.end.getTime() <= now) status = roll < 0.06 ? 'no_show' : roll < 0.14 ? 'cancelled' : 'completed';
  else if (visit.start.getTime() <= now) status = 'checked_in';
  else status = roll < 0.05 ? 'cancelled' : 'booked';
  const latest = Math.min(now, visit.start.getTime());
  const cancelledAt = status === 'cancelled' ? new Date(createdAt.getTime() + random() * Math.max(0, latest - createdAt.getTime())) : null;
  return {
    id: newId(),
    locationId: input.locationId,
    barberId: visit.barberId,
    serviceId: visit.service.id,
    clientId: visit.clientId,
    startsAt: visit.start,
    endsAt: visit.end,
    blockedUntil: visit.blocked,
    status,
    priceCents: visit.service.priceCents,
    depositCents: visit.service.depositCents,
    currency: input.currency,
    createdAt,
    cancelledAt,
  };
}
