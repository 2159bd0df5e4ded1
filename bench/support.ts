// Small helpers for benchmarks: percentiles and printing a table.
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const cell = (value: string | number | undefined) => (typeof value === 'number' ? value.toFixed(value < 10 ? 3 : 1) : (value ?? ''));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(cell(row[column])).length)));
  const line = (values: string[]) => `| ${values.map((value, index) => value.padEnd(widths[index]!)).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((column) => String(cell(row[column])))));
}
