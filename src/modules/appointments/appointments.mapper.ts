import { zoneClock } from '../../time/zone-clocks.js';
import type { AppointmentView } from './appointments.schemas.js';
import type { AppointmentRecord } from '../../shared/appointment-records.repository.js';
import { allowedActions, nextActionAt, undoableUntil } from './status-transitions.js';

/** A calendar entry, times in the appointment's location zone; `now` decides what staff may do with it. */
export function toAppointmentView(record: AppointmentRecord, now: Date): AppointmentView {
  const clock = zoneClock(record.timezone);
  const undoUntil = undoableUntil(record, now);
  const nextAt = nextActionAt(record, now);
  return {
    id: record.id,
    status: record.status,
    start: clock.format(record.startsAt.getTime()),
    end: clock.format(record.endsAt.getTime()),
    locationId: record.locationId,
    timezone: record.timezone,
    barberId: record.barberId,
    serviceId: record.serviceId,
    barber: { id: record.barberId, name: record.barberName },
    service: { id: record.serviceId, name: record.serviceName },
    client: { id: record.clientId, name: record.clientName, email: record.clientEmail, phone: record.clientPhone },
    bookedAs: record.givenName === null ? null : { name: record.givenName, phone: record.givenPhone },
    priceCents: record.priceCents,
    depositCents: record.depositCents,
    currency: record.currency,
    notes: record.notes,
    source: record.source,
    createdAt: clock.format(record.createdAt.getTime()),
    cancelledAt: record.cancelledAt ? clock.format(record.cancelledAt.getTime()) : null,
    cancellationReason: record.cancellationReason,
    allowedActions: allowedActions(record, now),
    undoableUntil: undoUntil ? clock.format(undoUntil.getTime()) : null,
    undoTo: undoUntil ? record.previousStatus : null,
    nextActionAt: nextAt ? clock.format(nextAt.getTime()) : null,
  };
}
