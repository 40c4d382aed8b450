import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../db/ids.js';
import type { OutboxChannel, OutboxKind, ShardDatabase } from '../../db/shard-schema.js';
import { readMessageSettings } from './message-settings.js';
import type { MessageSettings } from './message-settings.js';
import { findBarberEmail } from './message-facts.repository.js';
import { enqueueMessages, retirePendingReminders } from './outbox.repository.js';
import type { NewOutboxMessage } from './outbox.repository.js';
import { outsideQuietHours } from './quiet-hours.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

export type BookingChange = 'created' | 'rescheduled' | 'cancelled';

/** The booking as it is after the change, with who should hear of it. */
export interface BookingFacts {
  readonly franchiseId: string;
  readonly appointmentId: string;
  readonly locationId: string;
  readonly barberId: string;
  readonly startsAt: Date;
  readonly clientEmail: string;
  /** The phone given with the booking, else the client record's; null: no texts. */
  readonly clientPhone: string | null;
}

const KIND_OF_CHANGE: Readonly<Record<BookingChange, OutboxKind>> = { created: 'confirmation', rescheduled: 'reschedule', cancelled: 'cancellation' };

/**
 * Queues what a booking change should tell the client and the barber, in the
 * caller's transaction, so the change and its messages commit together. Dedupe
 * keys name (booking, kind, start, channel): a retried request queues nothing new.
 * Content is rendered later, at send time, from the booking as it is then.
 */
export async function queueBookingMessages(db: Db, change: BookingChange, booking: BookingFacts, now: Date): Promise<void> {
  const settings = await readMessageSettings(db, booking.franchiseId, booking.locationId);
  if (!settings) return;
  if (change !== 'created') await retirePendingReminders(db, booking.franchiseId, booking.appointmentId, `booking ${change}`, now);
  const kind = KIND_OF_CHANGE[change];
  const start = booking.startsAt.toISOString();
  const messages: NewOutboxMessage[] = [];
  const add = (k: OutboxKind, channel: OutboxChannel, recipient: string, key: string, sendAfter: Date): void => {
    messages.push({
      franchiseId: booking.franchiseId,
      id: newId(),
      locationId: booking.locationId,
      appointmentId: booking.appointmentId,
      appointmentStartsAt: booking.startsAt,
      kind: k,
      channel,
      recipient,
      dedupeKey: `${booking.appointmentId}:${key}:${start}:${channel}`,
      sendAfter,
    });
  };
  const phone = settings.smsEnabled ? booking.clientPhone : null;
  add(kind, 'email', booking.clientEmail, kind, now);
  if (phone) add(kind, 'sms', phone, kind, now);
  const barberEmail = await findBarberEmail(db, booking.franchiseId, booking.barberId);
  if (barberEmail) add('barber_notice', 'email', barberEmail, `barber_notice:${change}:${booking.barberId}`, now);
  if (change !== 'cancelled') addReminders(add, booking, phone, settings, now);
  await enqueueMessages(db, messages, now);
}

type Add = (kind: OutboxKind, channel: OutboxChannel, recipient: string, key: string, sendAfter: Date) => void;

function addReminders(add: Add, booking: BookingFacts, phone: string | null, settings: MessageSettings, now: Date): void {
  for (const minutes of settings.reminderOffsetsMinutes) {
    const due = new Date(booking.startsAt.getTime() - minutes * 60_000);
    // A reminder whose time has already passed when the booking is made would only repeat the confirmation.
    if (due.getTime() <= now.getTime()) continue;
    add('reminder', 'email', booking.clientEmail, `reminder:${minutes}`, due);
    if (phone) {
      const textAt = outsideQuietHours(due, booking.startsAt, settings.timezone, settings.quietStart, settings.quietEnd);
      add('reminder', 'sms', phone, `reminder:${minutes}`, textAt.getTime() > now.getTime() ? textAt : now);
    }
  }
}

/** The facts of a booking as the shared appointment record holds them. */
export function bookingFacts(record: {
  readonly franchiseId: string;
  readonly id: string;
  readonly locationId: string;
  readonly barberId: string;
  readonly startsAt: Date;
  readonly clientEmail: string;
  readonly clientPhone: string | null;
  readonly givenPhone: string | null;
}): BookingFacts {
  return {
    franchiseId: record.franchiseId,
    appointmentId: record.id,
    locationId: record.locationId,
    barberId: record.barberId,
    startsAt: record.startsAt,
    clientEmail: record.clientEmail,
    clientPhone: record.givenPhone ?? record.clientPhone,
  };
}

/** Retires a booking's pending reminders (a visit completed or missed). */
export async function retireReminders(db: Db, franchiseId: string, appointmentId: string, reason: string, now: Date): Promise<void> {
  await retirePendingReminders(db, franchiseId, appointmentId, reason, now);
}
