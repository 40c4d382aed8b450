import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import { PG, pgCode } from '../../db/db-errors.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import type { WindowRequest } from '../availability/availability-window.js';

/**
 * Tries to take the chair of each candidate barber in turn. The exclusion
 * constraint decides races: a write that loses (23P01) is rolled back to a
 * savepoint, keeping the transaction usable, and the next barber is tried.
 * Returns the barber that fitted, or undefined when every one was taken.
 */
export async function firstBarberThatFits(
  trx: Transaction<ShardDatabase>,
  barberIds: readonly string[],
  write: (barberId: string) => Promise<unknown>,
): Promise<string | undefined> {
  // One candidate needs no savepoint: losing the race aborts the transaction, which the caller rolls back anyway.
  if (barberIds.length === 1) {
    const [only] = barberIds as [string];
    try {
      await write(only);
      return only;
    } catch (error) {
      if (pgCode(error) !== PG.exclusionViolation) throw error;
      return undefined;
    }
  }
  for (const barberId of barberIds) {
    await sql`SAVEPOINT take_chair`.execute(trx);
    try {
      await write(barberId);
      await sql`RELEASE SAVEPOINT take_chair`.execute(trx);
      return barberId;
    } catch (error) {
      if (pgCode(error) !== PG.exclusionViolation) throw error;
      await sql`ROLLBACK TO SAVEPOINT take_chair`.execute(trx);
    }
  }
  return undefined;
}

/**
 * Every candidate lost its race. Thrown inside the transaction so it rolls back;
 * the caller then recomputes the window, so the alternatives it offers reflect
 * the booking that just won rather than the list seen before it.
 */
export class ChairTaken extends Error {
  constructor(readonly window: WindowRequest) {
    super('every candidate chair was taken');
  }
}
