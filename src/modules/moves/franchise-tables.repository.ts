import type { ShardLink } from './shard-links.js';

export interface FranchiseTable {
  readonly name: string;
  /** Column names in a fixed (alphabetical) order: checksums never depend on physical column order. */
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
}

export interface ForeignKey {
  readonly table: string;
  readonly columns: readonly string[];
  readonly references: string;
  readonly referencedColumns: readonly string[];
}

/** Tables that belong to the move machinery itself, never copied as franchise data. */
const NOT_FRANCHISE_DATA = new Set(['franchise_fence', 'move_markers']);

/**
 * Every table of the public schema with a franchise_id column, parents before
 * children (foreign keys), read from the shard itself so tables added by later
 * migrations move too.
 */
export async function franchiseTables(link: ShardLink): Promise<FranchiseTable[]> {
  const rows = await link.query<{ table_name: string; columns: string[]; pk: string[] }>(`
    SELECT c.relname AS table_name,
           array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attname) AS columns,
           array(SELECT a.attname::text FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n) ON true
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                 WHERE i.indrelid = c.oid AND i.indisprimary ORDER BY k.n) AS pk
    FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'franchise_id' AND NOT a.attisdropped)
    ORDER BY c.relname`);
  const tables = rows.filter((row) => !NOT_FRANCHISE_DATA.has(row.table_name)).map((row) => ({ name: row.table_name, columns: row.columns, primaryKey: row.pk }));
  const keys = await foreignKeys(link);
  return parentsFirst(tables, keys);
}

export async function foreignKeys(link: ShardLink): Promise<ForeignKey[]> {
  const rows = await link.query<{ child: string; parent: string; child_cols: string[]; parent_cols: string[] }>(`
    SELECT con.conrelid::regclass::text AS child, con.confrelid::regclass::text AS parent,
           array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS child_cols,
           array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) AS parent_cols
    FROM pg_constraint con
    WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
    ORDER BY 1, 2`);
  return rows.map((row) => ({ table: row.child, columns: row.child_cols, references: row.parent, referencedColumns: row.parent_cols }));
}

function parentsFirst(tables: FranchiseTable[], keys: readonly ForeignKey[]): FranchiseTable[] {
  const ordered: FranchiseTable[] = [];
  const placed = new Set<string>();
  const names = new Set(tables.map((t) => t.name));
  let remaining = [...tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((t) => keys.every((k) => k.table !== t.name || k.references === t.name || !names.has(k.references) || placed.has(k.references)));
    // A cycle (none today) would stall: place the rest as they are.
    const batch = ready.length > 0 ? ready : remaining;
    for (const table of batch) {
      ordered.push(table);
      placed.add(table.name);
    }
    remaining = remaining.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

/** Quotes an identifier read from the catalog (they are plain names, but never trust). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A uuid literal for DDL (publication row filters take no parameters); validated first. */
export function uuidLiteral(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new Error(`not a uuid: ${value}`);
  return `'${value.toLowerCase()}'::uuid`;
}

/** Rows of the franchise per table on one shard. */
export async function rowCounts(link: ShardLink, franchiseId: string, tables: readonly FranchiseTable[]): Promise<Map<string, number>> {
  const parts = tables.map((t) => `SELECT ${`'${t.name}'`} AS t, count(*)::bigint AS n FROM ${ident(t.name)} WHERE franchise_id = $1`);
  const rows = await link.query<{ t: string; n: string }>(parts.join(' UNION ALL '), [franchiseId]);
  return new Map(rows.map((row) => [row.t, Number(row.n)]));
}
