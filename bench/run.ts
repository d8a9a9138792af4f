// `npm run bench [-- name ...] [--scale=0.1] [--write-docs]`: runs the benchmarks (all, or those
// named), prints one table, and with --write-docs puts it into docs/benchmarks.md.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { figuresSection, writeFigures } from './docs-file';
import { stopwatch } from './measure';
import { BENCHMARKS } from './registry';
import { formatSizes, formatTable, type BenchResult } from './report';

interface Args {
  names: string[];
  scale: number;
  writeDocs: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { names: [], scale: 1, writeDocs: false };
  for (const arg of argv) {
    if (arg === '--write-docs') args.writeDocs = true;
    else if (arg.startsWith('--scale=')) args.scale = Number(arg.slice('--scale='.length));
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else args.names.push(arg);
  }
  if (!(args.scale > 0 && args.scale <= 1)) throw new Error('--scale must be in (0, 1]');
  const known = new Set(BENCHMARKS.map((b) => b.name));
  const unknown = args.names.filter((name) => !known.has(name));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  if (args.writeDocs && (args.names.length || args.scale !== 1)) throw new Error('--write-docs needs a full run: every benchmark at scale 1');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selected = args.names.length ? BENCHMARKS.filter((b) => args.names.includes(b.name)) : BENCHMARKS;
  const total = stopwatch();
  const loadAtStart = loadavg()[0];
  const results: BenchResult[] = [];
  for (const benchmark of selected) {
    const took = stopwatch();
    process.stdout.write(`${benchmark.name}: ${benchmark.title} ... `);
    results.push(await benchmark.run({ scale: args.scale }));
    process.stdout.write(`${(took() / 1000).toFixed(1)} s\n`);
  }
  console.log(`\n${formatTable(results)}\n\nSizes:\n${formatSizes(results)}`);
  if (args.writeDocs) {
    writeFigures(join(__dirname, '..', '..', 'docs', 'benchmarks.md'), figuresSection(results, new Date(), total(), loadAtStart));
    console.log('\nwrote docs/benchmarks.md');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
