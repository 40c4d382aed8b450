import type { Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { invalid, notFound } from '../../errors/domain-error.js';
import { findOrCreateClient } from './bookings.repository.js';
import { findClient } from './staff-bookings.repository.js';
import { findLocation } from '../../shared/location-rows.repository.js';
import { phoneCountryOf, toE164 } from '../../shared/contact/phone-number.js';

export interface ClientChoiceInput {
  readonly clientId?: string | undefined;
  readonly client?: { readonly name: string; readonly email: string; readonly phone?: string | null | undefined } | undefined;
}

const PHONE_DIGITS = 5;

/** Checked before any SQL: exactly one of clientId and client, with a real name and phone. */
export function requireClientChoice(input: ClientChoiceInput): void {
  if ((input.clientId === undefined) === (input.client === undefined)) throw invalid('clientId', 'give either clientId (a client found by search) or client (a new one)');
  if (input.client) {
    if (input.client.name.trim().length === 0) throw invalid('client.name', 'must not be blank');
    const phone = input.client.phone?.trim();
    if (phone && (phone.match(/\d/g)?.length ?? 0) < PHONE_DIGITS) throw invalid('client.phone', `must have at least ${PHONE_DIGITS} digits`);
  }
}

/**
 * The client's id inside the booking's transaction. A new client whose email is
 * already on file is that client, unchanged: staff see the match in the search
 * first, and a typo must not rename someone else.
 */
export async function resolveClient(trx: Transaction<ShardDatabase>, franchiseId: string, locationId: string, input: ClientChoiceInput, now: Date): Promise<string> {
  if (input.clientId !== undefined) {
    const found = await findClient(trx, franchiseId, input.clientId);
    if (!found) throw notFound('client');
    return found.id;
  }
  const client = input.client as NonNullable<ClientChoiceInput['client']>;
  const phone = await e164Phone(trx, franchiseId, locationId, client.phone?.trim() || null);
  return findOrCreateClient(trx, { franchiseId, email: client.email.trim().toLowerCase(), name: client.name.trim(), phone }, now);
}

/** As a client's own booking stores it: E.164, a number typed without + read in the shop's country; a 400 naming the field otherwise. */
async function e164Phone(trx: Transaction<ShardDatabase>, franchiseId: string, locationId: string, phone: string | null): Promise<string | null> {
  if (phone === null) return null;
  const location = await findLocation(trx, franchiseId, locationId);
  if (!location) throw notFound('location');
  const result = toE164(phone, phoneCountryOf(location));
  if (!result.ok) throw invalid('client.phone', result.message);
  return result.e164;
}
