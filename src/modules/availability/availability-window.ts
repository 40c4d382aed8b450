import type { Kysely, Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import { loadWindow } from './availability.repository.js';
import type { WindowBarber, WindowLocation, WindowService } from './availability.repository.js';
import { computeSlots } from './slot-engine.js';
import type { BarberCalendar, Interval, Slot, SlotRules, WeeklyHours } from './slot-engine.js';
import { DAY_MS, MINUTE, addDays, secondOfDay } from '../../time/wall-clock.js';
import type { ZoneClock } from '../../time/wall-clock.js';
import { zoneClock } from '../../time/zone-clocks.js';

export interface WindowRequest {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly serviceId: string;
  readonly barberId: string | null;
  readonly firstDate: string;
  readonly days: number;
  /** Reschedule: the moved appointment does not block itself. */
  readonly excludeAppointmentId?: string | null;
  /** Reschedule keeps the length booked back then; listing and booking use the service's. */
  readonly length?: { readonly durationMs: number; readonly bufferMs: number };
  /** Reschedule may move a booking whose service was since withdrawn from the menu. */
  readonly allowInactiveService?: boolean;
}

export interface AvailabilityWindow {
  readonly location: WindowLocation;
  readonly service: WindowService;
  readonly clock: ZoneClock;
  readonly rules: SlotRules;
  readonly barbers: readonly BarberCalendar[];
  readonly barberNames: ReadonlyMap<string, string>;
  readonly slots: readonly Slot[];
}

// Nothing can be booked further out than the largest horizon (730 days).
const MAX_AHEAD_MS = 732 * DAY_MS;

/**
 * Loads one window (one SQL round trip) and runs the slot engine on it. The
 * availability list and the booking check both come through here, so they
 * cannot disagree about what is free.
 */
export async function computeWindow(db: Kysely<ShardDatabase> | Transaction<ShardDatabase>, now: Date, request: WindowRequest): Promise<AvailabilityWindow> {
  const nowMs = now.getTime();
  const lastDate = addDays(request.firstDate, request.days - 1);
  // The zone is only known after the query, so load a day either side in UTC terms (offsets
  // span −12…+14 h, a slot with buffer at most 10 h). Nothing older than a day ago (all of today's
  // bookings still count for fairness) and nothing past any horizon is ever needed.
  const clamp = (ms: number, min: number): number => Math.min(Math.max(ms, min), nowMs + MAX_AHEAD_MS);
  const fromMs = clamp(Date.parse(request.firstDate) - DAY_MS, nowMs - DAY_MS);
  const toMs = clamp(Date.parse(lastDate) + 2 * DAY_MS, fromMs);

  const data = await loadWindow(db, {
    franchiseId: request.franchiseId,
    locationId: request.locationId,
    serviceId: request.serviceId,
    barberId: request.barberId,
    fromMs,
    toMs,
    excludeAppointmentId: request.excludeAppointmentId ?? null,
  });
  if (!data) throw notFound('location');
  const { location, service } = data;
  if (!service || (!service.isActive && !request.allowInactiveService)) throw notFound('service');
  if (request.barberId !== null) {
    const barber = data.barbers[0];
    if (!barber) throw notFound('barber');
    if (!barber.performsService) throw new DomainError('NotFound', 'barber does not offer this service');
  }

  const clock = zoneClock(location.timezone);
  const dates = Array.from({ length: request.days }, (_, i) => addDays(request.firstDate, i));
  const rules: SlotRules = {
    clock,
    dates,
    durationMs: request.length?.durationMs ?? service.durationMinutes * MINUTE,
    bufferMs: request.length?.bufferMs ?? service.bufferMinutes * MINUTE,
    stepMs: location.slotStepMinutes * MINUTE,
    earliestStartMs: nowMs + location.minNoticeMinutes * MINUTE,
    lastBookableDate: addDays(clock.localDate(nowMs), location.horizonDays),
  };
  const barbers = data.barbers.map(toCalendar);
  return {
    location,
    service,
    clock,
    rules,
    barbers,
    barberNames: new Map(data.barbers.map((b) => [b.id, b.name])),
    slots: computeSlots(rules, barbers),
  };
}

function toCalendar(barber: WindowBarber): BarberCalendar {
  const weekly: WeeklyHours[] = barber.weekly.map(([weekday, start, end]) => ({ weekday, startSecond: secondOfDay(start), endSecond: secondOfDay(end) }));
  const interval = ([start, end]: readonly [number, number]): Interval => ({ start: Number(start), end: Number(end) });
  return { id: barber.id, weekly, timeOff: barber.timeOff.map(interval), busy: barber.busy.map(interval) };
}
