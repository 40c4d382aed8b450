import type { Kysely, Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { findStoredSettings } from './message-settings.repository.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

/** What a location decides about its messages. Locations may set their own (issue 16, settings API). */
export interface MessageSettings {
  readonly timezone: string;
  /** Reminders this many minutes before the start, e.g. [1440, 120]. */
  readonly reminderOffsetsMinutes: readonly number[];
  readonly smsEnabled: boolean;
  /** No texts from quietStart to quietEnd (wall clock in the shop's zone); a text due then waits for the end. */
  readonly quietStart: string;
  readonly quietEnd: string;
}

export const DEFAULT_MESSAGE_SETTINGS = {
  reminderOffsetsMinutes: [1440, 120],
  smsEnabled: true,
  quietStart: '21:00',
  quietEnd: '08:00',
} as const;

/** A location's message settings; the defaults until the location has its own. */
export async function readMessageSettings(db: Db, franchiseId: string, locationId: string): Promise<MessageSettings | undefined> {
  const row = await db.selectFrom('locations').select(['timezone']).where('franchise_id', '=', franchiseId).where('id', '=', locationId).executeTakeFirst();
  if (!row) return undefined;
  const stored = await findStoredSettings(db, franchiseId, locationId);
  if (!stored) return { timezone: row.timezone, ...DEFAULT_MESSAGE_SETTINGS };
  return { timezone: row.timezone, reminderOffsetsMinutes: stored.reminderOffsetsMinutes, smsEnabled: stored.smsEnabled, quietStart: stored.quietStart, quietEnd: stored.quietEnd };
}
