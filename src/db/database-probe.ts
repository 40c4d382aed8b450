import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/** One round trip: the database answers queries now. */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
