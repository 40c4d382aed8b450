import { PostgresAdapter, PostgresDialect, sql } from 'kysely';
import type { DialectAdapter, Kysely, MigrationLockOptions } from 'kysely';

// Kysely's own migration lock id, so a migrator of either kind waits for the other.
const LOCK_ID = BigInt('3853314791062309107');

/**
 * Kysely's Postgres adapter takes the migration lock with pg_advisory_lock on its own
 * statement, outside the migration's transaction. Behind PgBouncer in transaction
 * pooling mode that statement's server connection goes back to the pool holding the
 * lock, and the unlock lands on another one: the lock leaks onto a connection that
 * serves bookings, and the next migrator waits forever. Here the lock opens a
 * transaction and takes a transaction-level lock in it; Kysely's own BEGIN then only
 * warns ("already a transaction in progress"), and its COMMIT or ROLLBACK ends both,
 * releasing the lock. From BEGIN to COMMIT PgBouncer keeps the one server connection.
 */
export class TransactionLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>, _options: MigrationLockOptions): Promise<void> {
    await sql`BEGIN`.execute(db);
    try {
      await sql`SELECT pg_advisory_xact_lock(${sql.lit(LOCK_ID)})`.execute(db);
    } catch (error) {
      await sql`ROLLBACK`.execute(db).catch(() => undefined);
      throw error;
    }
  }

  override async releaseMigrationLock(): Promise<void> {
    // Released by the migration transaction's COMMIT or ROLLBACK.
  }
}

/** A Postgres dialect whose migrations lock as above: what shard migrations use, since a shard may sit behind PgBouncer. */
export class MigrationDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionLockAdapter();
  }
}
