import type { ForeignKey, FranchiseTable } from './franchise-tables.repository.js';
import { foreignKeys, ident } from './franchise-tables.repository.js';
import type { ShardLink } from './shard-links.js';

export interface TableDigest {
  readonly table: string;
  readonly rows: number;
  /** Order-independent: the sum of one 64-bit hash per row, over a fixed column list. */
  readonly checksum: string;
}

/**
 * Count and order-independent checksum of the franchise's rows, per table, on
 * one shard, in one snapshot. Columns are named explicitly in a fixed order and
 * each row is hashed from its values' binary form (hash_record_extended, no
 * text conversion: several times faster, and this runs inside the write pause),
 * so two servers of the same major version agree whatever their session
 * settings (text output would depend on them). Every column type needs an extended hash
 * function (all of ours have one; a json or point column would need a cast).
 */
export async function digestFranchise(link: ShardLink, franchiseId: string, tables: readonly FranchiseTable[]): Promise<TableDigest[]> {
  return link.transaction(async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const parts = tables.map(
      (t) =>
        `SELECT '${t.name}' AS t, count(*)::bigint AS n, coalesce(sum(hash_record_extended(ROW(${t.columns.map((c) => `x.${ident(c)}`).join(', ')}), 0)), 0)::text AS h
         FROM ${ident(t.name)} x WHERE x.franchise_id = $1`,
    );
    const { rows } = await client.query<{ t: string; n: string; h: string }>(parts.join(' UNION ALL '), [franchiseId]);
    return rows.map((row) => ({ table: row.t, rows: Number(row.n), checksum: row.h }));
  });
}

export interface IntegrityProblem {
  readonly table: string;
  readonly references: string;
  readonly orphans: number;
}

/**
 * References logical replication does not enforce (apply skips foreign-key
 * triggers): rows of the franchise whose parent row is missing on this shard.
 */
export async function integrityProblems(link: ShardLink, franchiseId: string, keys?: readonly ForeignKey[]): Promise<IntegrityProblem[]> {
  const all = keys ?? (await foreignKeys(link));
  const problems: IntegrityProblem[] = [];
  for (const key of all.filter((k) => k.columns.includes('franchise_id'))) {
    const join = key.columns.map((c, i) => `p.${ident(key.referencedColumns[i] ?? c)} = c.${ident(c)}`).join(' AND ');
    const notNull = key.columns.map((c) => `c.${ident(c)} IS NOT NULL`).join(' AND ');
    const [row] = await link.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${ident(key.table)} c WHERE c.franchise_id = $1 AND ${notNull}
       AND NOT EXISTS (SELECT 1 FROM ${ident(key.references)} p WHERE ${join})`,
      [franchiseId],
    );
    const orphans = Number(row?.n ?? 0);
    if (orphans > 0) problems.push({ table: key.table, references: key.references, orphans });
  }
  return problems;
}

/** Bytes of the franchise's rows on a shard (as stored), for the copy figures. */
export async function franchiseBytes(link: ShardLink, franchiseId: string, tables: readonly FranchiseTable[]): Promise<number> {
  const parts = tables.map((t) => `SELECT coalesce(sum(pg_column_size(x.*)), 0)::bigint AS b FROM ${ident(t.name)} x WHERE x.franchise_id = $1`);
  const [row] = await link.query<{ b: string }>(`SELECT sum(b)::bigint AS b FROM (${parts.join(' UNION ALL ')}) s`, [franchiseId]);
  return Number(row?.b ?? 0);
}
