import type { Kysely, Transaction } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

/** A location's own message settings as stored; undefined: it uses the defaults. */
export interface StoredMessageSettings {
  readonly reminderOffsetsMinutes: readonly number[];
  readonly smsEnabled: boolean;
  /** "HH:MM" wall clock in the shop's zone. */
  readonly quietStart: string;
  readonly quietEnd: string;
  readonly updatedAt: Date;
}

const hhmm = (time: string): string => time.slice(0, 5);

export async function findStoredSettings(db: Db, franchiseId: string, locationId: string): Promise<StoredMessageSettings | undefined> {
  const row = await db
    .selectFrom('location_message_settings')
    .selectAll()
    .where('franchise_id', '=', franchiseId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { reminderOffsetsMinutes: row.reminder_offsets_minutes, smsEnabled: row.sms_enabled, quietStart: hhmm(row.quiet_start), quietEnd: hhmm(row.quiet_end), updatedAt: row.updated_at };
}

export async function saveSettings(
  db: Db,
  franchiseId: string,
  locationId: string,
  settings: Omit<StoredMessageSettings, 'updatedAt'>,
  now: Date,
): Promise<void> {
  const values = {
    reminder_offsets_minutes: [...settings.reminderOffsetsMinutes],
    sms_enabled: settings.smsEnabled,
    quiet_start: settings.quietStart,
    quiet_end: settings.quietEnd,
    updated_at: now,
  };
  await db
    .insertInto('location_message_settings')
    .values({ franchise_id: franchiseId, location_id: locationId, ...values, created_at: now })
    .onConflict((oc) => oc.columns(['franchise_id', 'location_id']).doUpdateSet(values))
    .execute();
}
