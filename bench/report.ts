// What every benchmark returns, and the table run.ts prints. A figure is one number with its unit;
// a ratio compares two numbers measured in the same run, which is what the benchmarks are for
// (absolute numbers on a 2-core machine are noisy).

export interface Figure {
  /** Short label, e.g. "run node" or "logins". */
  label: string;
  value: number;
  /** Unit as printed, e.g. "msg/s", "requests", "KiB/1000 msgs", "x". */
  unit: string;
  /** Optional explanation printed beside the figure. */
  note?: string;
}

export interface BenchResult {
  /** The module's name, as given to `npm run bench -- <name>`. */
  name: string;
  title: string;
  figures: Figure[];
  /** Sizes the run used, printed so a reader can reproduce it. */
  sizes: Record<string, number>;
}

export interface BenchOptions {
  /** Scales every size down (0 < scale <= 1); the smoke test uses a tiny value. */
  scale: number;
}

export interface Benchmark {
  name: string;
  title: string;
  run(opts: BenchOptions): Promise<BenchResult>;
}

/** Scales a full-size count, never below `min`. */
export function scaled(full: number, opts: BenchOptions, min = 1): number {
  return Math.max(min, Math.round(full * opts.scale));
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Rows "benchmark | figure | value unit | note" as a Markdown table (also readable in a terminal). */
export function formatTable(results: BenchResult[]): string {
  const rows: string[][] = [['benchmark', 'figure', 'value', 'note']];
  for (const result of results) {
    result.figures.forEach((figure, index) => {
      const value = Number.isNaN(figure.value) ? 'n/a' : `${formatValue(figure.value)} ${figure.unit}`.trim();
      rows.push([index === 0 ? result.name : '', figure.label, value, figure.note ?? '']);
    });
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]): string => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

export function formatSizes(results: BenchResult[]): string {
  return results
    .map((result) => `- ${result.name}: ${Object.entries(result.sizes).map(([key, value]) => `${key} ${value}`).join(', ')}`)
    .join('\n');
}
