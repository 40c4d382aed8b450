import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { FranchiseTable } from '../src/modules/moves/franchise-tables.repository.js';
import { ident, uuidLiteral } from '../src/modules/moves/franchise-tables.repository.js';

export interface CopyReference {
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
}

/**
 * The reference for a move's initial copy: the same rows sent with a plain
 * binary COPY … TO STDOUT on the source piped into COPY … FROM STDIN on the
 * target, table after table, into scratch tables of the same shape (indexes
 * and constraints included, foreign keys not, as replication's apply skips
 * them). Only `franchiseIds` rows, when given. The scratch schema is dropped.
 */
export async function measureCopy(sourceUrl: string, targetUrl: string, tables: readonly FranchiseTable[], franchiseIds?: readonly string[]): Promise<CopyReference> {
  const source = new pg.Client({ connectionString: sourceUrl });
  const target = new pg.Client({ connectionString: targetUrl });
  await source.connect();
  await target.connect();
  try {
    await target.query('DROP SCHEMA IF EXISTS copy_reference CASCADE; CREATE SCHEMA copy_reference');
    for (const t of tables) await target.query(`CREATE TABLE copy_reference.${ident(t.name)} (LIKE public.${ident(t.name)} INCLUDING ALL)`);
    const filter = franchiseIds ? `WHERE franchise_id IN (${franchiseIds.map(uuidLiteral).join(', ')})` : '';
    const started = performance.now();
    let rows = 0;
    for (const t of tables) {
      const columns = t.columns.map(ident).join(', ');
      const out = source.query(copyTo(`COPY (SELECT ${columns} FROM public.${ident(t.name)} ${filter}) TO STDOUT (FORMAT binary)`));
      const into = target.query(copyFrom(`COPY copy_reference.${ident(t.name)} (${columns}) FROM STDIN (FORMAT binary)`));
      await pipeline(out, into);
      rows += into.rowCount;
    }
    const ms = performance.now() - started;
    return { rows, ms, rowsPerSecond: rows / Math.max(ms / 1000, 0.001) };
  } finally {
    await target.query('DROP SCHEMA IF EXISTS copy_reference CASCADE').catch(() => undefined);
    await source.end();
    await target.end();
  }
}
