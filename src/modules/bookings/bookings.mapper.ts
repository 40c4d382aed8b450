import { zoneClock } from '../../time/zone-clocks.js';
import type { BookingView } from './bookings.schemas.js';
import type { AppointmentRecord } from '../../shared/appointment-records.repository.js';

const HOUR = 3_600_000;

/** A booking as the client sees it, times in the location zone. */
export function toBookingView(record: AppointmentRecord, manageToken: string): BookingView {
  const clock = zoneClock(record.timezone);
  return {
    id: record.id,
    status: record.status,
    start: clock.format(record.startsAt.getTime()),
    end: clock.format(record.endsAt.getTime()),
    barberId: record.barberId,
    serviceId: record.serviceId,
    priceCents: record.priceCents,
    currency: record.currency,
    manageToken,
    locationId: record.locationId,
    depositCents: record.depositCents,
    timezone: record.timezone,
    locationSlug: record.locationSlug,
    locationName: record.locationName,
    barberName: record.barberName,
    serviceName: record.serviceName,
    cancellableUntil: clock.format(cancellableUntil(record)),
  };
}

/** The last instant at which the manage link may still cancel or move the booking. */
export function cancellableUntil(record: Pick<AppointmentRecord, 'startsAt' | 'cancellationWindowHours'>): number {
  return record.startsAt.getTime() - record.cancellationWindowHours * HOUR;
}
