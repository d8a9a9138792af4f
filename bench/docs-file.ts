// Puts the latest figures into docs/benchmarks.md between two markers, leaving the rest of the page
// (how to rerun, what each benchmark means) as written.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { formatSizes, formatTable, type BenchResult } from './report';

export const BEGIN = '<!-- figures:begin (written by `npm run bench -- --write-docs`) -->';
export const END = '<!-- figures:end -->';

/** `loadAtStart`: the 1-minute load average when the run began (other work on the machine skews figures). */
export function figuresSection(results: BenchResult[], when: Date, totalMs: number, loadAtStart: number): string {
  const machine = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`;
  return [
    BEGIN,
    `Run on ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}, ${Math.round(totalMs / 1000)} s in all; ` +
      `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.`,
    '',
    formatTable(results),
    '',
    'Sizes:',
    formatSizes(results),
    END,
  ].join('\n');
}

/** Replaces the section between the markers, or appends it when the page has none. */
export function writeFigures(path: string, section: string): void {
  const page = readFileSync(path, 'utf8');
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  const next = start >= 0 && end > start ? page.slice(0, start) + section + page.slice(end + END.length) : `${page.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
