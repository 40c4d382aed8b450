/** A plain aligned text table for operator commands (the same data goes out as JSON with --json). */
export function printTable(out: (line: string) => void, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  out(line(headers));
  out(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) out(line(row));
}
