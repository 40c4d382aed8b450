import type { FranchiseTable } from './franchise-tables.repository.js';
import type { TableDigest } from './franchise-digest.repository.js';

export interface DigestDifference {
  readonly table: string;
  readonly source: TableDigest | undefined;
  readonly target: TableDigest | undefined;
}

export function compareDigests(source: readonly TableDigest[], target: readonly TableDigest[]): DigestDifference[] {
  const tables = new Set([...source.map((d) => d.table), ...target.map((d) => d.table)]);
  const differences: DigestDifference[] = [];
  for (const table of tables) {
    const s = source.find((d) => d.table === table);
    const t = target.find((d) => d.table === table);
    if (!s || !t || s.rows !== t.rows || s.checksum !== t.checksum) differences.push({ table, source: s, target: t });
  }
  return differences;
}

/** Both shards must have the same columns for the franchise tables (the same migrations). */
export function schemaDifferences(source: readonly FranchiseTable[], target: readonly FranchiseTable[]): string[] {
  const problems: string[] = [];
  for (const table of source) {
    const other = target.find((t) => t.name === table.name);
    if (!other) problems.push(`${table.name} is missing on the target`);
    else if (other.columns.join(',') !== table.columns.join(',')) problems.push(`${table.name} has different columns on the target`);
  }
  return problems;
}
