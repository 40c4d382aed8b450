import pg from 'pg';
import { MIGRATION_LOCK } from '../../db/migration-lock.js';

/**
 * Every lock the move machinery takes, in one place (docs/MOVES.md, catalog
 * migration 0002_moves.sql). All are session advisory locks on the catalog,
 * released by the server when the holding process dies.
 */
export const LOCKS = {
  /** (class, id) of the schema-migration lock (src/db/migration-lock.ts): `migrate` exclusive, every running move shared. */
  migration: MIGRATION_LOCK,
  /** Class of the per-move driver lock; the id is hashtext(move id). */
  moveDriverClass: 1112425807,
  /** Class of the per-franchise fence lock taken by the shard trigger (shard migration 0002). */
  fenceClass: 1112425805,
} as const;

export class MigrationInProgressError extends Error {
  constructor() {
    super('a schema migration is running (or waiting); the move did not start. Retry after "bookedbarber migrate" finishes.');
    this.name = 'MigrationInProgressError';
  }
}

/** A dedicated catalog connection that holds a move's locks for as long as the move runs. */
export class MoveSession {
  private constructor(private readonly client: pg.Client) {}

  /**
   * Takes the migration lock shared (waiting up to `waitMs` behind a running or
   * queued migration) and the move's driver lock. Throws MigrationInProgressError on timeout.
   */
  static async open(catalogUrl: string, moveId: string, waitMs = 10_000): Promise<MoveSession> {
    const client = new pg.Client({ connectionString: catalogUrl, application_name: 'bookedbarber:mover' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(`SET lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
      try {
        await client.query('SELECT pg_advisory_lock_shared($1, $2)', [...LOCKS.migration]);
      } catch (error) {
        if ((error as { code?: string }).code === '55P03') throw new MigrationInProgressError();
        throw error;
      }
      await client.query('SET lock_timeout = 0');
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCKS.moveDriverClass, moveId]);
      if (!rows[0]?.ok) throw new Error(`move ${moveId} is being driven by another process`);
      return new MoveSession(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** Ends the session: the server releases both locks. */
  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** True when some live process holds the move's driver lock. */
export async function isMoveDriven(catalogUrl: string, moveId: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: catalogUrl, application_name: 'bookedbarber:mover' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCKS.moveDriverClass, moveId]);
    return !rows[0]?.ok;
  } finally {
    await client.end().catch(() => undefined);
  }
}
