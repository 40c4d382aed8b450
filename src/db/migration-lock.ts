import pg from 'pg';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from './catalog-schema.js';

/**
 * (class, id) of the catalog's schema-migration advisory lock: `migrate` holds
 * it exclusively, every running franchise move holds it shared, so a move never
 * sees its two shards at different schemas (docs/MOVES.md, "Schema migrations
 * and moves").
 */
export const MIGRATION_LOCK = [1112425806, 1] as const;

/**
 * Runs `work` (a schema migration) while holding the migration lock
 * exclusively on a connection of its own: it waits for running moves to
 * finish, and moves that start meanwhile wait for it. `onWait` is told once if
 * it has to wait.
 */
export async function withMigrationLock<T>(catalogUrl: string, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  const client = new pg.Client({ connectionString: catalogUrl, application_name: 'bookedbarber:migrate-lock' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...MIGRATION_LOCK]);
    if (!rows[0]?.ok) {
      onWait?.();
      await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    }
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The same exclusive lock on one connection of an existing Kysely pool (the
 * pool needs a second connection for the migration itself): what
 * `migrateAll` uses.
 */
export async function withMigrationLockOn<T>(catalog: Kysely<CatalogDatabase>, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  return catalog.connection().execute(async (connection) => {
    const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]}) AS ok`.execute(connection);
    if (!rows[0]?.ok) {
      onWait?.();
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`.execute(connection);
    }
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`.execute(connection);
    }
  });
}
